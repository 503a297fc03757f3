"""Quiz settings, question slots, paging, results, item analysis and the CSV export."""

import csv
import io
import re
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.quizzes import analysis, attempts, banks
from app.quizzes.models import Question, QuestionCategory, Quiz
from tests.conftest import login
from tests.quizzes.factories import form, make_bank, make_course, make_quiz, numbered_gift

SETTINGS = {"title": "Renamed quiz", "intro": "Read **carefully**.", "pass_mark": "75",
            "attempts_allowed": "3", "time_limit": "30", "grace_seconds": "45", "per_page": "2",
            "shuffle_questions": "y", "grading_method": "average", "feedback": "never",
            "opens_at": "2030-05-01T09:00", "closes_at": "2030-05-02T18:30"}


def test_settings_form_converts_dates_and_renames_the_item(app, client, make_user):
    trainer = make_user("trainer", timezone="Asia/Seoul")
    course = make_course(trainer)
    quiz = make_quiz(course, make_bank(course))
    login(client, trainer)
    assert client.post(f"/quizzes/{quiz.id}/edit", data=SETTINGS).status_code == 302
    db.session.refresh(quiz)
    assert (quiz.title, quiz.pass_mark, quiz.attempts_allowed, quiz.time_limit,
            quiz.grace_seconds, quiz.per_page) == ("Renamed quiz", 75, 3, 30, 45, 2)
    assert (quiz.shuffle_questions, quiz.shuffle_answers, quiz.grading_method,
            quiz.feedback) == (True, False, "average", "never")
    assert quiz.opens_at == datetime(2030, 5, 1, 0, 0)  # 09:00 in Seoul is 00:00 UTC
    assert quiz.closes_at == datetime(2030, 5, 2, 9, 30)
    assert quiz.item.title == "Renamed quiz"
    page = client.get(f"/quizzes/{quiz.id}/edit").get_data(as_text=True)
    assert 'value="2030-05-01T09:00"' in page
    bad = client.post(f"/quizzes/{quiz.id}/edit", data={**SETTINGS, "pass_mark": "150",
                                                        "closes_at": "2030-04-01T09:00"})
    text = bad.get_data(as_text=True)
    assert "The quiz must close after it opens." in text
    assert "Number must be between 0 and 100." in text
    view = client.get(f"/quizzes/{quiz.id}").get_data(as_text=True)
    assert "<strong>carefully</strong>" in view


def test_slots_fixed_random_order_and_marks(app, client, make_user):
    trainer = make_user("trainer")
    course = make_course(trainer)
    bank = make_bank(course, numbered_gift(4))
    quiz = make_quiz(course, bank, fixed=False)
    other_course = make_course(make_user("trainer"), slug="other")
    foreign = make_bank(other_course, "::F::Foreign {T}\n")
    foreign_id = db.session.scalar(select(Question.id).where(Question.bank_id == foreign.id))
    ids = [q.id for q in db.session.scalars(select(Question).where(Question.bank_id == bank.id)
                                            .order_by(Question.id))]
    login(client, trainer)
    url = f"/quizzes/{quiz.id}"
    client.post(f"{url}/questions/add", data={"question": [str(ids[0]), str(ids[1]),
                                                           str(foreign_id)], "mark": "2"})
    db.session.refresh(quiz)
    assert [(s.question_id, s.mark) for s in quiz.slots] == [(ids[0], 2), (ids[1], 2)]
    pool = db.session.scalar(select(QuestionCategory).where(QuestionCategory.name == "Pool"))
    client.post(f"{url}/questions/random", data={"category": pool.id, "count": "9",
                                                 "mark": "1"})
    page = client.get(f"{url}/questions").get_data(as_text=True)
    assert "9 at random from" in page
    assert "only 4 questions in this category" in page
    assert "Each attempt has 4 questions." in page  # 2 fixed + the 2 others of the pool
    random_slot = quiz.slots[2]
    client.post(f"{url}/slots/{random_slot.id}", data={"action": "save", "mark": "1",
                                                       "count": "2"})
    client.post(f"{url}/slots/{random_slot.id}", data={"action": "up"})
    db.session.expire_all()
    quiz = db.session.get(Quiz, quiz.id)
    assert [s.is_random for s in quiz.slots] == [False, True, False]
    assert quiz.slots[1].count == 2
    first = quiz.slots[0]
    client.post(f"{url}/slots/{first.id}", data={"action": "remove"})
    db.session.expire_all()
    quiz = db.session.get(Quiz, quiz.id)
    assert [s.position for s in quiz.slots] == [0, 1]
    assert db.session.get(Question, ids[0]) is not None  # still in the bank
    attempt = attempts.start_attempt(quiz, make_user("learner"))
    assert len(attempt.snapshot) == 3
    # A slot of another quiz cannot be edited through this one.
    other_quiz = make_quiz(course, bank)
    assert client.post(f"{url}/slots/{other_quiz.slots[0].id}",
                       data={"action": "remove"}).status_code == 404


def test_paged_attempt_saves_on_every_page_submit(app, client, make_user):
    trainer, learner = make_user("trainer"), make_user("learner")
    course = make_course(trainer)
    quiz = make_quiz(course, make_bank(course, numbered_gift(5)), per_page=2,
                     shuffle_answers=False)
    attempt = attempts.start_attempt(quiz, learner)
    db.session.commit()
    login(client, learner)
    url = f"/quizzes/attempts/{attempt.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Page 1 of 3" in page
    assert 'name="s0"' in page
    assert 'name="s2"' not in page
    response = client.post(url, data={"s0": "0", "s1": "1", "slots": "0,1", "page": "0",
                                      "sequence": "0", "nav": "next"})
    assert response.headers["Location"].endswith(f"{url}?page=1")
    response = client.post(url, data={"s2": "0", "slots": "2,3", "page": "1",
                                      "sequence": "1", "nav": "page:2"})
    assert response.headers["Location"].endswith(f"{url}?page=2")
    response = client.post(url, data={"slots": "4", "page": "2", "sequence": "2",
                                      "nav": "summary"})
    summary = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 questions are not answered." in summary
    assert summary.count("Answer saved") == 3
    client.post(f"{url}/finish", data={"sequence": "3"})
    db.session.refresh(attempt)
    assert attempt.score == 2  # s0 and s2 right, s1 wrong


def make_results(quiz, make_user, answers):
    """One learner per row of answers (True = right) on a 4-question quiz."""
    for row in answers:
        learner = make_user("learner", name=f"Learner {len(row)}")
        attempt = attempts.start_attempt(quiz, learner)
        data = {"slots": "0,1,2,3"}
        for index, right in enumerate(row):
            entry = attempt.snapshot[index]
            best = max(entry["data"]["choices"], key=lambda c: c["credit"])["id"]
            position = entry["order"].index(best)
            data[f"s{index}"] = str(position if right else 1 - position)
        attempts.save_page(attempt, form(data), sequence=0, indices=[0, 1, 2, 3])
        attempts.finish(attempt)
    db.session.commit()


def test_item_analysis_and_csv(app, client, make_user):
    trainer = make_user("trainer")
    course = make_course(trainer)
    quiz = make_quiz(course, make_bank(course, numbered_gift(4)), pass_mark=50)
    make_results(quiz, make_user, [
        [True, True, True, True],
        [True, True, True, False],
        [True, True, False, False],
        [False, False, False, True],
    ])
    report = analysis.analyse(quiz)
    facility = {item.name: item.facility for item in report.items}
    assert facility == {"P01": 75.0, "P02": 75.0, "P03": 50.0, "P04": 50.0}
    discrimination = {item.name: item.discrimination for item in report.items}
    # top 27% of 4 attempts = the 100% attempt, bottom 27% = the 25% attempt
    assert discrimination == {"P01": 1.0, "P02": 1.0, "P03": 1.0, "P04": 0.0}
    assert report.bins == [0, 0, 1, 0, 0, 1, 0, 1, 0, 1]
    assert (report.mean, report.median, report.pass_rate) == (62.5, 62.5, 75.0)
    login(client, trainer)
    page = client.get(f"/quizzes/{quiz.id}/results").get_data(as_text=True)
    assert page.count("<rect ") == 10
    assert "P02" in page
    assert "75%" in page
    assert 'style="' not in page
    assert "<script>" not in page
    response = client.get(f"/quizzes/{quiz.id}/attempts.csv")
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="quiz-{quiz.id}-attempts.csv"'
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == 4
    assert sorted(float(r["percent"]) for r in rows) == [25, 50, 75, 100]
    assert sorted(r["passed"] for r in rows) == ["no", "yes", "yes", "yes"]
    assert rows[0]["q1"] in {"P01", "P02", "P03", "P04"}


def test_csv_cells_cannot_start_formulas(app, make_user):
    trainer = make_user("trainer")
    course = make_course(trainer)
    quiz = make_quiz(course, make_bank(course, "::=cmd()::Q {T}\n\n::b::B {T}\n"))
    learner = make_user("learner", name="=HYPERLINK(\"http://x\")", agency="+Agency")
    attempt = attempts.start_attempt(quiz, learner)
    attempts.finish(attempt)
    db.session.commit()
    text = analysis.attempts_csv(quiz, analysis.finished_attempts(quiz))
    assert "'=HYPERLINK" in text
    assert "'+Agency" in text
    assert "'=cmd()" in text
    assert not re.search(r"(^|,)[=+@]", text.replace("'=", "").replace("'+", ""))


def test_organisers_see_results_but_learners_do_not(app, client, make_user):
    trainer = make_user("trainer")
    course = make_course(trainer)
    quiz = make_quiz(course, make_bank(course))
    login(client, make_user("organiser"))
    assert client.get(f"/quizzes/{quiz.id}/results").status_code == 200
    client.post("/logout")
    login(client, make_user("learner"))
    assert client.get(f"/quizzes/{quiz.id}/results").status_code == 404
    assert client.get(f"/quizzes/{quiz.id}/attempts.csv").status_code == 404


def test_bank_created_for_course_and_category_listing(app, make_user):
    course = make_course(make_user("trainer"))
    bank = banks.default_bank(course)
    assert banks.default_bank(course).id == bank.id
    banks.import_gift(bank, "::a::A {T}\n", default_category="Mod / Sub ")
    assert [c.name for c, n in banks.categories_with_counts(bank)] == ["Mod/Sub"]
