import httpx
from fastapi import HTTPException
from integrations_sdk.component import FieldInfo, FunctionEnv, workflow_action
from pydantic import BaseModel


class TokenResult(BaseModel):
    token: str


def project_fields(env: FunctionEnv):
    api_key = env.secrets["api_key"]
    return {"project": FieldInfo(label="Project", options=[(api_key, "Default")])}  # expect: SCF104


@workflow_action(description="Debug helper", result={}, secrets=["api_key"])
def get_connection_debug(env: FunctionEnv):
    return {"secrets": env.secrets}  # expect: SCF104


@workflow_action(description="Exchange a token", result=TokenResult, secrets=["api_key"])
def exchange_token(env: FunctionEnv):
    token = env.secrets.get("api_key").strip()
    return TokenResult(token=token)  # expect: SCF104


@workflow_action(description="List projects", result={}, secrets=["api_key"], info=project_fields)
def list_projects(env: FunctionEnv):
    key = env.secrets["api_key"]
    response = httpx.get("https://api.upstream.test/p", headers={"X-Api-Key": key}, timeout=10)
    if response.status_code == 401:
        raise HTTPException(status_code=502, detail=f"upstream rejected key {key}")  # expect: SCF104
    return {"count": len(response.json())}


@workflow_action(
    description="Pick a board",
    result={},
    secrets=["api_key"],
    info=lambda env: {"board": FieldInfo(label=env.secrets["api_key"])},  # expect: SCF104
)
def pick_board(board: str, env: FunctionEnv):
    return {"board": board}
