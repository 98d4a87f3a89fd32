"""Which release this is, in the words `referral-desk --version` and `server token list` print."""

from __future__ import annotations

from referral_desk import __version__


def words() -> str:
    """`referral-desk 0.2.0（数据文件结构 9，服务器数据库修订 0003）`: what an engineer compares before an
    upgrade (a desk and a server must agree on the store's schema)."""
    from referral_desk.store.database.marker import SCHEMA_VERSION

    said = f"数据文件结构 {SCHEMA_VERSION}"
    try:
        from referral_desk.server.migrate import nothing_yet
    except ImportError:  # a desk installed without the server's parts
        pass
    else:
        said += f"，服务器数据库修订 {nothing_yet().head}"
    return f"referral-desk {__version__}（{said}）"
