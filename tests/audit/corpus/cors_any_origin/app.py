from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.middleware import Middleware

api = FastAPI()
api.add_middleware(
    CORSMiddleware,
    allow_origins=["https://app.ebbot.test", "*"],  # expect: SCF204
    allow_credentials=True,
)
middleware = [Middleware(CORSMiddleware, allow_origins="*")]  # expect: SCF204
api.add_middleware(CORSMiddleware, allow_origin_regex=".*")  # expect: SCF204
