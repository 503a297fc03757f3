"""Outgoing mail: messages written in the request's transaction and sent by a task.

Revision ID: 0900
Revises: 0800
"""
import sqlalchemy as sa
from alembic import op

revision = '0900'
down_revision = '0800'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "outgoing_mail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("to_address", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("claim_token", sa.String(length=32), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outgoing_mail")),
    )
    op.create_index("ix_outgoing_mail_status_next", "outgoing_mail",
                    ["status", "next_attempt_at"])


def downgrade():
    op.drop_index("ix_outgoing_mail_status_next", table_name="outgoing_mail")
    op.drop_table("outgoing_mail")
