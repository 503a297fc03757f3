"""What a certificate says: the snapshot frozen at issue, independent of later profile edits.

The workshops domain builds a ``CertificateData`` per completing learner (see
``eligibility.py``); organisers can also issue one by hand. ``Signatory.image`` is the key of
a stored signature image (app.files), kept for the record; the image itself is in the PDF.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date


@dataclass(frozen=True)
class Signatory:
    name: str
    title: str = ""
    image: str | None = None  # StoredFile.key of the signature image, if any

    @classmethod
    def from_dict(cls, raw: dict) -> Signatory:
        return cls(name=str(raw.get("name", "")), title=str(raw.get("title", "")),
                   image=raw.get("image") or None)


@dataclass(frozen=True)
class CertificateData:
    holder_name: str
    holder_native_name: str = ""
    title: str = ""  # the workshop (or training) in English
    title_native: str = ""  # the same title in the certificate's other language, if any
    course_titles: tuple[str, ...] = ()
    start_date: date | None = None
    end_date: date | None = None
    hours: float | None = None
    venue: str = ""  # "Phnom Penh" or "Online"
    host_country: str = ""  # ISO 3166-1 alpha-2, "" if online
    issuer: str = ""
    signatories: tuple[Signatory, ...] = field(default=())

    def with_defaults(self, *, issuer: str, signatories: tuple[Signatory, ...]) -> CertificateData:
        """Fill the issuer and signatories from the template when the caller left them out."""
        return replace(self, issuer=self.issuer or issuer,
                       signatories=self.signatories or signatories)

    def to_dict(self) -> dict:
        raw = asdict(self)
        raw["course_titles"] = list(self.course_titles)
        raw["signatories"] = [asdict(s) for s in self.signatories]
        raw["start_date"] = self.start_date.isoformat() if self.start_date else None
        raw["end_date"] = self.end_date.isoformat() if self.end_date else None
        return raw

    @classmethod
    def from_dict(cls, raw: dict) -> CertificateData:
        def _date(value):
            return date.fromisoformat(value) if value else None

        return cls(
            holder_name=str(raw.get("holder_name", "")),
            holder_native_name=str(raw.get("holder_native_name") or ""),
            title=str(raw.get("title") or ""),
            title_native=str(raw.get("title_native") or ""),
            course_titles=tuple(str(t) for t in raw.get("course_titles") or ()),
            start_date=_date(raw.get("start_date")),
            end_date=_date(raw.get("end_date")),
            hours=float(raw["hours"]) if raw.get("hours") not in (None, "") else None,
            venue=str(raw.get("venue") or ""),
            host_country=str(raw.get("host_country") or ""),
            issuer=str(raw.get("issuer") or ""),
            signatories=tuple(Signatory.from_dict(s) for s in raw.get("signatories") or ()),
        )


SAMPLE = CertificateData(
    holder_name="Nguyễn Thị Phương Thảo",
    holder_native_name="",
    title="Labour Migration Governance in ASEAN and Korea",
    course_titles=("Introduction to International Labour Migration",
                   "Fair Recruitment and the Employment Permit System"),
    start_date=date(2026, 3, 9),
    end_date=date(2026, 3, 13),
    hours=24,
    venue="Phnom Penh",
    host_country="KH",
)
