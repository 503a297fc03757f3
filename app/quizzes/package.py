"""A module's quiz in a course package: the `quiz:` block of module.yaml and its GIFT file.

```yaml
quiz:
  title: "Module 1 quiz"
  questions: questions.gift   # GIFT file in the module folder
  pass_mark: 70               # percent
  attempts: 3                 # 0 = unlimited
  time_limit: 20              # minutes, 0 = none
  grace: 60                   # optional: seconds after the time limit when answers are
                              # still accepted, 0 to 300 (default 30, then not written)
  shuffle_questions: true
  shuffle_answers: true
  grading: highest            # highest | last | first | average
  feedback: after_submit      # after_submit | after_close | never
  draw: 10                    # optional: each attempt draws this many of the questions
```

The questions go to the course's default bank, in the category `modules/<module-slug>`, or,
for a quiz that already takes every question from one category of its course (authored on
the web), to that category; re-importing matches them by name (so attempts keep counting for
the same questions) and keeps a random draw a draw, even of every question.
Open and close dates, the introduction and questions per page are set on the web and are
not part of the package. Dumping writes the quiz's questions and the block back, so that
export → import → export is byte-identical.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from app.courses.items import PackageError
from app.extensions import db
from app.quizzes import banks, gift, services, translation
from app.quizzes.models import (
    FEEDBACK_RULES,
    GRACE_DEFAULT,
    GRACE_MAX,
    GRADING_METHODS,
    Question,
    QuizSlot,
)
from app.reference import LANGUAGES
from app.yamlsafe import StrictSafeLoader

KEYS = ("title", "questions", "pass_mark", "attempts", "time_limit", "grace",
        "shuffle_questions", "shuffle_answers", "grading", "feedback", "draw")
REQUIRED = ("title", "questions")
DEFAULTS = {"pass_mark": 70, "attempts": 0, "time_limit": 0, "grace": GRACE_DEFAULT,
            "shuffle_questions": False, "shuffle_answers": True, "grading": "highest",
            "feedback": "after_submit"}
QUESTIONS_FILE = "questions.gift"


def category_name(module) -> str:
    return f"modules/{module.slug}"


def _key_lines(module_yaml: Path, key: str) -> dict[str, int]:
    """Line (1-based) of each key inside the `key:` block of module.yaml."""
    try:
        loader = StrictSafeLoader(module_yaml.read_text(encoding="utf-8"))
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) == key and isinstance(value_node, yaml.MappingNode):
            return {str(k.value): k.start_mark.line + 1 for k, _v in value_node.value}
    return {}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _questions_path(module_dir: Path, name: Any) -> Path | None:
    if not isinstance(name, str) or not name.strip() or "/" in name or "\\" in name \
            or name.startswith("."):
        return None
    return module_dir / name


def read_questions(module_dir: Path, name: str, display: str
                   ) -> tuple[list[gift.GiftQuestion], list[PackageError]]:
    """Parse the quiz's GIFT file; errors name that file and the line."""
    from app.courses.packages.reader import TEXT_MAX_BYTES
    from app.quizzes.banks import GIFT_MAX_QUESTIONS

    path = module_dir / name
    try:
        if path.stat().st_size > TEXT_MAX_BYTES:
            return [], [PackageError(display, 0, "the file is larger than "
                                                 f"{TEXT_MAX_BYTES // 1024} KB")]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [], [PackageError(display, 0, "not UTF-8 text")]
    except OSError:
        return [], [PackageError(display, 0, "missing: the file named by 'questions'")]
    questions, errors = gift.parse(text, max_questions=GIFT_MAX_QUESTIONS)
    problems = [PackageError(display, e.line, e.message) for e in errors]
    names: dict[str, int] = {}
    for question in questions:
        if question.category is not None:
            problems.append(PackageError(display, question.line, "$CATEGORY is not used in "
                                         "a course package: the module's quiz is one "
                                         "category"))
        if question.name in names:
            problems.append(PackageError(display, question.line, f"the name "
                                         f"'{question.name}' is also used on line "
                                         f"{names[question.name]}: names must be unique"))
        names.setdefault(question.name, question.line)
    return questions, problems


def check(module_dir: Path, block: Any, file: str, line: int) -> list[PackageError]:
    """Check the `quiz:` block of module.yaml (`file`, key on `line`) and its GIFT file."""
    if not isinstance(block, dict):
        return [PackageError(file, line, "'quiz' holds 'key: value' lines (title, questions, "
                                         "pass_mark, …)")]
    lines = _key_lines(module_dir / "module.yaml", "quiz")
    errors = []

    def error(key: str, message: str) -> None:
        errors.append(PackageError(file, lines.get(key, line), message))

    for key in block:
        if key not in KEYS:
            error(str(key), f"unknown key '{key}' in 'quiz' (known: {', '.join(KEYS)})")
    for key in REQUIRED:
        if key not in block:
            error(key, f"missing: 'quiz' needs '{key}'")
    title = block.get("title")
    if "title" in block and (not isinstance(title, str) or not title.strip()
                             or len(title) > 300):
        error("title", "'title' must be a text of 1 to 300 characters")
    if "pass_mark" in block and not (_is_number(block["pass_mark"])
                                     and 0 <= block["pass_mark"] <= 100):
        error("pass_mark", "'pass_mark' must be a number from 0 to 100 (percent)")
    if "attempts" in block and not (_is_int(block["attempts"]) and 0 <= block["attempts"]
                                    <= 100):
        error("attempts", "'attempts' must be a whole number from 0 (unlimited) to 100")
    if "time_limit" in block and not (_is_int(block["time_limit"])
                                      and 0 <= block["time_limit"] <= 1440):
        error("time_limit", "'time_limit' must be a whole number of minutes from 0 (no "
                            "limit) to 1440")
    if "grace" in block and not (_is_int(block["grace"]) and 0 <= block["grace"] <= GRACE_MAX):
        error("grace", "'grace' must be a whole number of seconds from 0 (no grace) to "
                       f"{GRACE_MAX}")
    for key in ("shuffle_questions", "shuffle_answers"):
        if key in block and not isinstance(block[key], bool):
            error(key, f"'{key}' must be true or false")
    if "grading" in block and block["grading"] not in GRADING_METHODS:
        error("grading", f"'grading' must be one of: {', '.join(GRADING_METHODS)}")
    if "feedback" in block and block["feedback"] not in FEEDBACK_RULES:
        error("feedback", f"'feedback' must be one of: {', '.join(FEEDBACK_RULES)}")
    if "draw" in block and not (_is_int(block["draw"]) and block["draw"] >= 0):
        error("draw", "'draw' must be a whole number (0 = every question)")
    if "questions" in block:
        path = _questions_path(module_dir, block["questions"])
        if path is None:
            error("questions", "'questions' names a file in the module folder, e.g. "
                               "questions.gift")
        else:
            display = file.rsplit("/", 1)[0] + "/" + block["questions"] if "/" in file \
                else block["questions"]
            questions, problems = read_questions(module_dir, block["questions"], display)
            errors += problems
            draw = block.get("draw")
            if _is_int(draw) and draw > len(questions) and not problems:
                error("draw", f"'draw' is {draw} but {display} has {len(questions)} "
                              "questions")
    return errors


def load(item, module_dir: Path, block: dict) -> None:
    """Create or update the item's quiz from a checked block."""
    questions, problems = read_questions(module_dir, block["questions"], block["questions"])
    if problems:
        raise ValueError("; ".join(str(p) for p in problems))
    module = item.module
    settings = {**DEFAULTS, **block}
    values = {"title": str(block["title"]).strip(),
              "pass_mark": float(settings["pass_mark"]),
              "attempts_allowed": settings["attempts"], "time_limit": settings["time_limit"],
              "grace_seconds": settings["grace"],
              "shuffle_questions": settings["shuffle_questions"],
              "shuffle_answers": settings["shuffle_answers"],
              "grading_method": settings["grading"], "feedback": settings["feedback"]}
    quiz = services.quiz_for_item(item)
    if quiz is None:
        quiz = services.create_quiz(module, values.pop("title"), item=item, **values)
    else:
        services.update_settings(quiz, **values)
    category = _pool_category(quiz)
    # the package holds every question of the category when the quiz draws from it (or it
    # is the module's own): questions missing from the package are deleted; a fixed choice
    # among a bank category's questions leaves the others alone
    whole = (category is None or category.name == category_name(module)
             or any(slot.is_random for slot in quiz.slots))
    if category is None:
        category = banks.category(banks.default_bank(module.course), category_name(module))
    bank = category.bank
    if whole:
        existing = {q.name: q for q in db.session.scalars(
            select(Question).where(Question.category_id == category.id).order_by(Question.id))}
    else:
        existing = {slot.question.name: slot.question for slot in quiz.slots
                    if slot.question is not None}
    kept = []
    for parsed in questions:
        kept.append(banks.save_question(bank, banks.QuestionFields(
            name=parsed.name, type=parsed.type, text=parsed.text,
            text_format=parsed.text_format, general_feedback=parsed.general_feedback,
            data=parsed.data, category=category.name, tags=parsed.tags,
        ), question=existing.pop(parsed.name, None)))
    quiz.slots.clear()
    db.session.flush()
    for question in existing.values() if whole else ():
        banks.delete_question(question)  # attempts keep their copy
    draw = block.get("draw") or 0
    if draw:
        quiz.slots.append(QuizSlot(category=category, count=draw, mark=1, position=0))
    else:
        quiz.slots.extend(QuizSlot(question=q, mark=1, position=i) for i, q in enumerate(kept))
    db.session.flush()


def _pool_category(quiz):
    """The one category a quiz already takes its questions from (a quiz authored on the web
    draws from a bank category of its own): re-importing its package updates those questions
    in place instead of copying them to `modules/<module-slug>`. None when the quiz has no
    slots yet or takes from several categories."""
    categories = {slot.category if slot.is_random else slot.question.category
                  for slot in quiz.slots if slot.is_random or slot.question is not None}
    categories.discard(None)
    if len(categories) != 1:
        return None
    found = categories.pop()
    return found if found.bank.course_id == quiz.course_id else None


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def quiz_questions(quiz) -> tuple[list[Question], int]:
    """The questions a package holds for this quiz, and how many an attempt draws (0 = all).

    Fixed questions in slot order, then every question of each random draw's category; a
    quiz that mixes them is written as one pool with `draw`."""
    questions: list[Question] = []
    seen: set[int] = set()
    random_slots = [s for s in quiz.slots if s.is_random]
    for slot in sorted(quiz.slots, key=lambda s: s.position):
        if slot.question is not None:
            pool = [slot.question]
        else:
            pool = list(db.session.scalars(select(Question).where(
                Question.category_id == slot.category_id).order_by(Question.id)))
        for question in pool:
            if question.id not in seen:
                seen.add(question.id)
                questions.append(question)
    if not random_slots:
        return questions, 0
    # a draw of every question is still a draw (new questions of the category join it)
    return questions, min(services.questions_per_attempt(quiz), len(questions))


class _Named:
    """A question under another name (unique names in a package)."""

    def __init__(self, question: Question, name: str):
        self._question, self.name = question, name

    def __getattr__(self, attribute):
        return getattr(self._question, attribute)


def dump(item, module_dir: Path) -> dict:
    """Write the quiz's questions to questions.gift; return the `quiz:` block."""
    quiz = services.quiz_for_item(item)
    questions, draw = quiz_questions(quiz)
    named, used = [], set()
    for question in questions:
        name, n = question.name, 1
        while name in used:
            n += 1
            name = f"{question.name} ({n})"
        used.add(name)
        named.append(_Named(question, name) if name != question.name else question)
    module_dir.mkdir(parents=True, exist_ok=True)
    (module_dir / QUESTIONS_FILE).write_text(gift.export(named, categories=False),
                                             encoding="utf-8", newline="\n")
    block = {"title": quiz.title, "questions": QUESTIONS_FILE,
             "pass_mark": _number(quiz.pass_mark), "attempts": quiz.attempts_allowed,
             "time_limit": quiz.time_limit}
    if quiz.grace_seconds != GRACE_DEFAULT:  # the default is not written
        block["grace"] = quiz.grace_seconds
    block.update({"shuffle_questions": quiz.shuffle_questions,
                  "shuffle_answers": quiz.shuffle_answers, "grading": quiz.grading_method,
                  "feedback": quiz.feedback})
    if draw:
        block["draw"] = draw
    return block


# Translations: questions.<lang>.gift beside questions.gift ---------------------------------

def translation_file(name: str, language: str) -> str:
    """questions.gift → questions.ko.gift"""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{language}.{suffix}" if dot else f"{name}.{language}"


def _translation_files(module_dir: Path, name: str) -> dict[str, Path]:
    """Language → path of every translation of the GIFT file `name` in module_dir."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        return {}
    found = {}
    for entry in sorted(module_dir.glob(f"{stem}.*.{suffix}")):
        code = entry.name[len(stem) + 1:-(len(suffix) + 1)]
        if code and "." not in code:
            found[code] = entry
    return found


def check_translation(source: list[gift.GiftQuestion], translated: list[gift.GiftQuestion],
                      display: str) -> list[PackageError]:
    """A translation holds (some of) the source's questions, in the source's order, each
    named like its source, of the same type, with the same answers in the same order."""
    errors = []
    by_name = {q.name: (i, q) for i, q in enumerate(source)}
    last, seen = -1, set()
    for question in translated:
        if not question.named:
            errors.append(PackageError(display, question.line, "a translated question needs "
                                       "the ::name:: of the question it translates"))
            continue
        found = by_name.get(question.name)
        if found is None:
            errors.append(PackageError(display, question.line, f"no question named "
                                       f"'{question.name}' in the source file"))
            continue
        index, original = found
        if question.name in seen:
            errors.append(PackageError(display, question.line, f"'{question.name}' is "
                                       "translated twice"))
            continue
        seen.add(question.name)
        if index < last:
            errors.append(PackageError(display, question.line, f"'{question.name}' is out of "
                                       "order: keep the order of the source file"))
        last = max(last, index)
        if question.type != original.type:
            errors.append(PackageError(display, question.line, f"'{question.name}' is a "
                                       f"{question.type} question but the source is "
                                       f"{original.type}"))
            continue
        problem = translation.mismatch(original.data, question.data)
        if problem:
            errors.append(PackageError(display, question.line,
                                       f"'{question.name}': {problem}"))
    return errors


def check_translations(module_dir: Path, block: Any, file: str, language: str,
                       languages: list[str]) -> list[PackageError]:
    """Check every questions.<lang>.gift beside the quiz's GIFT file."""
    if not isinstance(block, dict) or _questions_path(module_dir, block.get("questions")) \
            is None:
        return []
    name = block["questions"]
    folder = file.rsplit("/", 1)[0] + "/" if "/" in file else ""
    files = _translation_files(module_dir, name)
    if not files:
        return []
    source, problems = read_questions(module_dir, name, folder + name)
    if problems:
        return []  # reported by check()
    errors = [PackageError(folder + name, q.line, f"'{q.name}' needs a ::name:: because the "
                           "quiz is translated (translations find their question by name)")
              for q in source if not q.named]
    for code, path in files.items():
        display = folder + path.name
        if code not in LANGUAGES:
            errors.append(PackageError(display, 0, f"unknown language '{code}' (use one of: "
                                                   f"{', '.join(LANGUAGES)})"))
            continue
        if code == language or code not in languages:
            errors.append(PackageError(display, 0, f"'{code}' is not one of the course's "
                                                   "translations ('languages' in course.yaml)"))
            continue
        translated, problems = read_questions(module_dir, path.name, display)
        errors += problems
        if not problems:
            errors += check_translation(source, translated, display)
    return errors


def load_translations(item, module_dir: Path, block: dict, languages: list[str]) -> None:
    """Store each questions.<lang>.gift as translations of the quiz's questions (matched
    by name); translations no longer in the package are removed."""
    quiz = services.quiz_for_item(item)
    questions, _draw = quiz_questions(quiz)
    by_name = {q.name: q for q in questions}
    files = _translation_files(module_dir, block["questions"])
    wanted: dict[int, set[str]] = {q.id: set() for q in questions}
    for code in languages:
        path = files.get(code)
        if path is None:
            continue
        translated, problems = read_questions(module_dir, path.name, path.name)
        if problems:
            raise ValueError("; ".join(str(p) for p in problems))
        for parsed in translated:
            question = by_name.get(parsed.name)
            if question is None:
                continue
            translation.set_question_translation(question, code, text=parsed.text,
                                     general_feedback=parsed.general_feedback,
                                     data=parsed.data, keep_revision=True)
            wanted[question.id].add(code)
    for question in questions:
        for row in list(question.translations):
            if row.language not in wanted[question.id]:
                question.translations.remove(row)
    db.session.flush()


class _Translated:
    """A question with its texts in another language, for the GIFT writer."""

    def __init__(self, name: str, question: Question, row):
        self.name, self.type, self.text_format = name, question.type, question.text_format
        self.text, self.general_feedback = row.text, row.general_feedback
        self.data, self.tags = row.data, []


def dump_translations(item, module_dir: Path, languages: list[str]) -> None:
    """Write questions.<lang>.gift for each language with translated questions."""
    quiz = services.quiz_for_item(item)
    questions, _draw = quiz_questions(quiz)
    names, used = [], set()
    for question in questions:  # the same names as dump()
        name, n = question.name, 1
        while name in used:
            n += 1
            name = f"{question.name} ({n})"
        used.add(name)
        names.append(name)
    for code in languages:
        rows = [(name, q, t) for name, q in zip(names, questions, strict=True)
                for t in q.translations if t.language == code]
        if rows:
            (module_dir / translation_file(QUESTIONS_FILE, code)).write_text(
                gift.export([_Translated(*row) for row in rows], categories=False),
                encoding="utf-8", newline="\n")
