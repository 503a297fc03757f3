"""Language versions of courses: translations of courses, modules, lessons and questions;
question revisions; the language an attempt was shown in.

Revision ID: 0940
Revises: 0920
"""
import sqlalchemy as sa
from alembic import op

revision = '0940'
down_revision = '0920'
branch_labels = None
depends_on = None


def _fk(table, column, target):
    return sa.ForeignKeyConstraint([column], [f"{target}.id"],
                                   name=op.f(f"fk_{table}_{column}_{target}"),
                                   ondelete="CASCADE")


def upgrade():
    op.create_table(
        "course_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=12), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        _fk("course_translations", "course_id", "courses"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_translations")),
        sa.UniqueConstraint("course_id", "language",
                            name=op.f("uq_course_translations_course_id")),
    )
    op.create_index(op.f("ix_course_translations_course_id"), "course_translations",
                    ["course_id"])
    op.create_index(op.f("ix_course_translations_language"), "course_translations",
                    ["language"])
    op.create_table(
        "module_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("quiz_title", sa.String(length=300), nullable=False),
        _fk("module_translations", "module_id", "modules"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_module_translations")),
        sa.UniqueConstraint("module_id", "language",
                            name=op.f("uq_module_translations_module_id")),
    )
    op.create_index(op.f("ix_module_translations_module_id"), "module_translations",
                    ["module_id"])
    op.create_table(
        "lesson_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=12), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("source_revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _fk("lesson_translations", "lesson_id", "lessons"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson_translations")),
        sa.UniqueConstraint("lesson_id", "language",
                            name=op.f("uq_lesson_translations_lesson_id")),
    )
    op.create_index(op.f("ix_lesson_translations_lesson_id"), "lesson_translations",
                    ["lesson_id"])
    op.create_table(
        "question_translations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=12), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("general_feedback", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("source_revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _fk("question_translations", "question_id", "questions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_translations")),
        sa.UniqueConstraint("question_id", "language",
                            name=op.f("uq_question_translations_question_id")),
    )
    op.create_index(op.f("ix_question_translations_question_id"), "question_translations",
                    ["question_id"])
    with op.batch_alter_table("questions") as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), server_default="1",
                                      nullable=False))
    with op.batch_alter_table("quiz_attempts") as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=12), server_default="",
                                      nullable=False))


def downgrade():
    with op.batch_alter_table("quiz_attempts") as batch_op:
        batch_op.drop_column("language")
    with op.batch_alter_table("questions") as batch_op:
        batch_op.drop_column("revision")
    for table in ("question_translations", "lesson_translations", "module_translations",
                  "course_translations"):
        op.drop_table(table)
