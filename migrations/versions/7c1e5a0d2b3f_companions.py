"""companions (ledsagare): the conference's choice, the companions, their places in the count

Revision ID: 7c1e5a0d2b3f
Revises: a7d3c91e5b20
Create Date: 2026-11-30 18:20:00.000000

A confirmed registration now counts 1 + companion_places in conference_places: the triggers
are replaced with places.py's and every conference's count is put right.
"""

import sqlalchemy as sa
from alembic import op

import okconf.db
from okconf.registration import places

# revision identifiers, used by Alembic.
revision = "7c1e5a0d2b3f"
down_revision = "a7d3c91e5b20"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("companions_allowed", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "companions_take_places", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
    # One statement on both backends: SQLite adds a column with its CHECK without rebuilding
    # the table (a rebuild would drop the places triggers and the partial unique index).
    op.execute(
        "ALTER TABLE registrations ADD COLUMN companion_places SMALLINT DEFAULT '0' NOT NULL "
        "CONSTRAINT ck_registrations_companion_places_not_negative CHECK (companion_places >= 0)"
    )
    op.create_table(
        "companions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("diets", sa.String(length=200), nullable=False),
        sa.Column("diet_other", sa.String(length=300), nullable=False),
        sa.Column("needs", sa.Text(), nullable=False),
        sa.Column("checked_in_at", okconf.db.UTCDateTime(), nullable=True),
        sa.Column("created_at", okconf.db.UTCDateTime(), nullable=False),
        sa.CheckConstraint("name != ''", name=op.f("ck_companions_companion_has_name")),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_companions_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companions")),
        sa.UniqueConstraint("registration_id", name=op.f("uq_companions_registration_id")),
    )
    connection = op.get_bind()
    places.uninstall(connection)
    places.install(connection)
    connection.exec_driver_sql(places.RECOUNT)


def downgrade():
    connection = op.get_bind()
    op.drop_table("companions")
    places.uninstall(connection)
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_constraint("ck_registrations_companion_places_not_negative", type_="check")
        batch_op.drop_column("companion_places")
    with op.batch_alter_table("conferences", schema=None) as batch_op:
        batch_op.drop_column("companions_take_places")
        batch_op.drop_column("companions_allowed")
    from okconf.registration import places_v1

    places_v1.install(connection)
    connection.exec_driver_sql(places.RECOUNT.replace("1 + r.companion_places", "1"))
