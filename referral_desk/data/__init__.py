"""Reference data shipped with the package, restated from the seed documents."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class DirectorySeed:
    unit_name: str
    contact: str
    phone: str | None
    purpose: str
    sort_order: int


@dataclass(frozen=True)
class DrgGroupSeed:
    code: int
    name: str
    diagnoses: tuple[str, ...]


def _load(name: str):
    return json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))


def directory_seeds() -> list[DirectorySeed]:
    """The 附2 phone directory of 000; a missing number stays None, never dropped."""
    rows: list[DirectorySeed] = []
    for unit_order, unit in enumerate(_load("directory.json")["units"]):
        for contact_order, c in enumerate(unit["contacts"]):
            rows.append(
                DirectorySeed(
                    unit_name=unit["unit"],
                    contact=c.get("contact", ""),
                    phone=c.get("phone"),
                    purpose=c.get("purpose", ""),
                    sort_order=unit_order * 100 + contact_order,
                )
            )
    return rows


def downward_list_seed() -> dict:
    """The first edition of the downward-referral disease list: 000 三(2)'s 8 groups with CMI < 0.5,
    their other names and what excludes each, and 001 附件 三's cases not to refer."""
    return _load("downward_list.json")


def drg_group_seeds() -> list[DrgGroupSeed]:
    """The 8 groups as the drg_group table has held them since the first release."""
    return [
        DrgGroupSeed(code=g["code"], name=g["name"], diagnoses=tuple(dict.fromkeys(g["diagnoses"])))
        for g in downward_list_seed()["groups"]
    ]
