"""One pushed command read and vetted before it is judged: a command that does not validate,
claims an impossible time, or is not this token's to write, is `rejected` on its own, with the
reason, so it never blocks the commands behind it in the desk's queue."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from referral_desk.domain.bounds import explain
from referral_desk.server.tokens import Workstation
from referral_desk.sync.protocol import ID_PATTERN, MutationResult, PushedCommand, PushRequest

# A desk may push what it did offline weeks ago, or send again after a restore what it made in the
# last 30 days (sync.client.RESEND_WITHIN), but not what it claims to have done years ago or in
# the future: such times would forge the audit log's order.
MAX_AGE = timedelta(days=45)
MAX_AHEAD = timedelta(minutes=10)
# What a read-only (supervisor) token may write: the record of its own reveals and exports.
SUPERVISOR_ACTIONS = frozenset({"reveal_id_number", "export_report", "export_slip", "copy_patient_phone", "sign_in"})


def read_pushed(item: dict[str, Any], number: int) -> PushedCommand | MutationResult:
    """The command, or its rejection; a 422 when it has no usable mutation id to answer for."""
    try:
        return PushedCommand.model_validate(item)
    except ValidationError as exc:
        mutation_id = item.get("mutation_id")
        if not (isinstance(mutation_id, str) and 0 < len(mutation_id) <= 64 and re.match(ID_PATTERN, mutation_id)):
            raise RequestValidationError([{"loc": ("commands", number, "mutation_id"),
                                           "msg": "缺少有效的 mutation_id / "
                                                  "a valid mutation_id is required"}]) from None
        return MutationResult(mutation_id=mutation_id, status="rejected",
                              message="命令内容无效，服务器未保存 / invalid command: "
                                      + "；".join(explain(err) for err in exc.errors()[:5]))


def refuse_pushed(pushed: PushedCommand, ws: Workstation, received: datetime) -> str | None:
    """Why the server will not take this command from this token at this time, or None."""
    if pushed.at > received + MAX_AHEAD:
        return f"命令时间 {pushed.at.isoformat()} 晚于服务器时间，请校正工作站时钟 / time is in the future"
    if pushed.at < received - MAX_AGE:
        return (f"命令时间 {pushed.at.isoformat()} 早于服务器时间 {MAX_AGE.days} 天以上，未保存 / "
                "time is too far in the past")
    if ws.role == "supervisor":
        command = pushed.command
        if command.name != "log_audit_event" or command.action not in SUPERVISOR_ACTIONS:
            return "督导令牌只读：只能记录查看与导出 / a supervisor token records only its reveals and exports"
    return None


class ErrorBody(BaseModel):
    detail: str
    problems: list[str] = []


class DivergedBody(BaseModel):
    detail: str
    code: str
    server_id: str
    restore_epoch: str = ""


AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "令牌无效、已吊销或已过期 / unknown, revoked or expired token"},
    429: {"model": ErrorBody, "description": "该地址无效令牌过多，稍后再试 / too many bad tokens from this address"},
    503: {"model": ErrorBody, "description": "数据库暂时不可用 / the database is unavailable; try again"},
}
PUSH_RESPONSES: dict[int | str, dict[str, Any]] = {
    **AUTH_RESPONSES,
    400: {"model": ErrorBody, "description": "Content-Length 无效 / invalid Content-Length"},
    409: {"model": ErrorBody, "description": "结构版本不符 / the desk's schema is not the server's"},
    413: {"model": ErrorBody, "description": "请求超过 4 MiB / body over the limit"},
    422: {"model": ErrorBody, "description": "请求内容无效（单条命令无效时为 rejected，不是 422）/ invalid request"},
}
PULL_RESPONSES: dict[int | str, dict[str, Any]] = {
    **AUTH_RESPONSES,
    409: {"model": DivergedBody, "description": "服务器没有本工作站已见的内容（已从备份恢复？）/ diverged"},
    422: {"model": ErrorBody, "description": "参数无效 / invalid parameters"},
}


def describe_push(app: FastAPI) -> None:
    """The push body is read by hand (each command is vetted on its own); its schema is still
    the documented one, so that clients and fuzzers see what the server takes."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        body = PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(body.pop("$defs", {}))
        # What the server really takes: any object with a usable mutation_id is answered on its own
        # (a command that is not a valid PushedCommand is `rejected` in the 200 answer, not a 422).
        body["properties"]["commands"]["items"] = {"anyOf": [
            {"$ref": "#/components/schemas/PushedCommand"},
            {"type": "object", "required": ["mutation_id"], "description": "answered `rejected`, with the reason",
             "properties": {"mutation_id": {"type": "string", "minLength": 1, "maxLength": 64,
                                            "pattern": ID_PATTERN}}},
        ]}
        components["PushRequest"] = body
        schema["paths"]["/api/v1/sync/push"]["post"]["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}},
        }
        app.openapi_schema = schema
        return schema

    app.openapi = openapi
