"""Checking and storing uploads (serving them is app.files.views.send_stored_file)."""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import unicodedata
import zipfile

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from app.extensions import db
from app.files.models import StoredFile

IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
               "gif": "image/gif", "webp": "image/webp"}
PIL_FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "txt": "text/plain",
    "csv": "text/csv",
}
REFUSED = {"html", "htm", "xhtml", "svg", "svgz", "xml", "js", "mjs", "exe", "bat", "sh"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class UploadRejected(Exception):
    """The file was refused; the message says why, for the user."""


def safe_filename(name: str) -> str:
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"<>:|?*;]", "", name).strip(" .")
    return name[:200] or "file"


def _check_document(ext: str, data: bytes) -> None:
    ok = False
    if ext == "pdf":
        ok = data[:1024].lstrip().startswith(b"%PDF-")
    elif ext in {"docx", "xlsx", "pptx", "odt", "ods", "odp"}:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        ok = "[Content_Types].xml" in names if ext in {"docx", "xlsx", "pptx"} \
            else "mimetype" in names
    elif ext in {"doc", "xls", "ppt"}:
        ok = data.startswith(OLE_MAGIC)
    elif ext in {"txt", "csv"}:
        head = data[:4096].lower()
        try:
            data.decode("utf-8")
            ok = b"<html" not in head and b"<script" not in head and b"<svg" not in head
        except UnicodeDecodeError:
            ok = False
    if not ok:
        raise UploadRejected(_("The content of the file does not match its type (.%(ext)s).",
                               ext=ext))


def store_upload(file_storage, *, kinds: set[str], uploaded_by=None) -> StoredFile:
    """Check and store an uploaded file (a werkzeug FileStorage). Raises UploadRejected."""
    name = safe_filename(file_storage.filename or "")
    data = file_storage.read()
    return store_bytes(name, data, kinds=kinds, uploaded_by=uploaded_by)


def inspect_bytes(name: str, data: bytes, *, kinds: set[str]
                  ) -> tuple[str, str, int | None, int | None]:
    """Check a file as store_bytes does, without storing it: (kind, content type, width,
    height). Raises UploadRejected."""
    name = safe_filename(name)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    if not data:
        raise UploadRejected(_("The file is empty."))
    if len(data) > limit:
        raise UploadRejected(_("The file is larger than %(mb)d MB.", mb=limit // (1024 * 1024)))
    if ext in REFUSED:
        raise UploadRejected(_("Files of type .%(ext)s are not accepted.", ext=ext))
    width = height = None
    if ext in IMAGE_TYPES and "image" in kinds:
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                actual = PIL_FORMATS.get(image.format or "")
                width, height = image.size
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise UploadRejected(_("The file is not a valid image.")) from exc
        if actual is None or IMAGE_TYPES[actual] != IMAGE_TYPES[ext]:
            raise UploadRejected(_("The content of the file does not match its type (.%(ext)s).",
                                   ext=ext))
        if width * height > 40_000_000:
            raise UploadRejected(_("The image is too large."))
        kind, content_type = "image", IMAGE_TYPES[ext]
    elif ext in DOCUMENT_TYPES and "document" in kinds:
        _check_document(ext, data)
        kind, content_type = "document", DOCUMENT_TYPES[ext]
    else:
        allowed = sorted(
            (set(IMAGE_TYPES) if "image" in kinds else set())
            | (set(DOCUMENT_TYPES) if "document" in kinds else set())
        )
        raise UploadRejected(_("Files of type .%(ext)s are not accepted. Allowed: %(allowed)s.",
                               ext=ext or "?", allowed=", ".join(allowed)))
    return kind, content_type, width, height


def store_bytes(name: str, data: bytes, *, kinds: set[str], uploaded_by=None) -> StoredFile:
    name = safe_filename(name)
    kind, content_type, width, height = inspect_bytes(name, data, kinds=kinds)
    stored = StoredFile(
        key=secrets.token_urlsafe(24),
        original_name=name,
        content_type=content_type,
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        width=width,
        height=height,
        uploaded_by_id=getattr(uploaded_by, "id", None),
        data=data,
    )
    db.session.add(stored)
    db.session.flush()
    return stored
