"""Import jobs: big roster, user, expert and GIFT imports done in the background.

Revision ID: 0970_import_jobs
Revises: 0960
"""
import sqlalchemy as sa
from alembic import op

revision = '0970_import_jobs'
down_revision = '0960'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "import_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("claim_token", sa.String(length=32), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"],
                                name=op.f("fk_import_jobs_actor_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_jobs")),
    )
    op.create_index(op.f("ix_import_jobs_actor_id"), "import_jobs", ["actor_id"])
    op.create_index("ix_import_jobs_status_claimed", "import_jobs", ["status", "claimed_at"])


def downgrade():
    op.drop_index("ix_import_jobs_status_claimed", table_name="import_jobs")
    op.drop_index(op.f("ix_import_jobs_actor_id"), table_name="import_jobs")
    op.drop_table("import_jobs")
