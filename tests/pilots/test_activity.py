"""The activity log and its attachments."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from app.extensions import db
from app.files.models import StoredFile
from app.pilots.models import PilotActivity, PilotAttachment


def test_activity_with_attachments(client, login_as, make_project):
    organiser = login_as("organiser")
    project = make_project(actor=organiser)
    response = client.post(f"/pilots/{project.id}/activity/new", data={
        "occurred_on": "2025-03-12", "title": "Opening workshop",
        "body": "Twelve *instructors* met.",
        "attachments": [(io.BytesIO(b"Minutes of the meeting."), "minutes.txt"),
                        (io.BytesIO(b"Agenda."), "agenda.txt")],
    }, content_type="multipart/form-data")
    assert response.status_code == 302
    activity = db.session.scalar(select(PilotActivity))
    assert [a.file.original_name for a in activity.attachments] == ["minutes.txt",
                                                                     "agenda.txt"]
    page = client.get(f"/pilots/{project.id}").get_data(as_text=True)
    assert "<em>instructors</em>" in page
    assert "minutes.txt" in page
    download = client.get(f"/pilots/attachments/{activity.attachments[0].id}")
    assert download.data == b"Minutes of the meeting."
    assert "attachment" in download.headers["Content-Disposition"]

    client.post(f"/pilots/attachments/{activity.attachments[1].id}/delete")
    assert db.session.scalar(select(func.count(StoredFile.id))) == 1
    client.post(f"/pilots/activity/{activity.id}/delete")
    assert db.session.scalar(select(func.count(StoredFile.id))) == 0
    assert db.session.scalar(select(func.count(PilotAttachment.id))) == 0


def test_refused_upload_keeps_nothing(client, login_as, make_project):
    organiser = login_as("organiser")
    project = make_project(actor=organiser)
    page = client.post(f"/pilots/{project.id}/activity/new", data={
        "occurred_on": "2025-03-12", "title": "Visit",
        "attachments": [(io.BytesIO(b"<html><script>x</script></html>"), "page.html")],
    }, content_type="multipart/form-data")
    assert page.status_code == 200
    assert "Files of type .html are not accepted." in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count(PilotActivity.id))) == 0
    assert db.session.scalar(select(func.count(StoredFile.id))) == 0


def test_activity_edit_adds_attachments(client, login_as, make_project):
    organiser = login_as("organiser")
    project = make_project(actor=organiser)
    client.post(f"/pilots/{project.id}/activity/new",
                data={"occurred_on": "2025-03-12", "title": "Visit"})
    activity = db.session.scalar(select(PilotActivity))
    response = client.post(f"/pilots/activity/{activity.id}/edit", data={
        "occurred_on": "2025-03-13", "title": "Site visit",
        "attachments": [(io.BytesIO(b"Report."), "report.txt")],
    }, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    activity = db.session.get(PilotActivity, activity.id)
    assert activity.title == "Site visit"
    assert len(activity.attachments) == 1
