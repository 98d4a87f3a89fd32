"""The wire format of /api/v1/sync, shared by the server and the client."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from referral_desk.domain.bounds import Checked, Name
from referral_desk.domain.commands import AnyCommand

MAX_BATCH = 200
# A push body's limit, and what the desk fills a batch to: the largest command a desk can make (a month's
# roster of 200 specialties, every list at its bound: about 2 MB, tests/test_push_size.py) fits with room.
MAX_BODY_BYTES = 4 * 1024 * 1024
BATCH_BYTES = MAX_BODY_BYTES - 64 * 1024  # the envelope and a margin
PULL_LIMIT = 1000
# A pull answered 409 with this code: the server does not hold what the desk has seen.
DIVERGED = "diverged"
# Every call says which schema the desk holds; a server of another schema answers 409 with this code, in
# words, before a row is exchanged. A desk that sends no header is of the release before the header
# (schema UNDECLARED_SCHEMA).
SCHEMA_HEADER = "X-Referral-Desk-Schema"
SCHEMA_MISMATCH = "schema_mismatch"
# The desk's own word (never the server's): the server answering is another installation than the one
# this desk syncs with. Nothing is sent or taken until the operator adopts it.
OTHER_SERVER = "other_server"
UNDECLARED_SCHEMA = 8
ID_PATTERN = r"^[A-Za-z0-9_-]+$"
MAX_SEQ = 2**62  # change_seq is a BIGINT; a cursor past it is refused, not a 500

Status = Literal["applied", "duplicate", "conflict", "rejected"]


class PushedCommand(Checked):
    mutation_id: str = Field(min_length=1, max_length=64, pattern=ID_PATTERN)
    base_version: int = Field(ge=0)
    operator: Name = Field(default="", max_length=60)  # a person's name: it reaches the audit log and reports
    at: datetime  # when the operator made the change at the workstation
    command: AnyCommand
    # The desk asks for a judgment although the server's record is behind the version the change was made
    # on: an earlier change of its own on that record was refused, so waiting would wait for nothing.
    judge_now: bool = False


class PushRequest(Checked):
    schema_version: int = Field(ge=0, le=10**6)
    commands: list[PushedCommand] = Field(max_length=MAX_BATCH)


class PushEnvelope(BaseModel):
    """What the server reads first: each command is then validated on its own, so one that does
    not validate is `rejected` (with its fields named) instead of refusing the batch and leaving
    it stuck at the head of the desk's queue."""

    model_config = ConfigDict(extra="forbid")
    schema_version: int = Field(ge=0, le=10**6)
    commands: list[dict[str, Any]] = Field(max_length=MAX_BATCH)


class MutationResult(BaseModel):
    mutation_id: str
    status: Status
    message: str | None = None
    held_back: bool = False  # not judged: an earlier command on the same record conflicted
    # Not judged: a record it needs is not on the server (restored from a backup older than it). The
    # desk keeps the command and sends it again; the server keeps no answer, so the next try is judged.
    missing: bool = False
    table: str | None = None
    row: dict[str, Any] | None = None  # the server's row after judging, for conflicts and rebases


class PushResponse(BaseModel):
    results: list[MutationResult]


class PulledRow(BaseModel):
    table: str
    row: dict[str, Any]


class PullResponse(BaseModel):
    rows: list[PulledRow]
    next_since: int
    has_more: bool
    server_id: str  # the installation: a backup carries it, a new database has a new one
    restore_epoch: str = ""  # made anew by every restore of the installation
