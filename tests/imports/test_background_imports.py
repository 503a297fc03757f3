"""Big imports go to the background: a job, a progress page, the same line-numbered report,
all or nothing; below the threshold the import stays synchronous; a dead runner's job is
resumed where its last chunk committed."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.auth.models import User
from app.experts import taxonomy
from app.experts.models import Expert
from app.extensions import db
from app.imports import kinds, services, tasks
from app.imports.models import DONE, FAILED, RUNNING, ImportJob
from app.mail import outbox
from app.quizzes import banks
from app.quizzes.models import Question
from app.timeutil import utcnow
from app.workshops.models import Enrolment
from tests.conftest import login
from tests.experts.test_csv import HEADER as EXPERT_HEADER
from tests.factories import make_course
from tests.workshops.factories import make_workshop
from tests.workshops.test_roster_import import roster_csv


@pytest.fixture(autouse=True)
def small_jobs(app):
    """Above 5 rows an upload goes to the background, written 3 rows per transaction."""
    app.config.update(IMPORT_BACKGROUND_ROWS=5, IMPORT_CHUNK_ROWS=3)


def _count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def _upload(client, url, text, name="big.csv", **fields):
    return client.post(url, data={"file": (io.BytesIO(text.encode()), name), **fields},
                       content_type="multipart/form-data")


def _job_url(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    location = response.headers["Location"]
    assert re.search(r"/imports/\d+$", location), location
    return location


def _expert_csv(n: int, bad_line: int | None = None) -> str:
    rows = [EXPERT_HEADER]
    for i in range(n):
        country = "ZZ" if bad_line == i + 2 else "VN"
        rows.append(f"EXPERT Number {i},,,Researcher,Institute,academia,{country},gender,,en,"
                    f"e{i}@experts.test,members,,,,2024-06-01")
    return "\n".join(rows) + "\n"


def _gift(n: int) -> str:
    return "".join(f"::q{i}::Statement {i} {{T}}\n\n" for i in range(n))


# Roster ------------------------------------------------------------------------------------

def test_big_roster_is_imported_in_the_background_with_the_same_report(app, client, make_user):
    organiser = make_user("organiser")
    workshop = make_workshop(organiser)
    login(client, organiser)
    url = _job_url(_upload(client, f"/workshops/{workshop.id}/roster/import", roster_csv(12),
                           "cohort.csv"))
    page = client.get(url).get_data(as_text=True)
    assert "12 officials enrolled (12 new accounts invited); 0 were already enrolled." in page
    assert "cohort.csv" in page
    assert _count(Enrolment) == 12
    job = db.session.scalar(select(ImportJob))
    assert (job.status, job.done, job.total) == (DONE, 12, 12)
    assert job.payload == ""  # the uploaded names and addresses are not kept
    assert {m["To"] for m in outbox()} >= {"official1@gov.example", "official12@gov.example"}


def test_a_bad_line_in_a_big_roster_imports_nothing(app, client, make_user):
    organiser = make_user("organiser")
    workshop = make_workshop(organiser)
    login(client, organiser)
    lines = roster_csv(12).splitlines()
    lines[9] = "official9@gov.example,Official 9,,ZZ,Ministry 1,Officer,en,learner"
    text = "\n".join(lines) + "\n"
    users = _count(User)
    page = client.get(_job_url(_upload(client, f"/workshops/{workshop.id}/roster/import",
                                       text, "cohort.csv"))).get_data(as_text=True)
    assert "1 problem in cohort.csv — nothing was imported" in page
    assert "line 10: unknown country code" in page
    assert _count(Enrolment) == 0
    assert _count(User) == users
    assert db.session.scalar(select(ImportJob.status)) == FAILED


def test_a_small_roster_stays_synchronous(app, client, make_user):
    organiser = make_user("organiser")
    workshop = make_workshop(organiser)
    login(client, organiser)
    response = _upload(client, f"/workshops/{workshop.id}/roster/import", roster_csv(4))
    assert response.headers["Location"].endswith(f"/workshops/{workshop.id}/enrolments")
    assert _count(Enrolment) == 4
    assert _count(ImportJob) == 0


def test_roster_over_the_hard_cap_is_refused_on_the_web_and_the_cli(app, client, runner,
                                                                   make_user, monkeypatch,
                                                                   tmp_path):
    from app.auth.services import roster

    monkeypatch.setattr(roster, "MAX_CSV_ROWS", 10)
    organiser = make_user("organiser")
    workshop = make_workshop(organiser)
    login(client, organiser)
    response = _upload(client, f"/workshops/{workshop.id}/roster/import", roster_csv(11))
    assert response.status_code == 200
    assert "More than 10 rows: one import takes at most 10, split the file." in \
        response.get_data(as_text=True)
    path = tmp_path / "roster.csv"
    path.write_text(roster_csv(11))
    result = runner.invoke(args=["workshops", "import-roster", str(workshop.id), str(path)])
    assert result.exit_code != 0
    assert f"{path}:12: More than 10 rows" in result.output
    assert _count(Enrolment) == 0
    assert _count(ImportJob) == 0


def test_cli_roster_import_stays_synchronous_above_the_threshold(app, runner, make_user,
                                                                 tmp_path):
    organiser = make_user("organiser")
    workshop = make_workshop(organiser)
    path = tmp_path / "roster.csv"
    path.write_text(roster_csv(12))
    result = runner.invoke(args=["workshops", "import-roster", str(workshop.id), str(path)])
    assert result.exit_code == 0, result.output
    assert "12 enrolled (12 new accounts invited)" in result.output
    assert _count(ImportJob) == 0


# Users, experts, GIFT ----------------------------------------------------------------------

def test_big_user_import_runs_in_the_background(app, client, login_as, runner, tmp_path):
    login_as("admin")
    text = roster_csv(9).replace(",learner", ",learner;trainer")
    url = _job_url(_upload(client, "/admin/users/import", text, "people.csv"))
    page = client.get(url).get_data(as_text=True)
    assert "9 accounts imported; each received an invitation." in page
    trainer = db.session.scalar(select(User).where(User.email == "official5@gov.example"))
    assert trainer.roles == {"learner", "trainer"}
    assert {m["To"] for m in outbox()} >= {"official1@gov.example", "official9@gov.example"}
    # The same file again: every line is an existing account, nothing is imported.
    page = client.get(_job_url(_upload(client, "/admin/users/import", text, "people.csv"))
                      ).get_data(as_text=True)
    assert "9 problems in people.csv — nothing was imported" in page
    assert "line 2: an account with official1@gov.example already exists" in page
    # The command line imports the same size synchronously.
    path = tmp_path / "more.csv"
    path.write_text(roster_csv(7, start=100))
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert _count(ImportJob) == 2


def test_big_expert_import_runs_in_the_background(app, client, login_as, runner, tmp_path):
    taxonomy.ensure_default_areas()
    db.session.commit()
    login_as("organiser")
    page = client.get(_job_url(_upload(client, "/experts/import", _expert_csv(8, bad_line=7),
                                       "experts.csv"))).get_data(as_text=True)
    assert "line 7: unknown country code" in page
    assert _count(Expert) == 0
    page = client.get(_job_url(_upload(client, "/experts/import", _expert_csv(8),
                                       "experts.csv"))).get_data(as_text=True)
    assert "8 experts imported." in page
    assert _count(Expert) == 8
    path = tmp_path / "experts.csv"
    path.write_text(_expert_csv(8))  # the same addresses: refused by line on the CLI
    result = runner.invoke(args=["experts", "import", str(path)])
    assert result.exit_code != 0
    assert f"{path}:2: an expert with e0@experts.test already exists" in result.output


def test_big_gift_import_runs_in_the_background(app, client, make_user, runner, tmp_path):
    make_course(slug="course-a")
    bank = banks.resolve_bank("course-a", create=True)
    db.session.commit()
    login(client, make_user("organiser"))
    bad = _gift(8) + "::broken::No answer block here\n\n" + _gift(3)
    page = client.get(_job_url(_upload(client, f"/quizzes/banks/{bank.id}/import", bad,
                                       "many.gift"))).get_data(as_text=True)
    assert "nothing was imported" in page
    assert "line 17:" in page
    assert _count(Question) == 0
    response = _upload(client, f"/quizzes/banks/{bank.id}/import", _gift(11), "many.gift",
                       category="Week 1")
    page = client.get(_job_url(response)).get_data(as_text=True)
    assert "Imported 11 questions: 11 true/false." in page
    assert _count(Question) == 11
    path = tmp_path / "more.gift"
    path.write_text(_gift(7))
    result = runner.invoke(args=["questions", "import", str(path), "--bank", "course-a"])
    assert result.exit_code == 0, result.output
    assert _count(Question) == 18


# The progress page -------------------------------------------------------------------------

def test_progress_page_while_queued_and_who_may_see_it(app, client, make_user):
    app.config["BACKGROUND_MODE"] = "none"
    organiser = make_user("organiser")
    workshop = make_workshop(organiser)
    login(client, organiser)
    url = _job_url(_upload(client, f"/workshops/{workshop.id}/roster/import", roster_csv(12)))
    page = client.get(url).get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="3">' in page
    assert '<progress id="import-progress" max="12" value="0">' in page
    assert "Waiting for its turn" in page
    assert "Refresh</a>" in page
    assert _count(Enrolment) == 0
    other = app.test_client()
    login(other, make_user("organiser"))
    assert other.get(url).status_code == 404
    admin = app.test_client()
    login(admin, make_user("admin"))
    assert admin.get(url).status_code == 200
    job_id = int(url.rsplit("/", 1)[1])
    assert tasks.run_import(job_id) == DONE
    db.session.expire_all()
    page = client.get(url).get_data(as_text=True)
    assert "12 officials enrolled" in page
    assert "http-equiv" not in page


def test_progress_shows_rows_written(app, client, make_user):
    organiser = make_user("organiser")
    job = ImportJob(kind="roster", actor_id=organiser.id, target_id=make_workshop(organiser).id,
                    payload="", status=RUNNING, total=900, done=600, errors=[], result={})
    db.session.add(job)
    db.session.commit()
    login(client, organiser)
    page = client.get(f"/imports/{job.id}").get_data(as_text=True)
    assert "Importing: 600 of 900 rows written." in page
    assert '<progress id="import-progress" max="900" value="600">66 %</progress>' in page


# Recovery ----------------------------------------------------------------------------------

class _ProcessDied(BaseException):
    """Stands for a SIGKILL: nothing after it runs, no handler sees it."""


def test_a_job_whose_runner_died_resumes_where_its_last_chunk_committed(app, make_user,
                                                                         monkeypatch):
    app.config["BACKGROUND_MODE"] = "none"
    organiser = make_user("organiser")
    workshop = make_workshop(organiser)
    job = services.start_import("roster", roster_csv(12), actor=organiser,
                                target_id=workshop.id, filename="cohort.csv")
    db.session.commit()
    real_write, calls = kinds.RosterImport.write, []

    def dies_on_the_third_chunk(self, job, plan, result):
        calls.append(1)
        if len(calls) == 3:
            raise _ProcessDied
        real_write(self, job, plan, result)

    monkeypatch.setattr(kinds.RosterImport, "write", dies_on_the_third_chunk)
    with pytest.raises(_ProcessDied):
        services.run_import(job.id)
    db.session.rollback()
    monkeypatch.setattr(kinds.RosterImport, "write", real_write)
    job = db.session.get(ImportJob, job.id)
    assert (job.status, job.done) == (RUNNING, 6)  # two chunks of 3 committed
    assert _count(Enrolment) == 6
    # A live claim is left alone; a stale one (no heartbeat for a minute) is resumed.
    assert tasks.resume_imports() == 0
    db.session.execute(update(ImportJob).values(claimed_at=utcnow() - timedelta(minutes=2)))
    db.session.commit()
    app.config["BACKGROUND_MODE"] = "inline"
    assert tasks.resume_imports() == 1
    db.session.commit()  # the enqueued run happens after this commit
    db.session.expire_all()
    job = db.session.get(ImportJob, job.id)
    assert (job.status, job.done) == (DONE, 12)
    assert job.result == {"added": 12, "created": 12, "already": 0}
    assert _count(Enrolment) == 12
    assert db.session.scalar(select(func.count(func.distinct(Enrolment.user_id)))) == 12


def test_a_queued_job_whose_task_was_lost_is_started_by_the_periodic_round(app, make_user):
    app.config["BACKGROUND_MODE"] = "none"
    organiser = make_user("organiser")
    job = services.start_import("roster", roster_csv(7), actor=organiser,
                                target_id=make_workshop(organiser).id)
    db.session.commit()
    assert services.stale_job_ids() == []  # just queued: its task is on its way
    db.session.execute(update(ImportJob).values(created_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()
    assert services.stale_job_ids() == [job.id]
    assert services.run_import(job.id) == DONE
    assert services.run_import(job.id) == "skipped"  # done: a second run writes nothing
    assert _count(Enrolment) == 7
    assert db.session.get(ImportJob, job.id).status == DONE


def test_a_record_created_during_the_import_stops_it_with_the_lines(app, make_user,
                                                                    monkeypatch):
    """The race after the checks: an account created by someone else between two chunks."""
    app.config["BACKGROUND_MODE"] = "none"
    admin = make_user("admin")
    job = services.start_import("users", roster_csv(9), actor=admin, filename="p.csv")
    db.session.commit()
    real_write, calls = kinds.UsersImport.write, []

    def someone_else_meanwhile(self, job, plan, result):
        real_write(self, job, plan, result)
        calls.append(1)
        if len(calls) == 1:
            db.session.add(User(email="official8@gov.example", name="Early Bird"))

    monkeypatch.setattr(kinds.UsersImport, "write", someone_else_meanwhile)
    assert services.run_import(job.id) == FAILED
    job = db.session.get(ImportJob, job.id)
    lines = dict(job.errors[1:])
    assert "official8@gov.example already exists" in lines[9]
    assert "6 rows before line 8 were imported" in job.errors[0][1]
    assert job.done == 6


def test_the_checks_hold_no_write_lock_and_a_chunk_is_a_short_transaction(app, make_user,
                                                                         monkeypatch):
    """While every line is checked another connection can write (SQLite's lock is free)."""
    from sqlalchemy import create_engine, text

    app.config["BACKGROUND_MODE"] = "none"
    organiser = make_user("organiser")
    job = services.start_import("roster", roster_csv(7), actor=organiser,
                                target_id=make_workshop(organiser).id)
    db.session.commit()
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"],
                          connect_args={"timeout": 0.2}
                          if db.engine.dialect.name == "sqlite" else {})
    wrote = []
    real_parse = kinds.RosterImport.parse

    def parse_while_someone_writes(self, job):
        with other.begin() as conn:
            conn.execute(text("UPDATE import_jobs SET filename = 'touched' WHERE id = :i"),
                         {"i": job.id})
        wrote.append(True)
        return real_parse(self, job)

    monkeypatch.setattr(kinds.RosterImport, "parse", parse_while_someone_writes)
    assert services.run_import(job.id) == DONE
    other.dispose()
    assert wrote == [True]
    assert _count(Enrolment) == 7


def test_an_unexpected_error_fails_the_job_with_a_message(app, make_user, monkeypatch):
    app.config["BACKGROUND_MODE"] = "none"
    organiser = make_user("organiser")
    job = services.start_import("roster", roster_csv(7), actor=organiser,
                                target_id=make_workshop(organiser).id)
    db.session.commit()

    def broken(self, job, plan, result):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(kinds.RosterImport, "write", broken)
    assert services.run_import(job.id) == FAILED
    job = db.session.get(ImportJob, job.id)
    assert "The import stopped on an unexpected error after 0 rows" in job.errors[0][1]
    assert job.claim_token is None
    assert services.stale_job_ids() == []  # not picked up again
    assert _count(Enrolment) == 0


def test_a_wholly_wrong_file_reports_the_first_thousand_problems(app, client, make_user):
    organiser = make_user("organiser")
    workshop = make_workshop(organiser)
    login(client, organiser)
    text = "email,name\n" + "".join(f"not-an-address-{i},Someone {i}\n" for i in range(1200))
    page = client.get(_job_url(_upload(client, f"/workshops/{workshop.id}/roster/import",
                                       text))).get_data(as_text=True)
    assert "line 2: invalid e-mail address" in page
    assert "line 1001: invalid e-mail address" in page
    assert "line 1002: … and 200 more problems." in page
    assert "line 1003:" not in page
    assert _count(Enrolment) == 0
