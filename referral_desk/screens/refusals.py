"""How a worker's refusal is said to the operator (App.worker_ended says it; a screen may say it in
its own place through a `refused(error, worker)` method). Anything not named here is a failure."""

from __future__ import annotations

import sqlite3
import sys

from pydantic import ValidationError

from referral_desk.domain.bounds import explain
from referral_desk.domain.errors import DomainError
from referral_desk.store.database.errors import describe_db_error


def refusal_words(error: BaseException) -> str | None:
    """The sentence for an expected refusal, or None for an unexpected failure."""
    if isinstance(error, DomainError):
        return error.message
    if isinstance(error, ValidationError):
        return explain(error.errors()[0])
    if isinstance(error, OSError):  # a report or slip the disk would not take; never the store's own error
        return f"无法写入文件（{error.strerror or type(error).__name__}）"
    if _is_database_error(error):  # a locked or vanished store: said, and the desk stays open
        return describe_db_error(error)[0]
    return None


def _is_database_error(error: BaseException) -> bool:
    if isinstance(error, sqlite3.Error):
        return True
    db_errors = sys.modules.get("sqlalchemy.exc")  # loaded once the store is open; not imported for this
    return db_errors is not None and isinstance(error, db_errors.DBAPIError)


def field_words(error: BaseException, labels: dict[str, str]) -> str:
    """A form's refusal with the field named ('患者姓名：…') when the error names one."""
    label = labels.get(getattr(error, "field", None) or "", "")
    words = refusal_words(error) or ""
    return f"{label}：{words}" if label else words
