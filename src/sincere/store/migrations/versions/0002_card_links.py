"""card links

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 12:08:40.246812
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "card_links",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("max_views", sa.Integer(), nullable=True),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("trust_at_issue", sa.Float(), nullable=False),
        sa.Column("anyway", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_card_links_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_card_links_token_hash")),
    )
    with op.batch_alter_table("card_links", schema=None) as batch_op:
        batch_op.create_index("ix_card_links_person_id", ["person_id"], unique=False)

    op.create_table(
        "card_views",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("link_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("agent", sa.String(length=40), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["card_links.id"],
            name=op.f("fk_card_views_link_id_card_links"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_views")),
    )
    with op.batch_alter_table("card_views", schema=None) as batch_op:
        batch_op.create_index("ix_card_views_link_id", ["link_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("card_views", schema=None) as batch_op:
        batch_op.drop_index("ix_card_views_link_id")

    op.drop_table("card_views")
    with op.batch_alter_table("card_links", schema=None) as batch_op:
        batch_op.drop_index("ix_card_links_person_id")

    op.drop_table("card_links")
    op.drop_table("settings")
