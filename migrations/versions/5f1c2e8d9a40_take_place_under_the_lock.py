"""take_place() under the lock, and an index of each pool's queue

Revision ID: 5f1c2e8d9a40
Revises: b3d9e1f0a7c2
Create Date: 2026-12-01 04:00:00.000000

PostgreSQL: take_place() locks a conference's places row, decides a new registration's
status and, for a queue place, its position, in one round trip. The text this revision
installed is frozen in okconf/registration/take_place_v1.py (9b4e7d2c1a05 replaces it with
places.py's), as places_v2.py is for the triggers.

Both databases: ix_registrations_queue, the waiting registrations of a conference's pool in
their order, so that a position is counted over that range alone (it was a scan of every
waiting registration of every conference, under the lock).
"""

import sqlalchemy as sa
from alembic import op

from okconf.registration import take_place_v1

# revision identifiers, used by Alembic.
revision = "5f1c2e8d9a40"
down_revision = "b3d9e1f0a7c2"
branch_labels = None
depends_on = None

def upgrade():
    take_place_v1.install(op.get_bind())
    op.create_index(
        "ix_registrations_queue",
        "registrations",
        ["conference_id", "attendance", "waiting_since", "id"],
        sqlite_where=sa.text("status = 'waiting'"),
        postgresql_where=sa.text("status = 'waiting'"),
    )


def downgrade():
    op.drop_index("ix_registrations_queue", table_name="registrations")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(take_place_v1.DROP_TAKE_PLACE)
