"""Notification pages: the list (mark one / all read), e-mail preferences, the personal
calendar feed and its token, a workshop's announcements. Every action is a POST form:
nothing needs JavaScript."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.extensions import db, limiter
from app.notifications import bp, calendar, queries, services
from app.notifications.forms import AnnouncementForm, EmptyForm
from app.notifications.kinds import text_of
from app.notifications.links import absolute
from app.notifications.models import Notification
from app.notifications.permissions import can_post_announcement, can_read_announcements
from app.workshops.views.common import workshop_or_404


def _page_arg() -> int:
    return max(request.args.get("page", 1, type=int) or 1, 1)


@bp.route("/")
@login_required
def index():
    unread_only = request.args.get("unread") == "1"
    page = _page_arg()
    rows, more = queries.page_of(current_user, page, unread_only=unread_only)
    return render_template("notifications/index.html", rows=rows, more=more, page=page,
                           unread_only=unread_only, text_of=text_of, form=EmptyForm())


@bp.route("/<int:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id: int):
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not services.mark_read(current_user, notification_id):
        abort(404)
    if request.form.get("open"):
        row = db.session.get(Notification, notification_id)
        if row is not None and row.url.startswith("/") and not row.url.startswith("//"):
            return redirect(row.url)
    return redirect(url_for("notifications.index"))


@bp.route("/read-all", methods=["POST"])
@login_required
def mark_all_read():
    if not EmptyForm().validate_on_submit():
        abort(400)
    count = services.mark_all_read(current_user)
    flash(_("%(n)d notifications marked read.", n=count), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    form = EmptyForm()
    if form.validate_on_submit():
        services.save_preferences(current_user, set(request.form.getlist("email")))
        flash(_("Your notification preferences have been saved."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form,
                           kinds=services.kinds_for(current_user),
                           chosen=services.preferences(current_user))


@bp.route("/calendar", methods=["GET", "POST"])
@login_required
def calendar_settings():
    form, feed_url = EmptyForm(), None
    if form.validate_on_submit():
        token = services.new_calendar_token(current_user)
        # Shown once, in this response: only the token's hash is stored.
        feed_url = absolute(url_for("notifications.calendar_feed", token=token))
    return render_template("notifications/calendar.html", form=form, feed_url=feed_url,
                           token=services.has_calendar_token(current_user))


@bp.route("/calendar/revoke", methods=["POST"])
@login_required
def revoke_calendar():
    if not EmptyForm().validate_on_submit():
        abort(400)
    if services.revoke_calendar_token(current_user):
        flash(_("Your calendar link has been revoked: it no longer works."), "success")
    return redirect(url_for("notifications.calendar_settings"))


@bp.route("/calendar/<token>.ics")
@limiter.limit("60 per minute")
def calendar_feed(token: str):
    """The feed itself: opened by calendar programs with the token alone, no session."""
    user = services.user_of_calendar_token(token)
    if user is None:
        abort(404)
    response = Response(calendar.feed(user), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="akmn-learn.ics"'
    response.headers["Cache-Control"] = "private, max-age=900"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.route("/workshops/<int:workshop_id>/announcements")
@login_required
def announcements(workshop_id: int):
    workshop = workshop_or_404(workshop_id, can_read_announcements)
    return render_template("notifications/announcements.html", workshop=workshop,
                           announcements=queries.workshop_announcements(workshop.id),
                           can_post=can_post_announcement(current_user, workshop))


@bp.route("/workshops/<int:workshop_id>/announcements/new", methods=["GET", "POST"])
@login_required
def post_announcement(workshop_id: int):
    workshop = workshop_or_404(workshop_id, can_post_announcement)
    form = AnnouncementForm()
    if form.validate_on_submit():
        try:
            services.post_announcement(workshop, author=current_user, title=form.title.data,
                                       body=form.body.data or "")
        except services.NotificationError as exc:
            form.title.errors.append(str(exc))
        else:
            flash(_("Your announcement has been posted to the cohort."), "success")
            return redirect(url_for("notifications.announcements", workshop_id=workshop.id))
    return render_template("notifications/announce.html", workshop=workshop, form=form)

