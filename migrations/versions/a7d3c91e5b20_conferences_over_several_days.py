"""conferences over several days, check-in per day

Revision ID: a7d3c91e5b20
Revises: 48e0e909f62b
Create Date: 2026-11-30 18:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

import okconf.db


# revision identifiers, used by Alembic.
revision = 'a7d3c91e5b20'
down_revision = '48e0e909f62b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('end_date', sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            op.f('ck_conferences_last_day_not_before_first'),
            'end_date IS NULL OR (date IS NOT NULL AND end_date >= date)',
        )

    op.create_table('day_checkins',
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('checked_in_at', okconf.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_day_checkins_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('registration_id', 'day', name=op.f('pk_day_checkins'))
    )
    with op.batch_alter_table('day_checkins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_day_checkins_day'), ['day'], unique=False)


def downgrade():
    with op.batch_alter_table('day_checkins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_day_checkins_day'))

    op.drop_table('day_checkins')
    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_conferences_last_day_not_before_first'), type_='check')
        batch_op.drop_column('end_date')
