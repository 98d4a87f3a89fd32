"""How a worker's refusal is said to the operator (App.worker_ended says it; a screen may say it in
its own place through a `refused(error, worker)` method). Anything not named here is a failure."""

from __future__ import annotations

from pydantic import ValidationError

from referral_desk.domain.bounds import explain
from referral_desk.domain.errors import DomainError


def refusal_words(error: BaseException) -> str | None:
    """The sentence for an expected refusal, or None for an unexpected failure."""
    if isinstance(error, DomainError):
        return error.message
    if isinstance(error, ValidationError):
        return explain(error.errors()[0])
    if isinstance(error, OSError):  # a report or slip the disk would not take; never the store's own error
        return f"无法写入文件（{error.strerror or type(error).__name__}）"
    return None
