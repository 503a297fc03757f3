"""Access matrix of the courses blueprint.

The matrix's trainer is NOT an author of the seeded courses: 404 on their authoring pages, as
for learners (a 403 showed that a draft exists); learners and other trainers get 404 on drafts.
`own` is a course the matrix trainer authors.
"""

from app.courses import media as course_media
from app.courses import services
from app.courses.models import PUBLISHED
from app.extensions import db
from tests.access import (
    ADMIN,
    ANON,
    LEARNER,
    LOGIN,
    ORGANISER,
    TRAINER,
    Case,
    everyone,
    only,
    signed_in,
)
from tests.courses.conftest import png_bytes

DRAFT_VIEW = {ANON: 404, LEARNER: 404, TRAINER: 404, ORGANISER: 200, ADMIN: 200}
DRAFT_STUDY = {ANON: LOGIN, LEARNER: 404, TRAINER: 404, ORGANISER: 200, ADMIN: 200}
# Author trainers pass too, but the matrix trainer is not one; non-editors get 404.
EDITORS = only(ORGANISER, others=404)
EDITORS_REDIRECT = only(ORGANISER, status=302, others=404)
OWN = {ANON: LOGIN, LEARNER: 404, TRAINER: 200, ORGANISER: 200, ADMIN: 200}


def _course(author, title, status=PUBLISHED, extra_author=None):
    course = services.create_course(author, title=title)
    module = services.create_module(course, title="Module")
    lesson = services.create_lesson(module, title="Lesson", body="## Hello")
    services.create_lesson(module, title="Second lesson", body="More")
    course_media.add_media(course, filename="chart.png", data=png_bytes())
    if extra_author is not None:
        services.add_author(course, extra_author.email)
    if status == PUBLISHED:
        services.set_status(course, PUBLISHED)
    return course, module, lesson


def seed(world):
    from app.auth import services as accounts
    from tests.conftest import TEST_PASSWORD

    author = accounts.create_user(email="author@matrix.test", name="Course Author",
                                  password=TEST_PASSWORD, roles={"trainer"})
    co_author = accounts.create_user(email="coauthor@matrix.test", name="Co Author",
                                     password=TEST_PASSWORD, roles={"trainer"})
    db.session.flush()
    mine = {}
    mine["course"], mine["module"], mine["lesson"] = _course(author, "Published course")
    mine["draft"], mine["draft_module"], mine["draft_lesson"] = _course(
        author, "Draft course", status="draft")
    mine["scratch"], mine["scratch_module"], mine["scratch_lesson"] = _course(
        author, "Scratch course", extra_author=co_author)
    mine["co_author"] = co_author
    mine["own"], _, _ = _course(world["users"][TRAINER], "The matrix trainer's course")
    for course in (mine["course"], mine["draft"], mine["own"]):
        services.set_languages(course, ["ko"])
    world["courses"] = mine
    db.session.commit()


def cases(world):
    mine = world["courses"]
    c, d, s, own = mine["course"], mine["draft"], mine["scratch"], mine["own"]
    lesson, draft_lesson, scratch_lesson = (mine["lesson"], mine["draft_lesson"],
                                            mine["scratch_lesson"])
    module, scratch_module = mine["module"], mine["scratch_module"]
    media_id = s.media[0].id
    return [
        Case("courses.index", "/courses/", everyone(200)),
        Case("courses.my_learning", "/courses/my", signed_in(200)),
        Case("courses.detail", f"/courses/{c.slug}/", everyone(200)),
        Case("courses.detail", f"/courses/{d.slug}/", DRAFT_VIEW),
        Case("courses.detail", "/courses/no-such-course/", everyone(404)),
        Case("courses.start", f"/courses/{c.slug}/start", signed_in(302), "POST"),
        Case("courses.start", f"/courses/{d.slug}/start",
             {**DRAFT_STUDY, ORGANISER: 302, ADMIN: 302}, "POST"),
        Case("courses.lesson", f"/courses/{c.slug}/lessons/{lesson.item_id}", signed_in(200)),
        Case("courses.lesson", f"/courses/{d.slug}/lessons/{draft_lesson.item_id}", DRAFT_STUDY),
        # A lesson of another course under this course's address.
        Case("courses.lesson", f"/courses/{c.slug}/lessons/{draft_lesson.item_id}",
             signed_in(404)),
        Case("courses.mark_lesson", f"/courses/{c.slug}/lessons/{lesson.item_id}/done",
             signed_in(302), "POST"),
        Case("courses.mark_lesson", f"/courses/{d.slug}/lessons/{draft_lesson.item_id}/done",
             {**DRAFT_STUDY, ORGANISER: 302, ADMIN: 302}, "POST"),
        # Media follow the lessons' access (sign-in first).
        Case("courses.media", f"/courses/{c.id}/media/chart.png", signed_in(200)),
        Case("courses.media", f"/courses/{d.id}/media/chart.png", DRAFT_STUDY),
        Case("courses.media", f"/courses/{c.id}/media/missing.png", signed_in(404)),
        # Authoring
        Case("courses.manage", "/courses/manage", only(TRAINER, ORGANISER)),
        Case("courses.create", "/courses/new", only(TRAINER, ORGANISER)),
        Case("courses.upload", "/courses/upload", only(TRAINER, ORGANISER)),
        Case("courses.authoring", f"/courses/{c.slug}/authoring", EDITORS),
        Case("courses.authoring", f"/courses/{d.slug}/authoring", EDITORS),
        Case("courses.authoring", f"/courses/{own.slug}/authoring", OWN),
        Case("courses.edit", f"/courses/{c.slug}/edit", EDITORS),
        Case("courses.edit", f"/courses/{own.slug}/edit", OWN),
        Case("courses.authors", f"/courses/{c.slug}/authors", EDITORS),
        Case("courses.export_zip", f"/courses/{c.slug}/export.zip", EDITORS),
        Case("courses.media_library", f"/courses/{c.slug}/media", EDITORS),
        Case("courses.create_module", f"/courses/{c.slug}/modules/new", EDITORS),
        Case("courses.edit_module", f"/courses/{c.slug}/modules/{module.id}", EDITORS),
        # The module of another course under this course's address: 404 for editors.
        Case("courses.edit_module", f"/courses/{own.slug}/modules/{module.id}",
             {**OWN, TRAINER: 404, ORGANISER: 404, ADMIN: 404}),
        Case("courses.create_lesson", f"/courses/{c.slug}/modules/{module.id}/lessons/new",
             EDITORS),
        Case("courses.edit_lesson", f"/courses/{c.slug}/lessons/{lesson.item_id}/edit",
             EDITORS),
        Case("courses.preview", f"/courses/{c.slug}/preview", EDITORS, "POST",
             {"body": "**x**"}),
        # Language versions: like the source's authoring.
        Case("courses.translations", f"/courses/{c.slug}/translations", EDITORS),
        Case("courses.translations", f"/courses/{d.slug}/translations", EDITORS),
        Case("courses.translations", f"/courses/{own.slug}/translations", OWN),
        Case("courses.add_language", f"/courses/{c.slug}/translations", EDITORS_REDIRECT,
             "POST", {"language": "vi"}),
        Case("courses.translate_course", f"/courses/{c.slug}/translations/ko", EDITORS),
        Case("courses.translate_course", f"/courses/{own.slug}/translations/ko", OWN),
        Case("courses.translate_course", f"/courses/{c.slug}/translations/th",
             {**EDITORS, ORGANISER: 404, ADMIN: 404}),
        Case("courses.translate_lesson",
             f"/courses/{c.slug}/lessons/{lesson.item_id}/translations/ko", EDITORS),
        Case("courses.translate_lesson",
             f"/courses/{d.slug}/lessons/{draft_lesson.item_id}/translations/ko", EDITORS),
        Case("courses.move_module", f"/courses/{s.slug}/modules/{scratch_module.id}/down",
             EDITORS_REDIRECT, "POST"),
        Case("courses.move_item", f"/courses/{s.slug}/items/{scratch_lesson.item_id}/down",
             EDITORS_REDIRECT, "POST"),
        Case("courses.set_status", f"/courses/{s.slug}/status/archived", EDITORS_REDIRECT,
             "POST"),
        Case("courses.remove_author",
             f"/courses/{s.slug}/authors/{mine['co_author'].id}/remove", EDITORS_REDIRECT,
             "POST"),
        Case("courses.delete_media", f"/courses/{s.slug}/media/{media_id}/delete",
             EDITORS_REDIRECT, "POST"),
        Case("courses.delete_lesson", f"/courses/{s.slug}/lessons/{scratch_lesson.item_id}/delete",
             EDITORS_REDIRECT, "POST"),
        Case("courses.delete_module", f"/courses/{s.slug}/modules/{scratch_module.id}/delete",
             EDITORS_REDIRECT, "POST"),
    ]
