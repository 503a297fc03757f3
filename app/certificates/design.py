"""Template folders plus organisers' edits (texts, signatories, logos) stored in the database."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.certificates.data import CertificateData, Signatory
from app.certificates.models import TemplateLogo, TemplateSettings, TemplateSignatory
from app.certificates.rendering.context import RenderJob
from app.certificates.rendering.fonts import DEFAULT_FONT_DIRS
from app.certificates.rendering.templates import TemplateSpec, discover
from app.extensions import db
from app.files.models import StoredFile
from app.reference import LANGUAGES


class UnknownTemplate(LookupError):
    pass


def specs() -> dict[str, TemplateSpec]:
    return discover(current_app.config.get("CERTIFICATE_TEMPLATES_PATH"))


def get_spec(name: str) -> TemplateSpec:
    found = specs().get(name)
    if found is None:
        raise UnknownTemplate(name)
    return found


def font_dirs() -> tuple[str, ...]:
    return tuple(current_app.config.get("CERTIFICATE_FONT_DIRS") or DEFAULT_FONT_DIRS)


# Names of the built-in templates for the catalogue (metadata.yaml holds the English).
BUILT_IN_LABELS = {"Classic": _l("Classic"), "Bilingual": _l("Bilingual")}


def template_label(spec: TemplateSpec) -> str:
    """A template's name in the interface language (a custom template keeps its own)."""
    return str(BUILT_IN_LABELS.get(spec.label, spec.label))


def template_choices() -> list[tuple[str, str]]:
    return [(name, template_label(spec)) for name, spec in specs().items()]


def language_choices() -> list[tuple[str, str]]:
    """Languages a bilingual certificate can be in (besides English)."""
    return [(code, name) for code, name in LANGUAGES.items() if code != "en"]


def settings_for(name: str, *, create: bool = False) -> TemplateSettings | None:
    settings = db.session.scalars(
        select(TemplateSettings).where(TemplateSettings.template == name)).first()
    if settings is None and create:
        settings = TemplateSettings(template=name, texts={})
        db.session.add(settings)
    return settings


@dataclass(frozen=True)
class Resolved:
    """What a template prints for a language: defaults overlaid with organisers' edits."""

    texts: dict[str, str]
    texts_native: dict[str, str]
    signatories: tuple[Signatory, ...]
    logos: tuple[dict, ...]  # {"template": file name} or {"file": StoredFile key}


def texts_for(spec: TemplateSpec, settings: TemplateSettings | None, language: str) -> dict:
    texts = spec.text_defaults(language)
    if language != "en":  # a text not translated into this language falls back to English
        english = spec.text_defaults("en")
        texts = {k: v or english[k] for k, v in texts.items()}
    if settings is not None:
        for key, value in (settings.texts or {}).get(language, {}).items():
            if key in texts:
                texts[key] = value
    return texts


def resolve(spec: TemplateSpec, language: str = "") -> Resolved:
    settings = settings_for(spec.name)
    texts = texts_for(spec, settings, "en")
    texts_native = texts_for(spec, settings, language) if spec.bilingual and language else {}
    if settings is not None and settings.custom_signatories:
        signatories = tuple(
            Signatory(row.name, row.title,
                      row.signature_file.key if row.signature_file is not None else None)
            for row in settings.signatory_rows)
    else:
        signatories = tuple(Signatory.from_dict(s) for s in spec.default_signatories)
    logos: list[dict] = []
    if settings is None or settings.use_default_logos:
        logos.extend({"template": name} for name in spec.default_logos)
    if settings is not None:
        logos.extend({"file": row.file.key} for row in settings.logo_rows)
    return Resolved(texts=texts, texts_native=texts_native,
                    signatories=signatories[:spec.max_signatories],
                    logos=tuple(logos[:spec.max_logos]))


# Editing ----------------------------------------------------------------------------------

def save_texts(spec: TemplateSpec, language: str, values: dict[str, str], *, actor) -> None:
    """Store the texts that differ from the template's defaults (blank = the default)."""
    settings = settings_for(spec.name, create=True)
    defaults = spec.text_defaults(language)
    changed = {key: value.strip() for key, value in values.items()
               if key in defaults and value.strip() and value.strip() != defaults[key]}
    texts = dict(settings.texts or {})
    if changed:
        texts[language] = changed
    else:
        texts.pop(language, None)
    settings.texts = texts
    settings.updated_by_id = actor.id


def save_signatories(spec: TemplateSpec, rows: list[dict], *, actor) -> None:
    """rows: [{name, title, file: StoredFile | None, keep_image: bool}] in order.

    A row without a new image keeps the image of the row at the same position when
    `keep_image` is set.
    """
    settings = settings_for(spec.name, create=True)
    old = {row.position: row.signature_file_id for row in settings.signatory_rows}
    settings.signatory_rows.clear()
    db.session.flush()
    for position, row in enumerate(r for r in rows if r["name"].strip()):
        file_id = row["file"].id if row.get("file") is not None else (
            old.get(row.get("position", position)) if row.get("keep_image") else None)
        settings.signatory_rows.append(TemplateSignatory(
            position=position, name=row["name"].strip(), title=row["title"].strip(),
            signature_file_id=file_id))
    settings.custom_signatories = True
    settings.updated_by_id = actor.id


def save_logos(spec: TemplateSpec, *, use_default: bool, keep: list[int],
               new_files: list[StoredFile], actor) -> None:
    """Keep the uploaded logos whose ids are in `keep`, then add `new_files`."""
    settings = settings_for(spec.name, create=True)
    kept = [row.file_id for row in settings.logo_rows if row.file_id in keep]
    settings.logo_rows.clear()
    db.session.flush()
    for position, file_id in enumerate(kept + [f.id for f in new_files]):
        settings.logo_rows.append(TemplateLogo(position=position, file_id=file_id))
    settings.use_default_logos = use_default
    settings.updated_by_id = actor.id


def template_image(spec: TemplateSpec, key: str) -> StoredFile | None:
    """An uploaded image (logo or signature) that this template's settings use."""
    settings = settings_for(spec.name)
    if settings is None:
        return None
    files = [row.file for row in settings.logo_rows]
    files += [row.signature_file for row in settings.signatory_rows if row.signature_file]
    return next((f for f in files if f.key == key), None)


def reset(spec: TemplateSpec) -> None:
    settings = settings_for(spec.name)
    if settings is not None:
        db.session.delete(settings)


# Rendering input --------------------------------------------------------------------------

def _stored_images(keys: set[str]) -> dict[str, tuple[bytes, str]]:
    if not keys:
        return {}
    files = db.session.scalars(select(StoredFile).where(StoredFile.key.in_(keys))).all()
    return {f.key: (f.data, f.content_type) for f in files}


def make_job(*, data: CertificateData, serial: str, code: str, verify_url: str,
             issued_on, language: str, texts: dict, texts_native: dict, logos: list[dict],
             specimen: bool = False) -> RenderJob:
    """A RenderJob with the uploaded images it prints loaded from the database."""
    from app.certificates.services import short_url

    keys = {s.image for s in data.signatories if s.image}
    keys |= {logo["file"] for logo in logos if "file" in logo}
    images = _stored_images(keys)
    assets = {f"upload-{key}": image for key, image in images.items()}

    def asset(key: str | None) -> str | None:
        return f"upload-{key}" if key in images else None

    return RenderJob(
        data=data, serial=serial, code=code, verify_url=verify_url,
        short_url=short_url(verify_url), issued_on=issued_on, language=language,
        texts=texts, texts_native=texts_native,
        signatories=[(s.name, s.title, asset(s.image)) for s in data.signatories],
        logos=[logo["template"] if "template" in logo else asset(logo["file"])
               for logo in logos if "template" in logo or asset(logo["file"])],
        assets=assets, specimen=specimen)
