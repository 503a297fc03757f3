"""Background work of the notifications domain."""

from __future__ import annotations

from app import jobs
from app.extensions import db


@jobs.task(retries=5, backoff=30)
def send_announcement(announcement_id: int) -> None:
    """Notify the cohort of an announcement (idempotent: the unique key skips those already
    notified, so a retry after a crash half-way notifies each learner once)."""
    from app.notifications import queries, services
    from app.notifications.links import path_for
    from app.notifications.models import Announcement

    announcement = db.session.get(Announcement, announcement_id)
    if announcement is None:
        return
    workshop = announcement.workshop
    learners = [u for u in queries.cohort(workshop.id) if u.id != announcement.author_id]
    services.notify(
        learners, "announcement", subject=f"announcement:{announcement.id}", event="posted",
        data={"title": announcement.title, "workshop": workshop.title},
        email_text=announcement.body,
        url=path_for("notifications.announcements", workshop_id=workshop.id)
        + f"#announcement-{announcement.id}")


@jobs.task(retries=5, backoff=30)
def notify_certificate(certificate_id: int, event: str) -> None:
    """Tell the holder that their certificate was issued or revoked (once per event)."""
    from app.certificates.models import Certificate
    from app.notifications import services
    from app.notifications.links import path_for

    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or event not in ("issued", "revoked"):
        return
    services.notify([certificate.holder], f"certificate_{event}",
                    subject=f"certificate:{certificate.id}", event=event,
                    data={"title": certificate.title or certificate.serial},
                    url=path_for("certificates.detail", certificate_id=certificate.id))


@jobs.task(retries=5, backoff=30)
def notify_essay_submitted(attempt_id: int) -> None:
    """An essay waits for grading: tell the course's trainers (its authors)."""
    from app.notifications import services
    from app.notifications.links import path_for
    from app.quizzes.models import Attempt

    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.is_preview or not attempt.needs_grading:
        return
    quiz = attempt.quiz
    trainers = [u for u in quiz.course.authors if u.id != attempt.user_id]
    services.notify(trainers, "essay_submitted", subject=f"attempt:{attempt.id}",
                    event="submitted", data={"title": quiz.title, "name": attempt.user.name},
                    url=path_for("quizzes.grade_attempt", attempt_id=attempt.id))


@jobs.task(retries=5, backoff=30)
def notify_attempt_graded(attempt_id: int) -> None:
    """The learner's attempt got its grade (an essay graded, a quiz reviewed or regraded):
    one notification per grade reached."""
    from app.notifications import services
    from app.notifications.links import path_for
    from app.quizzes.models import Attempt

    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.is_preview or attempt.needs_grading:
        return
    grade = "" if attempt.percent is None else f"{attempt.percent:.0f} %"
    services.notify([attempt.user], "attempt_graded", subject=f"attempt:{attempt.id}",
                    event=f"graded:{attempt.score}/{attempt.max_score}",
                    data={"title": attempt.quiz.title, "grade": grade},
                    url=path_for("quizzes.review", attempt_id=attempt.id))
