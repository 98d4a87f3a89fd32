"""One pull page: the rows changed after a cursor, in change_seq order, across every synced table."""

from __future__ import annotations

from functools import cache

import orjson
from sqlalchemy import Connection, bindparam, literal, select, union_all

from referral_desk.server.db import CHANGE_SEQ
from referral_desk.store.database.rows import synced_table
from referral_desk.store.database.schema import ADDED_AT, SCHEMA_VERSION, SYNCED_TABLES
from referral_desk.store.database.tables import AppliedMutation, AuditEntry, SyncCounter


@cache
def _statements():
    """Built once: a loaded server answers a hundred pulls a second, and building the
    statements again each time cost more than running them."""
    counter = select(SyncCounter.value).where(SyncCounter.name == CHANGE_SEQ)
    since, latest, upto, n = bindparam("since"), bindparam("latest"), bindparam("upto"), bindparam("n")
    parts = []
    for number, name in enumerate(SYNCED_TABLES):
        column = synced_table(name).c.change_seq
        parts.append(select(literal(number).label("t"), column.label("seq"))
                     .where(column > since, column <= latest).order_by(column).limit(n).subquery())
    seqs = union_all(*(select(p.c.t, p.c.seq) for p in parts)).order_by("seq").limit(n)
    rows = {}
    for name in SYNCED_TABLES:
        table = synced_table(name)
        rows[name] = (select(table).where(table.c.change_seq > since, table.c.change_seq <= upto)
                      .order_by(table.c.change_seq))
    return counter, seqs, rows


class Diverged(Exception):
    """The desk has seen what this database does not hold: it was restored from a backup (or
    the desk talks to another server). The desk must send its changes again and pull anew."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_ANCHOR = select(AuditEntry.change_seq).where(AuditEntry.id == bindparam("id"))
_KNOWN = select(AppliedMutation.status).where(AppliedMutation.mutation_id == bindparam("id"))


def check_cursor(conn: Connection, anchor_id: str | None, anchor_seq: int | None, mutation_id: str | None) -> None:
    """Audit entries keep their seq for ever and judged mutations are kept for ever: if the last
    one a desk saw is missing here, or has another seq, this database is not the one the desk
    synced with."""
    if anchor_id is not None and conn.execute(_ANCHOR, {"id": anchor_id}).scalar() != anchor_seq:
        raise Diverged("服务器上缺少本工作站已同步的记录（服务器可能已从备份恢复）/ "
                       "the server lacks rows this desk has pulled (restored from a backup?)")
    if mutation_id is not None and conn.execute(_KNOWN, {"id": mutation_id}).first() is None:
        raise Diverged("服务器上缺少本工作站已推送的更改（服务器可能已从备份恢复）/ "
                       "the server lacks changes this desk has pushed (restored from a backup?)")


@cache
def _unknown_to(desk_schema: int) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """The tables and columns added after `desk_schema`: a desk that old has nowhere to keep them."""
    tables: set[str] = set()
    columns: dict[str, set[str]] = {}
    for version in range(desk_schema + 1, SCHEMA_VERSION + 1):
        added = ADDED_AT.get(version)
        if added is not None:
            tables.update(added.tables)
            for table, names in added.columns.items():
                columns.setdefault(table, set()).update(names)
    return frozenset(tables), {table: frozenset(names) for table, names in columns.items()}


def read_page(conn: Connection, since: int, limit: int,
              desk_schema: int = SCHEMA_VERSION) -> tuple[list[dict], int, bool]:
    """Rows as {"table", "row"}, the next cursor, and whether more is waiting. A desk of an older schema
    (`desk_schema`) is not sent the tables and columns it does not know; the cursor moves past them all
    the same, and the desk pulls everything again once it is upgraded (store.database.engine).

    Every seq at or below the committed counter belongs to a committed transaction
    (seqs are handed out under the counter's lock and written with it). Reading only
    up to it keeps a page whole although its tables are read by several statements: a
    commit landing in between cannot slip under the cursor.
    """
    counter, seqs, rows = _statements()
    latest = conn.execute(counter).scalar_one()
    if since > latest:  # a cursor is never handed out above the counter
        raise Diverged(f"本工作站的同步位置 {since} 超过服务器的 {latest}（服务器可能已从备份恢复）/ "
                       "this desk's cursor is ahead of the server (restored from a backup?)")
    if since == latest:  # most pulls: nothing new, one look at the counter answers them
        return [], since, False
    # First only the seqs (index-only reads) to find where this page ends; then just
    # the rows of the page, from the tables it touches.
    first = conn.execute(seqs, {"since": since, "latest": latest, "n": limit + 1}).all()
    more = len(first) > limit
    # A row below the counter that is missing here was changed again meanwhile: it
    # comes later with its newer seq, so the cursor may move straight to the counter.
    upto = first[limit - 1][1] if more else latest
    found: list[tuple[int, dict]] = []
    for name in sorted({SYNCED_TABLES[t] for t, seq in first if seq <= upto}):
        result = conn.execute(rows[name], {"since": since, "upto": upto})
        names = list(result.keys())
        at = names.index("change_seq")
        # Values stay Python objects: orjson writes instants and dates as ISO 8601,
        # exactly as rows.to_json does, and much faster.
        found += [(row[at], {"table": name, "row": dict(zip(names, row, strict=False))}) for row in result]
    found.sort(key=lambda f: f[0])
    if desk_schema < SCHEMA_VERSION:
        return _for_older(found, desk_schema), upto, more
    return [item for _seq, item in found], upto, more


def _for_older(found: list[tuple[int, dict]], desk_schema: int) -> list[dict]:
    tables, columns = _unknown_to(desk_schema)
    rows = []
    for _seq, item in found:
        if item["table"] in tables:
            continue
        dropped = columns.get(item["table"])
        if dropped:
            item = {"table": item["table"], "row": {k: v for k, v in item["row"].items() if k not in dropped}}
        rows.append(item)
    return rows


def page_json(rows: list[dict], next_since: int, more: bool, server_id: str, restore_epoch: str = "") -> bytes:
    return orjson.dumps({"rows": rows, "next_since": next_since, "has_more": more, "server_id": server_id,
                         "restore_epoch": restore_epoch})
