"""What the quiz pages give their script for a dropped connection (issue #16): the held
message, the autosave time in the profile's time zone, the summary's form held offline.
The behaviour itself is a browser journey (tests/e2e/test_phone.py)."""

from datetime import UTC
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_time

from app.extensions import db
from app.quizzes import attempts
from tests.conftest import login
from tests.quizzes.factories import make_bank, make_course, make_quiz

HELD = ("You are offline. Your answers are kept on this device and will be sent when the "
        "connection is back.")


def test_attempt_and_summary_pages_carry_the_offline_hold(app, client, make_user):
    trainer = make_user("trainer")
    learner = make_user("learner", timezone="Asia/Vientiane")
    course = make_course(trainer)
    quiz = make_quiz(course, make_bank(course))
    attempt = attempts.start_attempt(quiz, learner)
    db.session.commit()
    login(client, learner)
    page = client.get(f"/quizzes/attempts/{attempt.id}").get_data(as_text=True)
    assert f'data-held="{HELD}"' in page
    assert "js/quiz.js" in page
    reply = client.post(f"/quizzes/attempts/{attempt.id}/autosave",
                        data={"sequence": "0", "counter": "1"}).get_json()
    assert reply["status"] == "saved"
    db.session.refresh(attempt)
    local = attempt.saved_at.replace(tzinfo=UTC).astimezone(ZoneInfo("Asia/Vientiane"))
    assert reply["saved_time"] == format_time(local.time(), "short", locale="en")
    summary = client.get(f"/quizzes/attempts/{attempt.id}/summary").get_data(as_text=True)
    assert 'data-hold-offline="finish-status"' in summary
    assert 'id="finish-status"' in summary
    assert "js/quiz.js" in summary
    script = (Path(app.static_folder) / "js" / "quiz.js").read_text(encoding="utf-8")
    assert "forgetIf(sent)" in script  # the local copy goes only once the server has it
