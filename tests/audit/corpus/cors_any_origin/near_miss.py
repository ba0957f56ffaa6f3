from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

api = FastAPI()
api.add_middleware(
    CORSMiddleware,
    allow_origins=["https://app.ebbot.test"],
    allow_methods=["*"],
    allow_headers=["*"],
    allow_origin_regex=r"https://.*\.ebbot\.test",
)
