"""Who acts on the store, and what a command did: shared by the executor and its callers."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    operator: str
    workstation: str


@dataclass(frozen=True)
class Applied:
    command: str
    entity: str
    entity_id: str
    version: int
    mutation_id: str
    summary: str
