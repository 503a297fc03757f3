"""Who may do what with a course.

- edit: the course's authors (who hold the trainer role), organisers and admins;
- view: published and archived courses for everybody, drafts for editors only;
- study: signed-in users on a published course whose prerequisites they have completed,
  or who are enrolled in a workshop that includes the course (for them the prerequisites
  are advice, not a lock); an archived course stays open to those who had started it;
  editors always.
"""

from __future__ import annotations

from app.auth.models import ORGANISER, TRAINER
from app.courses.models import ARCHIVED, DRAFT, PUBLISHED, Course


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated)


def is_author(user, course: Course) -> bool:
    return _signed_in(user) and any(link.user_id == user.id for link in course.author_links)


def can_edit_course(user, course: Course) -> bool:
    if not _signed_in(user):
        return False
    if user.has_role(ORGANISER):
        return True
    return user.has_role(TRAINER) and is_author(user, course)


def can_view_course(user, course: Course) -> bool:
    if course.status in (PUBLISHED, ARCHIVED):
        return True
    return course.status == DRAFT and can_edit_course(user, course)


def can_study(user, course: Course) -> bool:
    """May open the course's lessons and record progress (prerequisites included)."""
    from app.courses import progress

    if not _signed_in(user) or not can_view_course(user, course):
        return False
    if can_edit_course(user, course):
        return True
    if course.status == ARCHIVED and not progress.has_started(user, course):
        return False
    return not progress.missing_prerequisites(user, course) or opened_by_workshop(user, course)


def opened_by_workshop(user, course: Course) -> bool:
    """Enrolled in a workshop of this course: the workshop opens it, prerequisites or not."""
    # Workshops build on courses (and import them): imported here, not at the top.
    from app.workshops.services import workshops_opening

    return bool(workshops_opening(user, course))
