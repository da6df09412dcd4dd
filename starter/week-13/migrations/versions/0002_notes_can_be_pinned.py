"""Notes can be pinned: notes.pinned, false for every note that exists.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NOT NULL with a server default: the rows already there get false, none is lost.
    with op.batch_alter_table("notes") as batch:
        batch.add_column(
            sa.Column("pinned", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    # SQLite drops a column by copying the table without it: batch mode does that.
    with op.batch_alter_table("notes") as batch:
        batch.drop_column("pinned")
