"""Trainers' page for a course's media library (learners get the files through
`learning.media`)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.courses import bp, services
from app.courses import media as course_media
from app.courses.forms import MediaForm
from app.courses.models import CourseMedia
from app.courses.views.loaders import course_or_404, refuse
from app.extensions import db
from app.files.services import UploadRejected

# Media -------------------------------------------------------------------------------------

@bp.route("/<slug>/media", methods=["GET", "POST"])
@login_required
def media_library(slug: str):
    course = course_or_404(slug, check="edit", outline=False, media=True)
    form = MediaForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            media = course_media.add_media(course, filename=upload.filename or "",
                                           data=upload.read(), name=form.name.data or "",
                                           user=current_user, replace=form.replace.data)
        except UploadRejected as exc:
            form.file.errors = [str(exc)]
        except services.CourseError as exc:
            refuse(form, exc)
        else:
            flash(_("Uploaded. Lessons refer to it as media/%(name)s.", name=media.name),
                  "success")
            return redirect(url_for("courses.media_library", slug=course.slug))
    return render_template("courses/media.html", course=course, form=form,
                           usage=course_media.media_usage(course))


@bp.route("/<slug>/media/<int:media_id>/delete", methods=["POST"])
@login_required
def delete_media(slug: str, media_id: int):
    course = course_or_404(slug, check="edit", outline=False)
    media = db.session.get(CourseMedia, media_id)
    if media is None or media.course_id != course.id:
        abort(404)
    course_media.delete_media(media)
    flash(_("Deleted media/%(name)s.", name=media.name), "success")
    return redirect(url_for("courses.media_library", slug=course.slug))
