"""Loading the shipped reference data (附2 directory, DRG groups) into a new store."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Connection, insert, select
from sqlmodel import col

from referral_desk.data import directory_seeds, downward_list_seed, drg_group_seeds
from referral_desk.domain.identity import phone_digits
from referral_desk.domain.search_keys import search_key
from referral_desk.store.database.ids import seed_id
from referral_desk.store.database.tables import DirectoryEntry, DiseaseListEdition, DrgGroup


def directory_row(*, row_id: str, unit_name: str, contact: str, phone: str | None, purpose: str,
                  sort_order: int, at: datetime) -> dict[str, str | int | datetime | None]:
    return {
        "id": row_id,
        "version": 1,
        "updated_at": at,
        "deleted_at": None,
        "unit_name": unit_name,
        "contact": contact,
        "phone": phone,
        "phone_digits": phone_digits(phone),
        "purpose": purpose,
        "sort_order": sort_order,
        "search_key": search_key(unit_name, contact, purpose) + phone_digits(phone) + "|",
    }


def load_reference_data(conn: Connection, at: datetime) -> None:
    # Seed ids are derived from the content, so every workstation holds the same rows.
    conn.execute(
        insert(DirectoryEntry),
        [
            directory_row(
                row_id=seed_id("directory", s.unit_name, s.contact, s.phone or "", s.purpose),
                unit_name=s.unit_name, contact=s.contact, phone=s.phone, purpose=s.purpose,
                sort_order=s.sort_order, at=at,
            )
            for s in directory_seeds()
        ],
    )
    load_drg_groups(conn, at)
    ensure_disease_list(conn, at)


def ensure_disease_list(conn: Connection, at: datetime) -> None:
    """The first edition, with the same id everywhere, so the server and every desk hold one row."""
    if conn.execute(select(col(DiseaseListEdition.id)).limit(1)).first() is not None:
        return
    content = downward_list_seed()
    conn.execute(insert(DiseaseListEdition), [{
        "id": seed_id("disease_list", str(content["edition"])), "version": 1, "updated_at": at, "deleted_at": None,
        "edition": content["edition"], "content_json": json.dumps(content, ensure_ascii=False),
        "note": content.get("note", ""), "published_at": at, "operator": "",
    }])


def ensure_drg_groups(conn: Connection, at: datetime) -> None:
    """The server judges downward referrals against the same list as the desks."""
    if conn.execute(select(col(DrgGroup.id)).limit(1)).first() is None:
        load_drg_groups(conn, at)
    ensure_disease_list(conn, at)


def load_drg_groups(conn: Connection, at: datetime) -> None:
    conn.execute(
        insert(DrgGroup),
        [
            {
                "id": seed_id("drg_group", str(g.code)),
                "version": 1,
                "updated_at": at,
                "deleted_at": None,
                "code": g.code,
                "name": g.name,
                "diagnoses_json": json.dumps(list(g.diagnoses), ensure_ascii=False),
            }
            for g in drg_group_seeds()
        ],
    )
