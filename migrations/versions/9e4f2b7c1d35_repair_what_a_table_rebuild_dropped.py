"""repair what a SQLite table rebuild dropped: one active registration per address, the triggers

Revision ID: 9e4f2b7c1d35
Revises: 7c1e5a0d2b3f
Create Date: 2026-11-30 19:40:00.000000

On SQLite, the participant-list migration (c6d0aad14648) changed `registrations` in batch mode,
which copies the table and drops what it cannot reflect: the unique expression index
`uq_registrations_active_email` and the places triggers. Later migrations put the triggers
back; this one makes sure of both, on any database that went through that revision (on
PostgreSQL nothing was lost, and every statement here is a no-op there).
"""

from alembic import op

from okconf.registration import places
from okconf.registration.models import ACTIVE_WITH_EMAIL

# revision identifiers, used by Alembic.
revision = "9e4f2b7c1d35"
down_revision = "7c1e5a0d2b3f"
branch_labels = None
depends_on = None


def upgrade():
    connection = op.get_bind()
    connection.exec_driver_sql(
        "CREATE UNIQUE INDEX IF NOT EXISTS uq_registrations_active_email "
        f"ON registrations (conference_id, lower(email)) WHERE {ACTIVE_WITH_EMAIL}"
    )
    places.install(connection)
    connection.exec_driver_sql(places.RECOUNT)


def downgrade():
    pass  # nothing to undo: the index and the triggers belong to earlier revisions
