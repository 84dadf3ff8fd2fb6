"""programme slots have a day (of a conference held over several days)

Revision ID: b3d9e1f0a7c2
Revises: 9e4f2b7c1d35
Create Date: 2026-11-30 22:00:00.000000

Every existing slot is on the first day (server default 1), where the programme showed it.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b3d9e1f0a7c2"
down_revision = "9e4f2b7c1d35"
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN (no batch): SQLite keeps the table, and its triggers, as they are.
    op.add_column(
        "programme_items", sa.Column("day", sa.Integer(), server_default="1", nullable=False)
    )


def downgrade():
    with op.batch_alter_table("programme_items") as batch_op:
        batch_op.drop_column("day")
