"""Meetings: a revision, raised by every change of what the meeting page shows (its fields,
days, sessions, chairs and speakers, documents, organisers, a listed expert's profile); the
page's agenda fragment is cached under it.

Revision ID: 0990_meeting_revision
Revises: 0980_roster_perf
"""
import sqlalchemy as sa
from alembic import op

revision = '0990_meeting_revision'
down_revision = '0980_roster_perf'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), nullable=False,
                                      server_default='0'))


def downgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('revision')
