"""Tables only the server has (the shared ones are the store's, in store.database.tables). Their own
MetaData, so a desk's store never grows them; Alembic's revisions create and change them."""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table

from referral_desk.store.database.types import UTCDateTime

SERVER_METADATA = MetaData()

# When each workstation last called, which call, and the schema its desk said it has: who synced
# today, and which desks still run an older release before an upgrade.
workstation_contact = Table(
    "workstation_contact", SERVER_METADATA,
    Column("workstation", String(60), primary_key=True),
    Column("last_seen_at", UTCDateTime(), nullable=False),
    Column("last_call", String(16), nullable=False),
    Column("desk_schema", Integer, nullable=True),
)
