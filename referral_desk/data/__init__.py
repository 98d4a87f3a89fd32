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


def drg_group_seeds() -> list[DrgGroupSeed]:
    """The 8 downward-referral disease groups with CMI < 0.5 of 000 part 三."""
    return [
        DrgGroupSeed(code=g["code"], name=g["name"], diagnoses=tuple(dict.fromkeys(g["diagnoses"])))
        for g in _load("drg_groups.json")["groups"]
    ]
