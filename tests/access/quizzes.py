from werkzeug.datastructures import MultiDict

from app.courses import services as course_services
from app.extensions import db
from app.quizzes import attempts, banks
from tests.access import ADMIN, ANON, LEARNER, LOGIN, ORGANISER, TRAINER, Case, only, signed_in
from tests.quizzes.factories import make_bank, make_course, make_quiz

OWNER_ONLY = {ANON: LOGIN, LEARNER: 200, TRAINER: 403, ORGANISER: 403, ADMIN: 403}
RESULTS = {ANON: LOGIN, LEARNER: 404, TRAINER: 200, ORGANISER: 200, ADMIN: 200}


def _owner(status):
    return {**OWNER_ONLY, LEARNER: status}


def seed(world):
    learner, trainer = world["users"][LEARNER], world["users"][TRAINER]
    course = make_course(trainer, slug="matrix-course")
    course_services.set_languages(course, ["ko"])
    bank = make_bank(course)
    quiz = make_quiz(course, bank, title="Matrix quiz")
    spare = banks.save_question(bank, banks.QuestionFields(
        name="Spare", type="essay", text="Spare?", text_format="moodle", general_feedback="",
        data={"grader_info": ""}, category="", tags=[]))
    done = attempts.start_attempt(quiz, learner)
    essay = next(i for i, e in enumerate(done.snapshot) if e["type"] == "essay")
    attempts.save_page(done, MultiDict({f"s{essay}": "My essay"}), sequence=0,
                       indices=[essay])
    attempts.finish(done)
    running = attempts.start_attempt(quiz, learner)
    db.session.commit()
    world.update(quiz_course=course, bank=bank, quiz=quiz, spare=spare, done=done,
                 running=running, question=quiz.slots[0].question, slot=quiz.slots[0])


def cases(world):
    bank, quiz, q = world["bank"], world["quiz"], world["question"]
    done, running = world["done"], world["running"]
    trainers = only(TRAINER, ORGANISER)  # the course's author; organisers edit all courses
    return [
        Case("quizzes.banks_index", "/quizzes/banks", trainers),
        Case("quizzes.create_bank", "/quizzes/banks", only(TRAINER, ORGANISER, status=302), "POST",
             {"course": world["quiz_course"].id, "name": "extra"}),
        Case("quizzes.bank", f"/quizzes/banks/{bank.id}", trainers),
        Case("quizzes.new_question", f"/quizzes/banks/{bank.id}/questions/new/single", trainers),
        Case("quizzes.question", f"/quizzes/questions/{q.id}", trainers),
        Case("quizzes.edit_question", f"/quizzes/questions/{q.id}/edit", trainers),
        Case("quizzes.translate_question", f"/quizzes/questions/{q.id}/translations/ko",
             trainers),
        Case("quizzes.regrade_question", f"/quizzes/questions/{q.id}/regrade",
             only(TRAINER, ORGANISER, status=302), "POST"),
        Case("quizzes.delete_question", f"/quizzes/questions/{world['spare'].id}/delete",
             only(TRAINER, ORGANISER, status=302), "POST"),
        Case("quizzes.import_questions", f"/quizzes/banks/{bank.id}/import", trainers),
        Case("quizzes.export_questions", f"/quizzes/banks/{bank.id}/export.gift", trainers),
        Case("quizzes.create", f"/quizzes/new?module={world['quiz_course'].modules[0].id}",
             trainers),
        Case("quizzes.item", f"/quizzes/items/{quiz.item_id}", signed_in(302)),
        Case("quizzes.edit", f"/quizzes/{quiz.id}/edit", trainers),
        Case("quizzes.questions", f"/quizzes/{quiz.id}/questions", trainers),
        Case("quizzes.add_questions", f"/quizzes/{quiz.id}/questions/add",
             only(TRAINER, ORGANISER, status=302), "POST", {"mark": "1"}),
        Case("quizzes.add_random", f"/quizzes/{quiz.id}/questions/random",
             only(TRAINER, ORGANISER, status=302), "POST", {"count": "0"}),
        Case("quizzes.update_slot", f"/quizzes/{quiz.id}/slots/{world['slot'].id}",
             only(TRAINER, ORGANISER, status=302), "POST", {"action": "save", "mark": "1"}),
        Case("quizzes.view", f"/quizzes/{quiz.id}", signed_in(200)),
        Case("quizzes.attempt", f"/quizzes/attempts/{running.id}", OWNER_ONLY),
        Case("quizzes.autosave", f"/quizzes/attempts/{running.id}/autosave", OWNER_ONLY,
             "POST", {"sequence": "0", "counter": "1", "slots": ""}),
        Case("quizzes.save", f"/quizzes/attempts/{running.id}", _owner(302), "POST",
             {"sequence": "0", "slots": "", "nav": "save"}),
        Case("quizzes.summary", f"/quizzes/attempts/{running.id}/summary", OWNER_ONLY),
        Case("quizzes.finish", f"/quizzes/attempts/{running.id}/finish", _owner(302), "POST",
             {"sequence": "1"}),
        Case("quizzes.start", f"/quizzes/{quiz.id}/start", signed_in(302), "POST"),
        Case("quizzes.review", f"/quizzes/attempts/{done.id}/review", {**RESULTS, LEARNER: 200}),
        Case("quizzes.grading", "/quizzes/grading", trainers),
        Case("quizzes.grade_attempt", f"/quizzes/attempts/{done.id}/grade", trainers),
        Case("quizzes.results", f"/quizzes/{quiz.id}/results", RESULTS),
        Case("quizzes.export_attempts", f"/quizzes/{quiz.id}/attempts.csv", RESULTS),
    ]
