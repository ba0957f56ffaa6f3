import logging

import uvicorn
from fastapi import FastAPI
from pydantic_settings import BaseSettings

logger = logging.getLogger(__name__)
api = FastAPI(debug=False, docs_url=None, redoc_url=None, openapi_url=None)


class Settings(BaseSettings):
    debug: bool = False
    debug_log_requests: bool = True


def main(settings):
    logger.debug("starting")
    settings.debug = True
    uvicorn.run(api, host="127.0.0.1", port=8000, log_level="debug")
    render_template("page.html", debug=True)


def render_template(name, debug):
    return name
