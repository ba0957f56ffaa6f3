import os

import uvicorn
from fastapi import FastAPI
from pydantic_settings import BaseSettings
from starlette.applications import Starlette

api = FastAPI(title="Integration", debug=True)  # expect: SCF203
admin = Starlette(debug=True)  # expect: SCF203
api.debug = True  # expect: SCF203


class Settings(BaseSettings):
    debug: bool = True  # expect: SCF203


VERBOSE = os.environ.get("DEBUG", "1")  # expect: SCF203


def main():
    uvicorn.run(api, host="127.0.0.1", port=8000, debug=True)  # expect: SCF203
