"""The repository's course packages, CLI details and the demo data."""

from __future__ import annotations

from sqlalchemy import select

from app.auth import demo as auth_demo
from app.auth import services as auth_services
from app.courses import demo, progress, services
from app.courses.models import CourseActivity
from app.courses.packages import check_path
from app.extensions import db
from config import BASE_DIR
from tests.factories import row_counts


def test_the_repository_courses_pass_the_check(app):
    """`make run` imports courses/: every package there must pass `flask courses check`."""
    folder = BASE_DIR / "courses"
    assert len(list(folder.glob("*/course.yaml"))) >= 3
    packages, errors = check_path(folder)
    assert errors == [], "\n".join(map(str, errors))
    assert {p.slug for p in packages} == set(demo.repository_slugs())


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
    slug = demo.repository_slugs()[0]
    auth_demo.load()
    other = make_user("trainer")
    # A stand-in for the imported package: a draft with lessons, by another trainer.
    course = make_course(slug=slug, title="Imported", status="draft", author=other)
    demo.load()
    db.session.commit()
    before = row_counts()
    demo.load()  # idempotent: a second load changes no row count
    db.session.commit()
    assert row_counts() == before
    trainer = auth_services.get_user_by_email("trainer@demo.test")
    learner = auth_services.get_user_by_email("learner@demo.test")
    course = services.get_course(slug, outline=True)
    assert course.status == "published"
    assert sorted(a.email for a in course.authors) == sorted([other.email, trainer.email])
    assert progress.progress_for(learner, course).done == demo.LEARNER_LESSONS_DONE
    assert len(db.session.scalars(select(CourseActivity)).all()) == 1
