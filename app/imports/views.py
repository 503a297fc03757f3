from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user, login_required

from app.extensions import db
from app.imports import bp
from app.imports.kinds import KINDS
from app.imports.models import ImportJob
from app.imports.services import can_view_job


@bp.route("/<int:job_id>")
@login_required
def progress(job_id: int):
    """The uploader's (and admins') view of one import: a bar, then the report."""
    job = db.session.get(ImportJob, job_id)
    if job is None or not can_view_job(current_user, job):
        abort(404)
    return render_template("imports/progress.html", job=job, kind=KINDS[job.kind])
