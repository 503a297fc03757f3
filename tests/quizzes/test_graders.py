"""Every grader, table-driven: (data, response) → (fraction, feedback)."""

import pytest

from app.quizzes.types import QUESTION_TYPES, grade, is_empty, parse_number

SINGLE = {"choices": [
    {"id": "a", "text": "Right", "credit": 100, "feedback": "yes"},
    {"id": "b", "text": "Half", "credit": 50, "feedback": "half"},
    {"id": "c", "text": "Wrong", "credit": 0, "feedback": "no"},
    {"id": "d", "text": "Harmful", "credit": -50, "feedback": "bad"},
]}
MULTIPLE = {"choices": [
    {"id": "a", "text": "A", "credit": 50, "feedback": "fa"},
    {"id": "b", "text": "B", "credit": 50, "feedback": "fb"},
    {"id": "c", "text": "C", "credit": -50, "feedback": "fc"},
    {"id": "d", "text": "D", "credit": -100, "feedback": ""},
]}
THIRDS = {"choices": [
    {"id": "a", "text": "A", "credit": 33.33333, "feedback": ""},
    {"id": "b", "text": "B", "credit": 33.33333, "feedback": ""},
    {"id": "c", "text": "C", "credit": 33.33333, "feedback": ""},
    {"id": "x", "text": "X", "credit": -50, "feedback": ""},
]}
TF_TRUE = {"correct": True, "feedback_true": "said true", "feedback_false": "said false"}
TF_FALSE = {"correct": False, "feedback_true": "said true", "feedback_false": "said false"}
SHORT = {"case_sensitive": False, "answers": [
    {"id": "1", "text": "Safe, Orderly and Regular Migration", "credit": 100, "feedback": "full"},
    {"id": "2", "text": "safe*migration", "credit": 50, "feedback": "half"},
    {"id": "3", "text": "서울", "credit": 100, "feedback": "korean"},
    {"id": "4", "text": "กรุงเทพมหานคร", "credit": 100, "feedback": "thai"},
    {"id": "5", "text": "น้ำ", "credit": 100, "feedback": "thai water"},
    {"id": "6", "text": "a\\*b", "credit": 100, "feedback": "literal star"},
]}
SHORT_CASE = {"case_sensitive": True, "answers": [
    {"id": "1", "text": "E-9", "credit": 100, "feedback": "visa"},
    {"id": "2", "text": "E*9", "credit": 80, "feedback": "close"},
]}
NUMERICAL = {"other_feedback": "other", "answers": [
    {"id": "1", "value": 2004, "tolerance": 0, "low": None, "high": None, "credit": 100,
     "feedback": "exact"},
    {"id": "2", "value": 2004, "tolerance": 2, "low": None, "high": None, "credit": 50,
     "feedback": "close"},
    {"id": "3", "value": None, "tolerance": 0, "low": 1990, "high": 1999.5, "credit": 25,
     "feedback": "range"},
]}
FLOAT_TOLERANCE = {"other_feedback": "", "answers": [
    {"id": "1", "value": 0.3, "tolerance": 0.1, "low": None, "high": None, "credit": 100,
     "feedback": "ok"},
]}
MATCHING = {"pairs": [
    {"id": "p1", "stem": "Stock", "answer": "Point in time"},
    {"id": "p2", "stem": "Flow", "answer": "Over a period"},
    {"id": "p3", "stem": "이주", "answer": "การย้ายถิ่น"},
    {"id": "p4", "stem": "", "answer": "Distractor"},
]}

CASES = [
    # single choice
    ("single", SINGLE, None, 0.0, ""),
    ("single", SINGLE, "", 0.0, ""),
    ("single", SINGLE, "a", 1.0, "yes"),
    ("single", SINGLE, "b", 0.5, "half"),
    ("single", SINGLE, "c", 0.0, "no"),
    ("single", SINGLE, "d", 0.0, "bad"),  # negative credit floored at 0
    ("single", SINGLE, "zz", 0.0, ""),  # unknown id
    ("single", SINGLE, ["a"], 0.0, ""),  # wrong shape
    # multiple choice
    ("multiple", MULTIPLE, None, 0.0, ""),
    ("multiple", MULTIPLE, [], 0.0, ""),
    ("multiple", MULTIPLE, ["a"], 0.5, "fa"),
    ("multiple", MULTIPLE, ["a", "b"], 1.0, "fa\n\nfb"),
    ("multiple", MULTIPLE, ["a", "b", "c"], 0.5, "fa\n\nfb\n\nfc"),
    ("multiple", MULTIPLE, ["a", "c"], 0.0, "fa\n\nfc"),
    ("multiple", MULTIPLE, ["c", "d"], 0.0, "fc"),  # negative total floored at 0
    ("multiple", MULTIPLE, ["a", "b", "c", "d"], 0.0, "fa\n\nfb\n\nfc"),  # select-all trick
    ("multiple", MULTIPLE, ["a", "a", "a"], 0.5, "fa"),  # duplicates count once
    ("multiple", MULTIPLE, "a", 0.0, ""),  # wrong shape
    ("multiple", THIRDS, ["a", "b", "c"], 1.0, ""),  # 3 × 33.33333 is full credit
    ("multiple", THIRDS, ["a"], 0.3333333, ""),
    ("multiple", THIRDS, ["a", "b", "c", "x"], 0.5, ""),
    # true/false
    ("truefalse", TF_TRUE, None, 0.0, ""),
    ("truefalse", TF_TRUE, True, 1.0, "said true"),
    ("truefalse", TF_TRUE, False, 0.0, "said false"),
    ("truefalse", TF_FALSE, False, 1.0, "said false"),
    ("truefalse", TF_FALSE, True, 0.0, "said true"),
    ("truefalse", TF_TRUE, "true", 0.0, ""),  # strings are not booleans
    # short answer
    ("short", SHORT, None, 0.0, ""),
    ("short", SHORT, "   ", 0.0, ""),
    ("short", SHORT, "Safe, Orderly and Regular Migration", 1.0, "full"),
    ("short", SHORT, "  safe,   orderly AND regular migration ", 1.0, "full"),
    ("short", SHORT, "Ｓａｆｅ, Orderly and Regular Migration", 1.0, "full"),  # full-width
    ("short", SHORT, "safe and regular migration", 0.5, "half"),  # wildcard
    ("short", SHORT, "SAFE MIGRATION", 0.5, "half"),
    ("short", SHORT, "safe migration policy", 0.0, ""),  # wildcard must match it all
    ("short", SHORT, "서울", 1.0, "korean"),
    ("short", SHORT, " 서울 ", 1.0, "korean"),
    ("short", SHORT, "서울시", 0.0, ""),
    ("short", SHORT, "กรุงเทพมหานคร", 1.0, "thai"),
    ("short", SHORT, "กรุงเทพ", 0.0, ""),
    ("short", SHORT, "\u0e19\u0e49\u0e4d\u0e32", 1.0, "thai water"),  # sara am decomposed
    ("short", SHORT, "a*b", 1.0, "literal star"),
    ("short", SHORT, "axxb", 0.0, ""),
    ("short", SHORT, 42, 0.0, ""),
    ("short", SHORT_CASE, "E-9", 1.0, "visa"),
    ("short", SHORT_CASE, "e-9", 0.0, ""),
    ("short", SHORT_CASE, "E 9", 0.8, "close"),
    # numerical
    ("numerical", NUMERICAL, None, 0.0, ""),
    ("numerical", NUMERICAL, "", 0.0, ""),
    ("numerical", NUMERICAL, "abc", 0.0, ""),
    ("numerical", NUMERICAL, "2004", 1.0, "exact"),
    ("numerical", NUMERICAL, "2004.0", 1.0, "exact"),
    ("numerical", NUMERICAL, "２００４", 1.0, "exact"),  # full-width digits
    ("numerical", NUMERICAL, "๒๐๐๔", 1.0, "exact"),  # Thai digits
    ("numerical", NUMERICAL, "2006", 0.5, "close"),  # tolerance boundary, inclusive
    ("numerical", NUMERICAL, "2002", 0.5, "close"),
    ("numerical", NUMERICAL, "2006.0001", 0.0, "other"),  # just outside
    ("numerical", NUMERICAL, "1990", 0.25, "range"),  # range boundaries, inclusive
    ("numerical", NUMERICAL, "1999.5", 0.25, "range"),
    ("numerical", NUMERICAL, "1999,5", 0.25, "range"),  # decimal comma
    ("numerical", NUMERICAL, "1989.99", 0.0, "other"),
    ("numerical", NUMERICAL, "2,004", 0.0, "other"),  # one comma is a decimal comma: 2.004
    ("numerical", NUMERICAL, "−2004", 0.0, "other"),  # Unicode minus
    ("numerical", NUMERICAL, 2004, 1.0, "exact"),
    ("numerical", FLOAT_TOLERANCE, "0.2", 1.0, "ok"),  # 0.3 - 0.1 despite float error
    ("numerical", FLOAT_TOLERANCE, "0.4", 1.0, "ok"),
    ("numerical", FLOAT_TOLERANCE, "0.41", 0.0, ""),
    # matching
    ("matching", MATCHING, None, 0.0, ""),
    ("matching", MATCHING, {}, 0.0, ""),
    ("matching", MATCHING, {"p1": "Point in time", "p2": "Over a period",
                            "p3": "การย้ายถิ่น"}, 1.0, ""),
    ("matching", MATCHING, {"p1": "Point in time", "p2": "Distractor"}, 0.3333333, ""),
    ("matching", MATCHING, {"p1": "Over a period", "p2": "Point in time"}, 0.0, ""),
    ("matching", MATCHING, {"p4": "Distractor"}, 0.0, ""),  # distractors score nothing
    ("matching", MATCHING, ["Point in time"], 0.0, ""),
    # essay: a person grades it (None); an empty essay is 0 at once
    ("essay", {"grader_info": ""}, None, 0.0, ""),
    ("essay", {"grader_info": ""}, "  ", 0.0, ""),
    ("essay", {"grader_info": ""}, "이주와 개발에 관한 나의 생각", None, ""),
]


@pytest.mark.parametrize(("qtype", "data", "response", "fraction", "feedback"), CASES)
def test_grader(qtype, data, response, fraction, feedback):
    got_fraction, got_feedback = grade(qtype, data, response)
    if fraction is None:
        assert got_fraction is None
    else:
        assert got_fraction == pytest.approx(fraction, abs=1e-6)
        assert 0.0 <= got_fraction <= 1.0
    assert got_feedback == feedback


def test_every_type_is_in_the_one_table_and_covered():
    assert set(QUESTION_TYPES) == {"single", "multiple", "truefalse", "short", "numerical",
                                   "matching", "essay"}
    assert {case[0] for case in CASES} == set(QUESTION_TYPES)
    assert [t.name for t in QUESTION_TYPES.values() if t.manual] == ["essay"]


@pytest.mark.parametrize(("text", "value"), [
    ("12", 12.0), ("-3.5", -3.5), ("+7", 7.0), (".5", 0.5), ("1e3", 1000.0),
    ("1,000.5", 1000.5), ("3,5", 3.5), ("1 000", 1000.0), ("๑๒", 12.0), ("１２", 12.0),
    ("", None), ("twelve", None), ("1..2", None), ("nan", None), ("inf", None), (None, None),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(("qtype", "data", "ok"), [
    ("single", SINGLE, True),
    ("single", {"choices": [SINGLE["choices"][1], SINGLE["choices"][2]]}, False),  # no 100%
    ("single", {"choices": [SINGLE["choices"][0]]}, False),  # one answer
    ("multiple", MULTIPLE, True),
    ("multiple", THIRDS, True),
    ("multiple", {"choices": MULTIPLE["choices"][:1] + MULTIPLE["choices"][2:]}, False),
    ("truefalse", TF_TRUE, True),
    ("truefalse", {"correct": None}, False),
    ("short", SHORT, True),
    ("short", {"answers": [{"id": "1", "text": "x", "credit": 50, "feedback": ""}]}, False),
    ("numerical", NUMERICAL, True),
    ("numerical", {"answers": [{"id": "1", "value": None, "tolerance": 0, "low": 5,
                                "high": 1, "credit": 100, "feedback": ""}]}, False),
    ("matching", MATCHING, True),
    ("matching", {"pairs": MATCHING["pairs"][:1]}, False),
    ("matching", {"pairs": [{"id": "a", "stem": "x", "answer": "1"},
                            {"id": "b", "stem": "y", "answer": "2"}]}, False),  # 2 answers
    ("essay", {"grader_info": ""}, True),
])
def test_content_checks(app, qtype, data, ok):
    assert (QUESTION_TYPES[qtype].check(data) == []) is ok


def test_is_empty():
    assert is_empty(None)
    assert is_empty("")
    assert is_empty([])
    assert is_empty({})
    assert not is_empty(False)
    assert not is_empty("x")
    assert not is_empty(["a"])
