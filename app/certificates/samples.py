"""Sample data: template previews, `flask certificates sample`, demo learners, benchmarks.

One official per script the certificates must print correctly. The names are fictional.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from app.certificates.data import SAMPLE, CertificateData


@dataclass(frozen=True)
class SampleHolder:
    script: str
    name: str
    native_name: str
    language: str  # BCP 47: the official's language, for a bilingual certificate
    country: str


SCRIPT_SAMPLES = [
    SampleHolder("Latin (Vietnamese)", "NGUYỄN Thị Phương Thảo", "", "vi", "VN"),
    SampleHolder("Hangul", "KIM Min-jun", "김민준", "ko", "KR"),
    SampleHolder("Han", "TAN Wei Ming", "陈伟明", "en", "SG"),
    SampleHolder("Thai", "Somchai JAIDEE", "สมชาย ใจดี", "th", "TH"),
    SampleHolder("Lao", "Somphone PHOMMAVONG", "ສົມພອນ ພົມມະວົງ", "lo", "LA"),
    SampleHolder("Khmer", "CHAN Sokha", "ចាន់ សុខា", "km", "KH"),
    SampleHolder("Myanmar", "Aung Kyaw Min", "အောင်ကျော်မင်း", "my", "MM"),
    SampleHolder("Tamil", "Murugan SELVARAJ", "முருகன் செல்வராஜ்", "en", "SG"),
    SampleHolder("Jawi (Arabic script)", "Muhammad Hafiz bin ABDULLAH", "محمد حافظ بن عبدالله",
                 "ms", "BN"),
]

SAMPLE_CODE = "sampleaaaaaaaaaaaaaaaaaaaa"
SAMPLE_SERIAL = "AKMN-0000-000000"
SAMPLE_ISSUED = date(2026, 3, 13)


def sample_for_language(language: str) -> SampleHolder:
    for holder in SCRIPT_SAMPLES:
        if holder.language == language and holder.native_name:
            return holder
    return SCRIPT_SAMPLES[0]


def sample_data(name: str | None = None, native_name: str | None = None,
                language: str = "") -> CertificateData:
    holder = sample_for_language(language)
    return replace(SAMPLE, holder_name=name if name is not None else holder.name,
                   holder_native_name=native_name if native_name is not None
                   else holder.native_name)


def sample_pdf(template: str, *, language: str = "", name: str | None = None,
               native_name: str | None = None) -> bytes:
    """A SPECIMEN certificate with the template's current settings (for designing)."""
    from flask import current_app

    from app.certificates import design
    from app.certificates.rendering import render_pdf
    from app.certificates.services import verification_url

    spec = design.get_spec(template)
    language = language if spec.bilingual else ""
    if spec.bilingual and not language:
        language = "km"
    resolved = design.resolve(spec, language)
    issuer = current_app.config.get("CERTIFICATE_ISSUER", "ASEAN-Korea Migration Network")
    data = sample_data(name, native_name, language).with_defaults(
        issuer=issuer, signatories=resolved.signatories)
    job = design.make_job(
        data=data, serial=SAMPLE_SERIAL, code=SAMPLE_CODE,
        verify_url=verification_url(SAMPLE_CODE), issued_on=SAMPLE_ISSUED, language=language,
        texts=resolved.texts, texts_native=resolved.texts_native, logos=list(resolved.logos),
        specimen=True)
    return render_pdf(spec, job, title=f"Specimen certificate ({spec.label})", author=issuer,
                      font_dirs=design.font_dirs()).pdf
