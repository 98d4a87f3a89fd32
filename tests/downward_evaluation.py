"""The downward matcher against its evaluation tables (issue 24): the development table in
`test_downward.py` (the rules were written against it) and the held-out tables, written from the seeds
by people who never saw the matcher. `python -m tests.downward_evaluation` prints the figures the README
quotes: precision of "advised" (target: no false yes) and how many of the advised cases it finds."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from referral_desk.data import downward_list_seed
from referral_desk.domain.disease_list import DiseaseListContent
from referral_desk.domain.downward import ADVISED, NOT_ADVISED, REVIEW, advise

HERE = Path(__file__).parent
HELD_OUT = ("downward_heldout.json", "downward_heldout_2.json")
LETTERS = {"Y": ADVISED, "N": NOT_ADVISED, "D": REVIEW, "R": NOT_ADVISED}


def held_out(name: str) -> list[dict]:
    path = HERE / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def evaluate(rows: list[tuple[str, str]]) -> dict:
    """rows: (text, the answer the seeds give). The answers, the false yeses, and the figures."""
    dl = DiseaseListContent.model_validate(downward_list_seed()).to_list()
    seen = Counter()
    false_yes = []
    for text, want in rows:
        got = advise(text, dl).advice
        seen[(want, got)] += 1
        if got == ADVISED and want != ADVISED:
            false_yes.append(text)
    said_yes = sum(n for (_, got), n in seen.items() if got == ADVISED)
    truly_yes = sum(n for (want, _), n in seen.items() if want == ADVISED)
    return {"rows": len(rows), "advised": said_yes, "false_yes": false_yes,
            "precision": (said_yes - len(false_yes)) / said_yes if said_yes else 1.0,
            "coverage": (said_yes - len(false_yes)) / truly_yes if truly_yes else 1.0,
            "agree": sum(n for (want, got), n in seen.items() if want == got) / max(len(rows), 1),
            "wrong_no": seen[(ADVISED, NOT_ADVISED)]}


def main() -> None:
    from tests.test_downward import CASES

    tables = [("development", [(t, LETTERS[a]) for t, a, _ in CASES])]
    tables += [(name, [(r["text"], r["advice"]) for r in held_out(name)]) for name in HELD_OUT]
    print(f"{'table':26s} {'rows':>5s} {'advised':>8s} {'false yes':>10s} {'precision':>10s} {'coverage':>9s} "
          f"{'agree':>6s}")
    for name, rows in tables:
        r = evaluate(rows)
        print(f"{name:26s} {r['rows']:5d} {r['advised']:8d} {len(r['false_yes']):10d} {r['precision']:10.0%} "
              f"{r['coverage']:9.0%} {r['agree']:6.0%}")
        for text in r["false_yes"]:
            print(f"  false yes: {text}")


if __name__ == "__main__":
    main()
