"""on site or online: attendance, the online pool and the stream link

Revision ID: 7d3c1a9e5b21
Revises: a7d3c91e5b20
Create Date: 2026-11-30 18:10:00.000000

A conference may offer digital participation with places of its own (online_capacity, None:
on site only) and a stream link; a registration is on site or online, and conference_places
counts the two pools apart (the triggers are replaced with places_v2.py's, frozen as this
revision installed them).
"""

import sqlalchemy as sa
from alembic import op

import okconf.db
from okconf.registration import places_v1
from okconf.registration import places_v2 as places

# revision identifiers, used by Alembic.
revision = "7d3c1a9e5b21"
down_revision = "a7d3c91e5b20"
branch_labels = None
depends_on = None


# SQLite: plain ADD COLUMN with the constraint inline, never batch mode, whose table copy
# drops what it cannot reflect (the expression index on registrations, the triggers).
SQLITE_COLUMNS = [
    "ALTER TABLE conferences ADD COLUMN online_capacity INTEGER "
    "CONSTRAINT ck_conferences_online_capacity_not_negative "
    "CHECK (online_capacity IS NULL OR online_capacity >= 0)",
    "ALTER TABLE conferences ADD COLUMN stream_url VARCHAR(500) DEFAULT '' NOT NULL",
    "ALTER TABLE registrations ADD COLUMN attendance VARCHAR(11) DEFAULT 'on_site' NOT NULL "
    "CONSTRAINT ck_registrations_attendance CHECK (attendance IN ('on_site', 'online'))",
    "ALTER TABLE registrations ADD COLUMN stream_link_sent_at DATETIME",
    "ALTER TABLE conference_places ADD COLUMN online_capacity INTEGER",
    "ALTER TABLE conference_places ADD COLUMN online_confirmed INTEGER DEFAULT '0' NOT NULL "
    "CONSTRAINT ck_conference_places_online_confirmed_not_negative "
    "CHECK (online_confirmed >= 0)",
]

# Both pools counted afresh (on SQLite an earlier batch migration could drop the triggers,
# so the count may have drifted; the new triggers keep it from here on).
RECOUNT = """
    UPDATE conference_places SET
        capacity = (SELECT c.capacity FROM conferences c WHERE c.id = conference_id),
        online_capacity = (SELECT c.online_capacity FROM conferences c WHERE c.id = conference_id),
        confirmed = (SELECT count(*) FROM registrations r
                     WHERE r.conference_id = conference_places.conference_id
                       AND r.status = 'confirmed' AND r.attendance = 'on_site'),
        online_confirmed = (SELECT count(*) FROM registrations r
                            WHERE r.conference_id = conference_places.conference_id
                              AND r.status = 'confirmed' AND r.attendance = 'online')
"""


def upgrade():
    connection = op.get_bind()
    places_v1.uninstall(connection)
    if connection.dialect.name == "sqlite":
        for statement in SQLITE_COLUMNS:
            connection.exec_driver_sql(statement)
    else:
        op.add_column("conferences", sa.Column("online_capacity", sa.Integer(), nullable=True))
        op.add_column(
            "conferences",
            sa.Column("stream_url", sa.String(length=500), server_default="", nullable=False),
        )
        op.create_check_constraint(
            "ck_conferences_online_capacity_not_negative",
            "conferences",
            "online_capacity IS NULL OR online_capacity >= 0",
        )
        op.add_column(
            "registrations",
            sa.Column("attendance", sa.String(length=11), server_default="on_site", nullable=False),
        )
        op.create_check_constraint(
            "ck_registrations_attendance",
            "registrations",
            "attendance IN ('on_site', 'online')",
        )
        op.add_column(
            "registrations",
            sa.Column("stream_link_sent_at", okconf.db.UTCDateTime(), nullable=True),
        )
        op.add_column(
            "conference_places", sa.Column("online_capacity", sa.Integer(), nullable=True)
        )
        op.add_column(
            "conference_places",
            sa.Column("online_confirmed", sa.Integer(), server_default="0", nullable=False),
        )
        op.create_check_constraint(
            "ck_conference_places_online_confirmed_not_negative",
            "conference_places",
            "online_confirmed >= 0",
        )
    places.install(connection)
    connection.exec_driver_sql(RECOUNT)


def downgrade():
    connection = op.get_bind()
    places.uninstall(connection)
    if connection.dialect.name != "sqlite":
        op.drop_constraint(
            "ck_conference_places_online_confirmed_not_negative", "conference_places", "check"
        )
        op.drop_constraint("ck_registrations_attendance", "registrations", "check")
        op.drop_constraint("ck_conferences_online_capacity_not_negative", "conferences", "check")
    for table, column in (
        ("conference_places", "online_confirmed"),
        ("conference_places", "online_capacity"),
        ("registrations", "stream_link_sent_at"),
        ("registrations", "attendance"),
        ("conferences", "stream_url"),
        ("conferences", "online_capacity"),
    ):
        op.drop_column(table, column)
    places_v1.install(connection)
