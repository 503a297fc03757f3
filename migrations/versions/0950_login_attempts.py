"""Login attempts counted in the database (limits shared by every worker and instance).

Revision ID: 0950
Revises: 0940
"""
import sqlalchemy as sa
from alembic import op

revision = '0950'
down_revision = '0940'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("account", sa.String(length=254), nullable=False),
        sa.Column("ip_address", sa.String(length=45), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index("ix_login_attempts_scope_account_at", "login_attempts",
                    ["scope", "account", "at"])
    op.create_index("ix_login_attempts_scope_ip_at", "login_attempts",
                    ["scope", "ip_address", "at"])


def downgrade():
    op.drop_index("ix_login_attempts_scope_ip_at", table_name="login_attempts")
    op.drop_index("ix_login_attempts_scope_account_at", table_name="login_attempts")
    op.drop_table("login_attempts")
