"""Links between domains built in parallel: the meeting that planned a workshop or a pilot,
a pilot's related workshops, a certificate's workshop.

Revision ID: 0800
Revises: 0700
"""
from alembic import op

revision = '0800'
down_revision = '0700'
branch_labels = None
depends_on = None

LINKS = [
    # table, column, referred table, on delete
    ("certificates", "workshop_id", "workshops", "SET NULL"),
    ("pilot_projects", "planned_by_meeting_id", "meetings", "SET NULL"),
    ("pilot_workshops", "workshop_id", "workshops", "CASCADE"),
    ("workshops", "planned_by_meeting_id", "meetings", "SET NULL"),
]


def upgrade():
    bind = op.get_bind()
    for table, column, referred, ondelete in LINKS:
        # Rows that point at nothing (recorded before the link existed) lose the link.
        if ondelete == "CASCADE":
            bind.exec_driver_sql(
                f"DELETE FROM {table} WHERE {column} IS NOT NULL AND {column} NOT IN "
                f"(SELECT id FROM {referred})")
        else:
            bind.exec_driver_sql(
                f"UPDATE {table} SET {column} = NULL WHERE {column} IS NOT NULL AND "
                f"{column} NOT IN (SELECT id FROM {referred})")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_foreign_key(
                batch_op.f(f"fk_{table}_{column}_{referred}"), referred, [column], ["id"],
                ondelete=ondelete)


def downgrade():
    for table, column, referred, _ondelete in reversed(LINKS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"fk_{table}_{column}_{referred}"),
                                     type_="foreignkey")
