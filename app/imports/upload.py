"""The upload page every CSV import shares (users, experts, a workshop's roster): the file
read as UTF-8, a big one handed to a background job (its progress page), a small one imported
here and now with its line-numbered report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.imports.services import ImportTooBig, start_if_big


def import_page(form, kind: str, template: str, read: Callable[[str], Any],
                done: Callable[[Any, str], tuple[str, str]], *, target_id: int | None = None,
                **context):
    """On a valid POST of `form` (its `file` field): a big file becomes an import job of `kind`
    (redirect to its progress page); otherwise `read(text)` checks it now, a result whose
    `errors` (by line) refuse the file with nothing written; else `done(result, filename)`
    writes what remains and returns `(message, url)`: flash the message, redirect there. The
    page `template` gets `form`, `errors`, `filename` and `context`."""
    errors = []
    if form.validate_on_submit():
        filename = form.file.data.filename or ""
        try:
            text = form.file.data.read().decode("utf-8")
        except UnicodeDecodeError:
            form.file.errors.append(_("The file is not UTF-8 text."))
        else:
            try:
                job = start_if_big(kind, text, actor=current_user, target_id=target_id,
                                   filename=filename)
            except ImportTooBig as exc:
                form.file.errors.append(str(exc))
            else:
                if job is not None:
                    return redirect(url_for("imports.progress", job_id=job.id))
                result = read(text)
                errors = result.errors
                if not errors:
                    message, url = done(result, filename)
                    flash(message, "success")
                    return redirect(url)
    return render_template(template, form=form, errors=errors,
                           filename=getattr(form.file.data, "filename", "") or "", **context)
