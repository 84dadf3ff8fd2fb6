"""conference places counter and one active registration per address

Revision ID: 02b74753ab20
Revises: 2d8f655bdeac
Create Date: 2026-11-30 11:37:01.535290

conference_places holds each conference's capacity and confirmed count, kept by triggers
(okconf/registration/places.py): registrations lock and read that row instead of counting.
The unique index lets the database refuse a second active registration of one address.
"""

import sqlalchemy as sa
from alembic import op

from okconf.registration import places, places_v1

# revision identifiers, used by Alembic.
revision = "02b74753ab20"
down_revision = "2d8f655bdeac"
branch_labels = None
depends_on = None

ACTIVE_WITH_EMAIL = "status != 'cancelled' AND email != ''"


def upgrade():
    op.create_table(
        "conference_places",
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("confirmed", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint(
            "confirmed >= 0", name=op.f("ck_conference_places_confirmed_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_conference_places_conference_id_conferences"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("conference_id", name=op.f("pk_conference_places")),
    )
    connection = op.get_bind()
    # The triggers as they were then (places.py's now read a later column).
    places_v1.install(connection)
    connection.exec_driver_sql(places_v1.BACKFILL)
    # Fails if a conference already holds two active registrations of one address (walk-ins
    # were not checked before); the error names it: cancel one, then upgrade again.
    op.create_index(
        "uq_registrations_active_email",
        "registrations",
        ["conference_id", sa.text("lower(email)")],
        unique=True,
        sqlite_where=sa.text(ACTIVE_WITH_EMAIL),
        postgresql_where=sa.text(ACTIVE_WITH_EMAIL),
    )


def downgrade():
    op.drop_index("uq_registrations_active_email", table_name="registrations")
    places.uninstall(op.get_bind())
    op.drop_table("conference_places")
