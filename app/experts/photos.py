"""Photos of experts: re-encoded (upright, at most 600 px, no metadata) before storing."""

from __future__ import annotations

import io

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from werkzeug.datastructures import FileStorage

from app.auth.audit import record_audit
from app.experts.models import Expert, ExpertPhoto
from app.extensions import db
from app.files.services import IMAGE_TYPES, UploadRejected, store_upload

PHOTO_MAX_PX = 600


def prepare_photo(data: bytes) -> tuple[bytes, str]:
    """Re-encode an uploaded image: upright, at most 600 px, no metadata (EXIF, GPS, XMP,
    ICC, comments are not copied). Returns (bytes, extension)."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > 40_000_000:
                raise UploadRejected(_("The image is too large."))
            image.seek(0)
            image = ImageOps.exif_transpose(image)
            image.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX), Image.Resampling.LANCZOS)
            has_alpha = image.mode in ("RGBA", "LA") or (
                image.mode == "P" and "transparency" in image.info)
            mode = "RGBA" if has_alpha else "RGB"
            clean = image.convert(mode)
            # A fresh image: nothing of the original's info (EXIF, ICC, XMP…) travels along.
            fresh = Image.new(mode, clean.size)
            fresh.paste(clean)
            out = io.BytesIO()
            if has_alpha:
                fresh.save(out, format="PNG", optimize=True)
                return out.getvalue(), "png"
            fresh.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
            return out.getvalue(), "jpg"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as exc:
        raise UploadRejected(_("The file is not a valid image.")) from exc


def set_photo(expert: Expert, upload: FileStorage, *, actor) -> None:
    """Check, clean and store a new photo (raises UploadRejected); the old one is deleted."""
    name = upload.filename or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in IMAGE_TYPES:
        raise UploadRejected(_("Upload a photo in JPEG, PNG, GIF or WebP format."))
    raw = upload.read()
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    if len(raw) > limit:
        raise UploadRejected(_("The file is larger than %(mb)d MB.", mb=limit // (1024 * 1024)))
    data, new_ext = prepare_photo(raw)
    stored = store_upload(FileStorage(io.BytesIO(data), filename=f"expert-{expert.id}.{new_ext}"),
                          kinds={"image"}, uploaded_by=actor)
    row = expert.photo_row
    if row is None:
        expert.photo_row = ExpertPhoto(file=stored)
    else:
        old, row.file = row.file, stored
        db.session.flush()
        db.session.delete(old)
    record_audit("expert.photo", actor=actor, target=f"expert:{expert.id}")


def remove_photo(expert: Expert, *, actor) -> None:
    row = expert.photo_row
    if row is not None:
        stored = row.file
        expert.photo_row = None
        db.session.flush()
        db.session.delete(stored)
        record_audit("expert.photo", actor=actor, target=f"expert:{expert.id}",
                     details="removed")
