"""take_place() puts right what a wrong guess wrote, so that the commit goes with it

Revision ID: 9b4e7d2c1a05
Revises: 5f1c2e8d9a40
Create Date: 2026-12-01 07:45:00.000000

PostgreSQL only: take_place() (okconf/registration/places.py, TAKE_PLACE) also swaps the
confirmation written before the lock for the other status, and sets the audit entry's and the
registration.created webhook deliveries' status (and a queue place's waiting_since) when the
guess was wrong, so that nothing is left to do under the lock but commit: the registration
sends `SELECT take_place(...); COMMIT` in one round trip (locking.take_place_and_commit).
The downgrade puts the first one back (take_place_v1.py).
"""

from alembic import op

from okconf.registration import places, take_place_v1

# revision identifiers, used by Alembic.
revision = "9b4e7d2c1a05"
down_revision = "5f1c2e8d9a40"
branch_labels = None
depends_on = None


def upgrade():
    places.install_take_place(op.get_bind())


def downgrade():
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        for statement in places.DROP_TAKE_PLACE:
            op.execute(statement)
        take_place_v1.install(connection)
