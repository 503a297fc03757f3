"""Quiz grace period as a setting; when each answer of an attempt arrived.

Revision ID: 0960
Revises: 0950
"""
import sqlalchemy as sa
from alembic import op

revision = '0960'
down_revision = '0950'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("quizzes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("grace_seconds", sa.Integer(), server_default="30",
                                      nullable=False))
    with op.batch_alter_table("quiz_attempt_questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answered_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("quiz_attempt_questions", schema=None) as batch_op:
        batch_op.drop_column("answered_at")
    with op.batch_alter_table("quizzes", schema=None) as batch_op:
        batch_op.drop_column("grace_seconds")
