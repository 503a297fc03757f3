"""Certificates, their serial counters, signing keys and organisers' template settings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.auth.models import User
from app.certificates.data import CertificateData, Signatory
from app.extensions import db
from app.files.models import StoredFile
from app.models_base import optional_key, owner_key
from app.timeutil import utcnow

VALID, REVOKED, REPLACED = "valid", "revoked", "replaced"
STATUSES = (VALID, REVOKED, REPLACED)


class Certificate(db.Model):
    """One issued certificate: what it says (frozen at issue), its PDF and its state."""

    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("year", "number"),
        Index("ix_certificates_pending", "rendered_at", "id"),
        # The few whose rendering failed, per workshop (the organiser's home counts them).
        Index("ix_certificates_failed", "workshop_id",
              sqlite_where=text("rendered_at IS NULL AND render_error IS NOT NULL"),
              postgresql_where=text("rendered_at IS NULL AND render_error IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(32), unique=True)
    year: Mapped[int]
    number: Mapped[int]
    verification_code: Mapped[str] = mapped_column(String(40), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    # The workshops domain adds the foreign key to workshops.id.
    workshop_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("workshops.id", ondelete="SET NULL"), index=True)
    template: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(12), default="")  # beside English; "" none
    status: Mapped[str] = mapped_column(String(12), default=VALID, index=True)

    # The snapshot: exactly what is printed.
    holder_name: Mapped[str] = mapped_column(String(200), index=True)
    holder_native_name: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    title_native: Mapped[str] = mapped_column(String(300), default="")
    course_titles: Mapped[list] = mapped_column(JSON, default=list)
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    hours: Mapped[float | None]
    venue: Mapped[str] = mapped_column(String(200), default="")
    host_country: Mapped[str] = mapped_column(String(2), default="")
    issuer: Mapped[str] = mapped_column(String(200), default="")
    signatories: Mapped[list] = mapped_column(JSON, default=list)
    # Texts, logos and signature images as printed (resolved from the template settings).
    printed: Mapped[dict] = mapped_column(JSON, default=dict)

    issued_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    issued_by_id: Mapped[int | None] = optional_key("users")

    # The PDF, rendered once right after issue and never again.
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    pdf_size: Mapped[int | None]
    signature: Mapped[str | None] = mapped_column(String(100))  # Ed25519, base64url
    signing_key_id: Mapped[str | None] = mapped_column(String(16))
    rendered_at: Mapped[datetime | None]
    render_claim: Mapped[str | None] = mapped_column(String(32))
    render_claimed_at: Mapped[datetime | None]
    render_error: Mapped[str | None] = mapped_column(Text)

    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = optional_key("users")
    revocation_reason: Mapped[str] = mapped_column(Text, default="")
    reissue_of_id: Mapped[int | None] = optional_key("certificates")
    reissue_reason: Mapped[str] = mapped_column(Text, default="")

    holder: Mapped[User] = relationship(foreign_keys=[user_id])
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])
    reissue_of: Mapped[Certificate | None] = relationship(remote_side=[id],
                                                          foreign_keys=[reissue_of_id])

    @property
    def is_rendered(self) -> bool:
        return self.rendered_at is not None

    @property
    def is_valid(self) -> bool:
        return self.status == VALID

    @property
    def snapshot(self) -> CertificateData:
        return CertificateData(
            holder_name=self.holder_name,
            holder_native_name=self.holder_native_name,
            title=self.title,
            title_native=self.title_native,
            course_titles=tuple(self.course_titles or ()),
            start_date=self.start_date,
            end_date=self.end_date,
            hours=self.hours,
            venue=self.venue,
            host_country=self.host_country,
            issuer=self.issuer,
            signatories=tuple(Signatory.from_dict(s) for s in self.signatories or ()),
        )

    @property
    def languages(self) -> list[str]:
        return [self.language, "en"] if self.language else ["en"]

    def __repr__(self) -> str:
        return f"<Certificate {self.serial}>"


class CertificateCounter(db.Model):
    """The last serial number used in a year: one row per year, updated under a lock."""

    __tablename__ = "certificate_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(default=0)


class SigningKey(db.Model):
    """An Ed25519 key. The public key is published for ever; the private key is encrypted
    with a key derived from SECRET_KEY (AES-256-GCM), so a database dump alone cannot sign."""

    __tablename__ = "certificate_signing_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_id: Mapped[str] = mapped_column(String(16), unique=True)
    public_key: Mapped[str] = mapped_column(String(64))  # raw 32 bytes, base64url
    private_key_encrypted: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    active: Mapped[bool] = mapped_column(default=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = optional_key("users")
    retired_at: Mapped[datetime | None]

    created_by: Mapped[User | None] = relationship()


class TemplateSettings(db.Model):
    """Organisers' edits of a template folder's texts, logos and signatories."""

    __tablename__ = "certificate_template_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    template: Mapped[str] = mapped_column(String(60), unique=True)
    # {language: {text key: text}} — only the texts organisers changed.
    texts: Mapped[dict] = mapped_column(JSON, default=dict)
    # Print the template's own logos (its metadata.yaml) before the uploaded ones.
    use_default_logos: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = optional_key("users")
    # False until organisers save signatories; then the rows below replace the defaults.
    custom_signatories: Mapped[bool] = mapped_column(default=False)

    signatory_rows: Mapped[list[TemplateSignatory]] = relationship(
        back_populates="settings", order_by="TemplateSignatory.position",
        cascade="all, delete-orphan")
    logo_rows: Mapped[list[TemplateLogo]] = relationship(
        back_populates="settings", order_by="TemplateLogo.position",
        cascade="all, delete-orphan")


class TemplateSignatory(db.Model):
    __tablename__ = "certificate_template_signatories"

    id: Mapped[int] = mapped_column(primary_key=True)
    settings_id: Mapped[int] = owner_key("certificate_template_settings")
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    signature_file_id: Mapped[int | None] = optional_key("stored_files")

    settings: Mapped[TemplateSettings] = relationship(back_populates="signatory_rows")
    signature_file: Mapped[StoredFile | None] = relationship()


class TemplateLogo(db.Model):
    __tablename__ = "certificate_template_logos"

    id: Mapped[int] = mapped_column(primary_key=True)
    settings_id: Mapped[int] = owner_key("certificate_template_settings")
    position: Mapped[int] = mapped_column(default=0)
    file_id: Mapped[int] = owner_key("stored_files")

    settings: Mapped[TemplateSettings] = relationship(back_populates="logo_rows")
    file: Mapped[StoredFile] = relationship()
