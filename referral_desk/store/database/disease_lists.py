"""The downward-referral disease list in the store: the edition in force and the history (a new
edition is published by an audited, synced command: referral_handlers)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from referral_desk.domain.disease_list import DiseaseListContent
from referral_desk.domain.downward import DiseaseList
from referral_desk.domain.errors import DomainError
from referral_desk.store.database.tables import DiseaseListEdition


@dataclass(frozen=True)
class EditionRow:
    edition: int
    note: str
    published_at: datetime
    operator: str
    groups: int


def _latest(s: Session) -> DiseaseListEdition | None:
    return s.exec(select(DiseaseListEdition).where(col(DiseaseListEdition.deleted_at).is_(None))
                  .order_by(col(DiseaseListEdition.edition).desc()).limit(1)).first()


def current_content(s: Session) -> DiseaseListContent:
    row = _latest(s)
    if row is None:  # every store is made with the first edition; this is a damaged one
        raise DomainError("数据文件中没有下转病种清单，请运行 referral-desk store check")
    return DiseaseListContent.model_validate_json(row.content_json)


class ListCache:
    """The edition in force, parsed once per edition: the form asks on every keystroke."""

    def __init__(self) -> None:
        self._key: tuple[str, int] | None = None
        self._list: DiseaseList | None = None

    def get(self, s: Session) -> DiseaseList:
        row = s.exec(select(DiseaseListEdition.id, DiseaseListEdition.version)
                     .where(col(DiseaseListEdition.deleted_at).is_(None))
                     .order_by(col(DiseaseListEdition.edition).desc()).limit(1)).first()
        key = (row[0], row[1]) if row else None
        if self._list is None or key != self._key:
            self._list, self._key = current_content(s).to_list(), key
        return self._list


def current_list(s: Session) -> DiseaseList:
    return current_content(s).to_list()


def editions(s: Session) -> list[EditionRow]:
    rows = s.exec(select(DiseaseListEdition).where(col(DiseaseListEdition.deleted_at).is_(None))
                  .order_by(col(DiseaseListEdition.edition).desc()))
    return [EditionRow(r.edition, r.note, r.published_at, r.operator, len(json.loads(r.content_json)["groups"]))
            for r in rows]


def next_edition(s: Session) -> int:
    return (s.exec(select(func.max(DiseaseListEdition.edition))).one() or 0) + 1
