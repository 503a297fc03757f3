"""Quizzes of the benchmark dataset: a bank per course (imported from generated GIFT), a
quiz of ten questions per module, 20,000 finished attempts, and the pools of attempts in
progress that the autosave and finish benchmarks use up (one attempt per request)."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlencode

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from app.extensions import db

QUESTIONS_PER_QUIZ = 10
FINISH_POOL = 4000  # more than one 5-second wrk run can finish
AUTOSAVE_POOL = 200


def _answers(snapshot: list[dict]) -> dict:
    """A form answering every slot (position 0 for choices, a plausible text otherwise)."""
    form = {"slots": ",".join(str(i) for i in range(len(snapshot)))}
    for i, entry in enumerate(snapshot):
        kind = entry["type"]
        if kind == "truefalse":
            form[f"s{i}"] = "false"
        elif kind in ("single", "multiple"):
            form[f"s{i}"] = "0"
        elif kind == "short":
            form[f"s{i}"] = "Employment Permit System"
        elif kind == "numerical":
            form[f"s{i}"] = "11"
        elif kind == "matching":
            for k in range(len((entry.get("order") or {}).get("stems", []))):
                form[f"s{i}-{k}"] = str(k)
        else:
            form[f"s{i}"] = "Our ministry keeps a return register."
    return form


def seed(s) -> None:
    from app.auth.models import User
    from app.courses.models import Course, Module, ModuleItem
    from app.quizzes import attempts, banks, services
    from app.quizzes.models import FINISHED, IN_PROGRESS
    from bench.imports import gift_text

    learner = db.session.get(User, s.world["accounts"]["learner"])
    t = s.tables
    # The first course's bank is imported from GIFT (five categories of ten questions);
    # the other banks are bulk copies of it.
    gift = gift_text(5 * QUESTIONS_PER_QUIZ, per_category=QUESTIONS_PER_QUIZ,
                     category="Module", essays=False)
    courses = s.world["courses"]
    first_bank = banks.resolve_bank(db.session.get(Course, courses[0]).slug, create=True)
    banks.import_gift(first_bank, gift)
    db.session.flush()
    categories = db.session.execute(sa.select(t["question_categories"]).where(
        t["question_categories"].c.bank_id == first_bank.id)).mappings().all()
    questions = db.session.execute(sa.select(t["questions"]).where(
        t["questions"].c.bank_id == first_bank.id).order_by(t["questions"].c.id)).mappings().all()
    category_name = {c["id"]: c["name"] for c in categories}
    # course index -> {first bank's question id -> this bank's question id}
    question_map = {0: {q["id"]: q["id"] for q in questions}}
    for c, cid in enumerate(courses[1:], 1):
        bank = banks.resolve_bank(db.session.get(Course, cid).slug, create=True)
        db.session.flush()
        cat_map = dict(zip([x["id"] for x in categories],
                           s.ids("question_categories", len(categories)), strict=True))
        s.insert("question_categories", [{**dict(x), "id": cat_map[x["id"]], "bank_id": bank.id}
                                         for x in categories])
        q_map = dict(zip([q["id"] for q in questions], s.ids("questions", len(questions)),
                         strict=True))
        s.insert("questions", [{**dict(q), "id": q_map[q["id"]], "bank_id": bank.id,
                                "category_id": cat_map[q["category_id"]]} for q in questions])
        question_map[c] = q_map
    by_category = {}
    for q in questions:
        by_category.setdefault(category_name[q["category_id"]], []).append(q["id"])

    quizzes = []  # (course index, module index, quiz)
    slots = []
    for c, cid in enumerate(courses):
        for m, mid in enumerate(s.world["modules"][cid]):
            item = db.session.get(ModuleItem, s.world["module_quiz_items"][mid])
            quiz = services.create_quiz(db.session.get(Module, mid), item.title, item=item)
            for position, qid in enumerate(by_category[f"Module {m + 1}"]):
                slots.append({"quiz_id": quiz.id, "position": position,
                              "question_id": question_map[c][qid], "category_id": None,
                              "count": 1, "mark": 1.0})
            quizzes.append((c, m, quiz))
    for slot, sid in zip(slots, s.ids("quiz_slots", len(slots)), strict=True):
        slot["id"] = sid
    s.insert("quiz_slots", slots)
    db.session.commit()

    # One real attempt per quiz of the first course (the bench learner's, through the
    # services): the templates every generated attempt copies, with the question ids of
    # its own course's bank.
    real = {}
    for c, m, quiz in quizzes:
        if c == 0:
            attempt = attempts.start_attempt(quiz, learner)
            form = _answers(attempt.snapshot)
            attempts.save_page(attempt, MultiDict(form), sequence=0,
                               indices=list(range(len(attempt.snapshot))))
            attempts.finish(attempt)
            real[m] = attempt
    db.session.commit()
    templates = {}
    for c, m, quiz in quizzes:
        source = real[m]
        snapshot = [{**entry, "question_id": question_map[c][entry["question_id"]]}
                    for entry in source.snapshot]
        templates[quiz.id] = SimpleNamespace(
            seed=source.seed, snapshot=snapshot, responses=source.responses,
            sequence=source.sequence, max_score=source.max_score, results=source.results,
            score=source.score, percent=source.percent, passed=source.passed)

    def row(template, aid: int, quiz_id: int, user_id: int, number: int,
            finished: bool) -> dict:
        r = {"id": aid, "quiz_id": quiz_id, "user_id": user_id, "number": number,
             "is_preview": False, "started_at": s.now, "deadline": None,
             "seed": template.seed, "snapshot": template.snapshot,
             "responses": template.responses, "sequence": template.sequence,
             "autosave_counter": 0, "saved_at": s.now, "max_score": template.max_score}
        if finished:
            r.update(state=FINISHED, finished_at=s.now, finished_by="learner",
                     results=template.results, score=template.score,
                     percent=template.percent, passed=template.passed, needs_grading=False)
        else:
            r.update(state=IN_PROGRESS, finished_at=None, finished_by="", results={},
                     score=None, percent=None, passed=None, needs_grading=False)
        return r

    officials = s.world["officials"]
    by_course = {}
    for c, _m, quiz in quizzes:
        by_course.setdefault(c, []).append(quiz)
    n_attempts = max(1, round(20000 * s.scale))
    rows, question_rows = [], []
    extra = FINISH_POOL + AUTOSAVE_POOL + 4 + len(quizzes)
    ids = s.ids("quiz_attempts", n_attempts + extra)
    aq_ids = iter(s.ids("quiz_attempt_questions",
                        (n_attempts + extra) * QUESTIONS_PER_QUIZ))
    id_iter = iter(ids)

    def add(quiz, user_id, number, finished):
        template = templates[quiz.id]
        aid = next(id_iter)
        rows.append(row(template, aid, quiz.id, user_id, number, finished))
        for slot, entry in enumerate(template.snapshot):
            question_rows.append({"id": next(aq_ids), "attempt_id": aid,
                                  "question_id": entry["question_id"], "slot": slot})
        return aid

    for k in range(n_attempts):
        official = k % len(officials)
        course_quizzes = by_course[official % len(by_course)]
        add(course_quizzes[(k // len(officials)) % len(course_quizzes)],
            officials[official], 1 + k // (len(officials) * len(course_quizzes)), True)
    all_quizzes = [q for _c, _m, q in quizzes]
    for c, _m, quiz in quizzes:  # the bench learner has taken every quiz once
        if c:
            add(quiz, learner.id, 1, True)
    finisher = s.world["accounts"]["finisher"]
    autosaver = s.world["accounts"]["autosave"]
    finish_ids = [add(all_quizzes[i % len(all_quizzes)], finisher, i // len(all_quizzes) + 1,
                      False) for i in range(FINISH_POOL + 2)]
    autosave_ids = [add(all_quizzes[i % len(all_quizzes)], autosaver,
                        i // len(all_quizzes) + 1, False) for i in range(AUTOSAVE_POOL + 2)]
    s.insert("quiz_attempts", rows)
    s.insert("quiz_attempt_questions", question_rows)

    first_quiz = all_quizzes[0]
    form = _answers(templates[first_quiz.id].snapshot)
    tail = "&" + urlencode({"sequence": "1", **form})
    s.world["pools"] = {
        "quiz_finish": {"ids": finish_ids[2:], "tail": "&sequence=1"},
        "quiz_autosave": {"ids": autosave_ids[2:], "tail": tail},
    }
    s.world.setdefault("probes", {})
    s.world["probes"]["quiz_finish"] = [
        (f"/quizzes/attempts/{aid}/finish", {"sequence": "1"}) for aid in finish_ids[:2]]
    s.world["probes"]["quiz_autosave"] = [
        (f"/quizzes/attempts/{autosave_ids[0]}/autosave",
         {**form, "sequence": "1", "counter": str(n)}) for n in (1, 2)]
    s.world["urls"].update(
        quiz_page=f"/quizzes/{first_quiz.id}",
        quiz_finish="/quizzes/attempts/0/finish",
        quiz_autosave="/quizzes/attempts/0/autosave",
    )
    s.world["quiz_ids"] = [q.id for q in all_quizzes]
