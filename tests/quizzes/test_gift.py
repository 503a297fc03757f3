"""GIFT: every feature of the issue, errors with line numbers, byte-identical round trips."""

from pathlib import Path

import pytest

from app.quizzes import gift
from tests.quizzes.factories import ALL_TYPES_GIFT

ROOT = Path(__file__).resolve().parents[2]


def parse_ok(text):
    questions, errors = gift.parse(text)
    assert errors == [], [str(e) for e in errors]
    return questions


def only(text):
    questions = parse_ok(text)
    assert len(questions) == 1
    return questions[0]


def strip_ids(value):
    if isinstance(value, dict):
        return {k: strip_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [strip_ids(v) for v in value]
    return value


def test_all_types(app):
    questions = parse_ok(ALL_TYPES_GIFT)
    assert [q.type for q in questions] == ["single", "multiple", "truefalse", "short",
                                           "numerical", "matching", "essay"]
    assert {q.category for q in questions} == {"Module 1/Basics"}
    single, multiple, tf, short, numerical, matching, essay = questions
    assert single.name == "Single"
    assert single.tags == ["definitions", "stock"]
    assert single.general_feedback == "GENERAL-SINGLE"
    assert strip_ids(single.data["choices"]) == [
        {"text": "A person who changes country of usual residence", "credit": 100.0,
         "feedback": "FB-SINGLE-RIGHT"},
        {"text": "A tourist", "credit": 0.0, "feedback": "FB-SINGLE-WRONG"},
        {"text": "A person abroad for 3 months", "credit": 50.0, "feedback": "FB-SINGLE-HALF"},
    ]
    assert [c["credit"] for c in multiple.data["choices"]] == [50.0, 50.0, -100.0]
    # Moodle: the first feedback is for a wrong answer, the second for a right one.
    assert tf.data == {"correct": True, "feedback_true": "FB-TF-RIGHT",
                       "feedback_false": "FB-TF-WRONG"}
    assert [(a["text"], a["credit"]) for a in short.data["answers"]] == [
        ("Safe, Orderly and Regular Migration", 100.0), ("safe*migration", 50.0)]
    assert strip_ids(numerical.data) == {"other_feedback": "FB-NUM-OTHER", "answers": [
        {"value": 2004.0, "tolerance": 0.0, "low": None, "high": None, "credit": 100.0,
         "feedback": "FB-NUM-EXACT"},
        {"value": None, "tolerance": 0.0, "low": 2000.0, "high": 2008.0, "credit": 50.0,
         "feedback": "FB-NUM-CLOSE"}]}
    assert strip_ids(matching.data["pairs"])[-1] == {"stem": "", "answer":
                                                     "Number of visas issued"}
    assert essay.data == {"grader_info": ""}
    assert essay.general_feedback == "GENERAL-ESSAY"


@pytest.mark.parametrize(("text", "qtype"), [
    ("Q? {T}", "truefalse"), ("Q? {F}", "truefalse"), ("Q? {FALSE}", "truefalse"),
    ("Q? {=a ~b}", "single"), ("Q? {~%100%a ~b}", "multiple"), ("Q? {=a =b}", "short"),
    ("Q? {#5}", "numerical"), ("Q? {#1..5}", "numerical"), ("Q? {#3:2}", "numerical"),
    ("Q? {=a -> 1 =b -> 2 =c -> 3}", "matching"), ("Q? {}", "essay"),
])
def test_type_detection(app, text, qtype):
    assert only(text).type == qtype


def test_true_false_feedback_follows_moodle(app):
    question = only("::F::The earth is flat. {FALSE #wrong: it is round #right}")
    assert question.data == {"correct": False, "feedback_true": "wrong: it is round",
                             "feedback_false": "right"}


def test_name_format_and_missing_word(app):
    question = only("::Q1 \\: name::[markdown]Two plus {=two =2} equals **four**.")
    assert question.name == "Q1 : name"
    assert question.text_format == "markdown"
    assert question.text == "Two plus _____ equals **four**."
    unnamed = only("What is the capital of Korea?\n{=Seoul}")
    assert unnamed.name == "What is the capital of Korea?"
    for fmt in ("html", "plain", "moodle"):
        assert only(f"::n::[{fmt}]Text {{T}}").text_format == fmt


def test_escapes_comments_and_newlines(app):
    question = only(
        "// a comment line\n"
        "::Esc::Tilde \\~ equals \\= hash \\# braces \\{x\\} colon \\: slash \\\\ "
        "line\\nbreak {\n"
        "=right \\= answer #feedback \\# with \\{brace\\}\n"
        "// a comment inside the answers\n"
        "~wrong\n}"
    )
    assert question.text == ("Tilde ~ equals = hash # braces {x} colon : slash \\ line\n"
                             "break")
    assert question.data["choices"][0]["text"] == "right = answer"
    assert question.data["choices"][0]["feedback"] == "feedback # with {brace}"
    assert len(question.data["choices"]) == 2


def test_categories(app):
    questions = parse_ok("::a::A {T}\n\n$CATEGORY: $course$/top/Module 2/ Data \n\n"
                         "::b::B {T}\n$CATEGORY: $system$/Other\n::c::C {F}\n")
    assert [q.category for q in questions] == [None, "Module 2/Data", "Other"]


def test_numerical_forms(app):
    question = only("::n::When? {#\n=1822:0 #right\n=%50%1822:2 #close\n~#not at all\n}")
    assert [(a["value"], a["tolerance"], a["credit"]) for a in question.data["answers"]] == [
        (1822.0, 0.0, 100.0), (1822.0, 2.0, 50.0)]
    assert question.data["other_feedback"] == "not at all"
    ranged = only("::r::Between? {#-5.5..1e2 #in range ####general}")
    assert (ranged.data["answers"][0]["low"], ranged.data["answers"][0]["high"]) == \
        (-5.5, 100.0)
    assert ranged.general_feedback == "general"


def test_weights(app):
    question = only("::w::Pick {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-50%d}")
    assert [c["credit"] for c in question.data["choices"]] == [33.33333] * 3 + [-50.0]


ERRORS = [
    ("::a::Broken {=right ~wrong\n\n::b::Fine {T}", [(1, "not closed")]),
    ("::a::Fine {T}\n\n::b::Bad weight {~%abc%x ~y}", [(3, "weight")]),
    ("::a::Fine {T}\n\n\n::b::Line\ntwo {=a\n~%150%b}", [(6, "between -100")]),
    ("::a::No answers here", [(1, "answer block")]),
    ("::a::Nested {=a {b}}", [(1, "inside an answer block")]),
    ("::a::Two {=a ~b} blocks {=c ~d}", [(1, "one answer block")]),
    ("::a::Closing first } {=a ~b}", [(1, "without")]),
    ("::a::Short {a =b}", [(1, "start with '='")]),
    ("::a::Choice {a =b ~c}", [(1, "before the first answer")]),
    ("::a::Lower true {true}", [(1, "start with '='")]),
    ("::a::Number {#abc}", [(1, "Not a number")]),
    ("::a::Pairs {=a -> 1 =b 2 =c -> 3}", [(1, "'=item -> match'")]),
    ("::unclosed name Q {T}", [(1, "not closed with '::'")]),
    ("::a:: {T}", [(1, "text is empty")]),
    ("::a::Multi {~%50%a ~%20%b ~c}", [(1, "add up to 100")]),
    ("::a::One {=a}\n\n::b::Match {=a -> 1 =b -> 1}", [(3, "three different answers")]),
    ("::a::Bad {=a ~b}\n\n::b::Bad {~%x%}\n\n::c::Bad", [(3, "weight"), (5, "answer block")]),
]


@pytest.mark.parametrize(("text", "expected"), ERRORS)
def test_errors_name_the_line(app, text, expected):
    _questions, errors = gift.parse(text)
    assert [(e.line, part in e.message) for e, (_l, part) in zip(errors, expected,
                                                                   strict=True)] == \
        [(line, True) for line, _part in expected], [str(e) for e in errors]


def test_empty_file(app):
    assert gift.parse("// only a comment\n\n") == ([], [])


ROUND_TRIP = ALL_TYPES_GIFT + """
::Tricky \\: name::[markdown]First line\\n\\nSecond **paragraph** with \\{braces\\}, \\~ and \\= {
=%100%%50 of people #percent \\# sign
~[markdown]starts with a format? #fb
~%-33.33333%minus
}

// [tag:a \\] b] [tag:Korean 한국어]
::Unicode ไทย::ภาษาไทย 한국어 Tiếng Việt {=ไทย =%25%한국* #부분}

::Starts with bracket::[markdown] is the format? {T}

::plain::[plain]<b>not bold</b> {#
=0.1:0.05
=%10%-1e-05..3.25
}
"""


def test_export_parse_export_is_byte_identical(app):
    first = gift.export(parse_ok(ROUND_TRIP), categories=False)
    second_questions = parse_ok(first)
    second = gift.export(second_questions, categories=False)
    assert first == second
    assert first.endswith("}\n")
    assert "\n\n\n" not in first
    originals = parse_ok(ROUND_TRIP)
    for a, b in zip(originals, second_questions, strict=True):
        assert (a.name, a.type, a.text, a.text_format, a.general_feedback, a.tags,
                strip_ids(a.data)) == (b.name, b.type, b.text, b.text_format,
                                       b.general_feedback, b.tags, strip_ids(b.data))


def test_export_writes_categories(app):
    questions = parse_ok(ALL_TYPES_GIFT)
    for q in questions:
        q.category_name = q.category
    text = gift.export(questions)
    assert text.startswith("$CATEGORY: Module 1/Basics\n\n// [tag:definitions] [tag:stock]\n")
    assert [q.category for q in parse_ok(text)] == ["Module 1/Basics"] * 7


COURSE_FILES = sorted(ROOT.glob("courses/*/modules/*/questions.gift"))


@pytest.mark.parametrize("path", COURSE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_course_package_questions_parse(app, path):
    questions = parse_ok(path.read_text(encoding="utf-8"))
    assert questions
    assert len({q.name for q in questions}) == len(questions)
    exported = gift.export(questions, categories=False)
    assert gift.export(parse_ok(exported), categories=False) == exported
