"""take_place(): a new registration's place decided in one round trip under the lock

Revision ID: 5f1c2e8d9a40
Revises: b3d9e1f0a7c2
Create Date: 2026-12-01 04:00:00.000000

PostgreSQL only (okconf/registration/places.py, TAKE_PLACE): the function that locks a
conference's places row, decides a new registration's status and, for a queue place, its
position. SQLite has nothing to add. (Like the companions migration, it installs places.py's
current text: when TAKE_PLACE changes, a new revision installs the new one and this one keeps
a frozen copy, as places_v2.py is for the triggers.)
"""

from alembic import op

from okconf.registration import places

# revision identifiers, used by Alembic.
revision = "5f1c2e8d9a40"
down_revision = "b3d9e1f0a7c2"
branch_labels = None
depends_on = None

def upgrade():
    places.install_take_place(op.get_bind())


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(places.DROP_TAKE_PLACE)
