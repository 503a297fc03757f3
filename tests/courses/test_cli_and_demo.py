"""The repository's course packages, CLI details and the demo data."""

from __future__ import annotations

from sqlalchemy import select

from app.auth import demo as auth_demo
from app.courses import demo, progress, services
from app.courses.items import ITEM_KINDS
from app.courses.models import CourseActivity
from app.courses.packages import check_path
from app.extensions import db
from config import BASE_DIR


def test_the_repository_courses_pass_the_check(app):
    """`make run` imports courses/: every package there must pass `flask courses check`.
    (Until the quiz engine registers the `quiz:` key, that key is the only error allowed.)"""
    folder = BASE_DIR / "courses"
    if not any(folder.glob("*/course.yaml")):
        return
    _packages, errors = check_path(folder)
    quiz_registered = any(kind.package_key == "quiz" for kind in ITEM_KINDS.values())
    errors = [e for e in errors
              if quiz_registered or not e.message.startswith("unknown key 'quiz'")]
    assert errors == [], "\n".join(map(str, errors))


def test_cli_reports_unknown_course_and_author(runner, tmp_path):
    result = runner.invoke(args=["courses", "export", "no-such-course", str(tmp_path)])
    assert result.exit_code == 1
    assert "no course with the slug no-such-course" in result.output
    result = runner.invoke(args=["courses", "import", "--author", "nobody@example.test",
                                 str(tmp_path)])
    assert result.exit_code == 1
    assert "no account with the e-mail address nobody@example.test" in result.output
    result = runner.invoke(args=["courses", "check", str(tmp_path)])
    assert "no course package here" in result.output


def test_demo_makes_the_trainer_author_publishes_and_starts_the_learner(app, make_course,
                                                                        make_user):
    slug = demo.repository_slugs()[0] if demo.repository_slugs() else None
    if slug is None:
        return
    auth_demo.load()
    other = make_user("trainer")
    course = make_course(slug=slug, title="Imported", status="draft", author=other)
    demo.load()
    demo.load()  # idempotent
    db.session.commit()
    trainer = db.session.scalar(select(type(other)).where(type(other).email ==
                                                          "trainer@demo.test"))
    learner = db.session.scalar(select(type(other)).where(type(other).email ==
                                                          "learner@demo.test"))
    course = services.get_course(slug, outline=True)
    assert course.status == "published"
    assert sorted(a.email for a in course.authors) == sorted([other.email, trainer.email])
    assert progress.progress_for(learner, course).done == demo.LEARNER_LESSONS_DONE
    assert len(db.session.scalars(select(CourseActivity)).all()) == 1
