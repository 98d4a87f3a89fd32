"""Row ids: UUIDv7 strings, time-ordered so new rows append to the index."""

from __future__ import annotations

import uuid

_SEED_NAMESPACE = uuid.UUID("6f1c2a0e-5d7b-4c1e-9a57-2b8f0e4d7a31")


def new_id() -> str:
    from uuid6 import uuid7  # imported on first write; it costs start-up time otherwise

    return str(uuid7())


def seed_id(*parts: str) -> str:
    """Deterministic id for shipped reference rows, equal on every workstation."""
    return str(uuid.uuid5(_SEED_NAMESPACE, "\x1f".join(parts)))


def audit_id_for(mutation_id: str) -> str:
    """The audit entry of a pushed command: the workstation and the server write the
    same id, so the server's entry replaces the local one when it is pulled."""
    return str(uuid.uuid5(_SEED_NAMESPACE, "audit\x1f" + mutation_id))


def short_ref(row_id: str) -> str:
    """The six characters an operator reads out on the phone (the random tail)."""
    return row_id.replace("-", "")[-6:].upper()
