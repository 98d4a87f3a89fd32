"""One pull page: the rows changed after a cursor, in change_seq order, across every synced table."""

from __future__ import annotations

import heapq

import orjson

from sqlalchemy import Connection, select

from referral_desk.server.db import CHANGE_SEQ
from referral_desk.store.rows import synced_table
from referral_desk.store.schema import SYNCED_TABLES
from referral_desk.store.tables import SyncCounter


def read_page(conn: Connection, since: int, limit: int) -> tuple[list[dict], int, bool]:
    """Rows as {"table", "row"}, the next cursor, and whether more is waiting.

    Every seq at or below the committed counter belongs to a committed transaction
    (seqs are handed out under the counter's lock and written with it). Reading only
    up to it keeps a page whole although each table is read by its own statement: a
    commit landing in between cannot slip under the cursor.
    """
    latest = conn.execute(select(SyncCounter.value).where(SyncCounter.name == CHANGE_SEQ)).scalar_one()
    if since >= latest:  # most pulls: nothing new, one look at the counter answers them
        return [], since, False
    # First only the seqs (index-only reads), to find where this page ends; then just
    # the rows of the page, instead of a page's worth from every table.
    seqs = []
    for name in SYNCED_TABLES:
        column = synced_table(name).c.change_seq
        seqs.append(conn.execute(select(column).where(column > since, column <= latest)
                                 .order_by(column).limit(limit + 1)).scalars().all())
    first = list(heapq.merge(*seqs))
    more = len(first) > limit
    # A row below the counter that is missing here was changed again meanwhile: it
    # comes later with its newer seq, so the cursor may move straight to the counter.
    upto = first[limit - 1] if more else latest
    found: list[tuple[int, dict]] = []
    for name, table_seqs in zip(SYNCED_TABLES, seqs):
        if not table_seqs or table_seqs[0] > upto:
            continue
        table = synced_table(name)
        names = [c.name for c in table.columns]
        at = names.index("change_seq")
        stmt = (select(table).where(table.c.change_seq > since, table.c.change_seq <= upto)
                .order_by(table.c.change_seq))
        # Values stay Python objects: orjson writes instants and dates as ISO 8601,
        # exactly as rows.to_json does, and much faster.
        found += [(row[at], {"table": name, "row": dict(zip(names, row))}) for row in conn.execute(stmt)]
    found.sort(key=lambda f: f[0])
    return [item for _seq, item in found], upto, more


def page_json(rows: list[dict], next_since: int, more: bool) -> bytes:
    return orjson.dumps({"rows": rows, "next_since": next_since, "has_more": more})
