"""The expert directory. Core model laid down by the foundation (so meetings and pilots can
refer to experts); the experts issue extends this module with the taxonomy of expertise
areas, languages spoken, publications and the photo."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models_base import Timestamps, owner_key
from app.timeutil import utcnow

if TYPE_CHECKING:
    from app.auth.models import User
    from app.files.models import StoredFile

PUBLIC, MEMBERS, ORGANISERS = "public", "members", "organisers"
VISIBILITY_LEVELS = (PUBLIC, MEMBERS, ORGANISERS)
ORGANISATION_TYPES = ("government", "academia", "international", "civil-society", "private")

# Which expertise areas an expert works on (many to many).
expert_areas = Table(
    "expert_areas",
    db.metadata,
    Column("expert_id", ForeignKey("experts.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("expertise_areas.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class ExpertiseArea(db.Model):
    """One entry of the taxonomy kept by organisers. The slug never changes (CSV files and
    links use it); the name and description can be edited; retired areas are no longer
    offered for new profiles or filters but stay on the profiles that have them."""

    __tablename__ = "expertise_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(150))
    description: Mapped[str] = mapped_column(Text, default="")
    retired: Mapped[bool] = mapped_column(default=False, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<ExpertiseArea {self.slug}>"


class Expert(Timestamps, db.Model):
    __tablename__ = "experts"
    # Most experts have no account: a partial index, or ANALYZE's statistics (one value, NULL,
    # for every row) make SQLite scan all experts to find a user's profile (1.5 ms in 5,000).
    __table_args__ = (Index("ix_experts_account", "user_id",
                            sqlite_where=text("user_id IS NOT NULL"),
                            postgresql_where=text("user_id IS NOT NULL")),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    native_name: Mapped[str] = mapped_column(String(200), default="")
    honorific: Mapped[str] = mapped_column(String(40), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(300), default="")
    organisation_type: Mapped[str] = mapped_column(String(20), default="", index=True)
    country: Mapped[str] = mapped_column(String(2), default="XX", index=True)
    bio: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    email_visibility: Mapped[str] = mapped_column(String(12), default=ORGANISERS)
    phone: Mapped[str] = mapped_column(String(60), default="")
    phone_visibility: Mapped[str] = mapped_column(String(12), default=ORGANISERS)
    consent_date: Mapped[date | None]
    consent_recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    archived: Mapped[bool] = mapped_column(default=False, index=True)
    is_demo: Mapped[bool] = mapped_column(default=False)
    # Added by the experts issue. Keywords are stored "; "-joined: they are searched (the
    # full-text index reads this column), never filtered on.
    keywords: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User | None] = relationship("User", foreign_keys=[user_id])
    consent_recorded_by: Mapped[User | None] = relationship(
        "User", foreign_keys=[consent_recorded_by_id])
    photo_row: Mapped[ExpertPhoto | None] = relationship(
        back_populates="expert", cascade="all, delete-orphan", passive_deletes=True)
    areas: Mapped[list[ExpertiseArea]] = relationship(
        secondary=expert_areas, order_by=ExpertiseArea.name)
    language_rows: Mapped[list[ExpertLanguage]] = relationship(
        back_populates="expert", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ExpertLanguage.position")
    publications: Mapped[list[ExpertPublication]] = relationship(
        back_populates="expert", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ExpertPublication.position")

    @property
    def listed_publicly(self) -> bool:
        return self.consent_date is not None and not self.archived

    @property
    def display_name(self) -> str:
        parts = [self.honorific, self.name]
        label = " ".join(p for p in parts if p)
        if self.native_name and self.native_name != self.name:
            label += f" ({self.native_name})"
        return label

    @property
    def photo(self) -> StoredFile | None:
        return self.photo_row.file if self.photo_row is not None else None

    @property
    def languages(self) -> list[str]:
        return [row.language for row in self.language_rows]

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(";") if k.strip()]


class ExpertLanguage(db.Model):
    """A language the expert speaks (BCP 47), in the order the expert gave them."""

    __tablename__ = "expert_languages"
    __table_args__ = (UniqueConstraint("expert_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = owner_key("experts")
    language: Mapped[str] = mapped_column(String(20), index=True)
    position: Mapped[int] = mapped_column(default=0)

    expert: Mapped[Expert] = relationship(back_populates="language_rows")


class ExpertPublication(db.Model):
    """A publication or a link (report, article, profile page) listed on the profile."""

    __tablename__ = "expert_publications"
    __table_args__ = (Index("ix_expert_publications_expert_id_position", "expert_id",
                            "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(500))
    url: Mapped[str] = mapped_column(String(1000), default="")
    year: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)

    expert: Mapped[Expert] = relationship(back_populates="publications")


class ExpertPhoto(db.Model):
    """The expert's photo (resized, without metadata), kept in the file store. A table of
    its own so that adding it did not rebuild `experts` on SQLite."""

    __tablename__ = "expert_photos"

    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"),
                                           primary_key=True)
    file_id: Mapped[int] = owner_key("stored_files")

    expert: Mapped[Expert] = relationship(back_populates="photo_row")
    file: Mapped[StoredFile] = relationship("StoredFile")
