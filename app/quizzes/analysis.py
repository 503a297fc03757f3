"""Item analysis for trainers: facility and discrimination per question, the score
distribution, and the attempts as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import select

from app.extensions import db
from app.quizzes.models import FINISHED, Attempt, Quiz
from app.quizzes.types import QUESTION_TYPES

GROUP_SHARE = 0.27  # upper and lower groups for the discrimination index


@dataclass
class ItemStats:
    question_id: int
    name: str
    type_label: str
    count: int = 0
    facility: float | None = None  # mean fraction × 100
    discrimination: float | None = None  # upper group facility − lower group, −1..1
    fractions: list[float] = field(default_factory=list)


@dataclass
class Analysis:
    attempts: list[Attempt]
    items: list[ItemStats]
    bins: list[int]  # 10 bins of 10 percentage points
    mean: float | None
    median: float | None
    pass_rate: float | None
    pending: int  # attempts waiting for a trainer


def finished_attempts(quiz: Quiz) -> list[Attempt]:
    return list(db.session.scalars(
        select(Attempt).where(Attempt.quiz_id == quiz.id, Attempt.state == FINISHED,
                              Attempt.is_preview.is_(False))
        .options(db.joinedload(Attempt.user))
        .order_by(Attempt.finished_at, Attempt.id)))


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def analyse(quiz: Quiz, attempts: list[Attempt] | None = None) -> Analysis:
    attempts = finished_attempts(quiz) if attempts is None else attempts
    graded = [a for a in attempts if not a.needs_grading and a.percent is not None]
    items: dict[int, ItemStats] = {}
    per_attempt: dict[int, dict[int, float]] = {}
    for attempt in graded:
        fractions = {}
        for index, entry in enumerate(attempt.snapshot or []):
            result = (attempt.results or {}).get(str(index)) or {}
            if result.get("fraction") is None:
                continue
            qid = entry["question_id"]
            stats = items.setdefault(qid, ItemStats(
                qid, entry["name"], str(QUESTION_TYPES[entry["type"]].label)))
            stats.count += 1
            stats.fractions.append(result["fraction"])
            stats.name = entry["name"]
            fractions[qid] = result["fraction"]
        per_attempt[attempt.id] = fractions
    ranked = sorted(graded, key=lambda a: a.percent)
    size = max(1, round(len(ranked) * GROUP_SHARE)) if len(ranked) >= 2 else 0
    lower, upper = ranked[:size], ranked[len(ranked) - size:] if size else []
    for stats in items.values():
        stats.facility = round(_mean(stats.fractions) * 100, 1)
        up = [per_attempt[a.id][stats.question_id] for a in upper
              if stats.question_id in per_attempt[a.id]]
        low = [per_attempt[a.id][stats.question_id] for a in lower
               if stats.question_id in per_attempt[a.id]]
        if up and low:
            stats.discrimination = round(_mean(up) - _mean(low), 2)
    bins = [0] * 10
    for attempt in graded:
        bins[min(int(attempt.percent // 10), 9)] += 1
    percents = sorted(a.percent for a in graded)
    median = None
    if percents:
        middle = len(percents) // 2
        median = percents[middle] if len(percents) % 2 else \
            (percents[middle - 1] + percents[middle]) / 2
    passed = [a for a in graded if a.passed]
    return Analysis(
        attempts=attempts, items=sorted(items.values(), key=lambda s: s.name.casefold()),
        bins=bins, mean=round(_mean(percents), 1) if percents else None,
        median=round(median, 1) if median is not None else None,
        pass_rate=round(len(passed) / len(graded) * 100, 1) if graded else None,
        pending=sum(1 for a in attempts if a.needs_grading))


# --- chart ---------------------------------------------------------------------------------

@dataclass
class Bar:
    x: int
    y: int
    width: int
    height: int
    count: int
    label: str


def distribution_bars(bins: list[int], *, width: int = 600, height: int = 200) -> list[Bar]:
    """Bars of an inline SVG histogram (the template draws them; no script, no style)."""
    top = max(bins) or 1
    slot = width // len(bins)
    bars = []
    for i, count in enumerate(bins):
        bar_height = round(count / top * (height - 20))
        label = f"{i * 10}–{100 if i == 9 else i * 10 + 9}%"
        bars.append(Bar(x=i * slot + 4, y=height - bar_height, width=slot - 8,
                        height=bar_height, count=count, label=label))
    return bars


# --- CSV -----------------------------------------------------------------------------------

def _cell(value) -> str:
    """Text for a spreadsheet cell; a leading = + - @ cannot start a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def _iso(moment) -> str:
    return moment.isoformat(sep=" ", timespec="seconds") + "Z" if moment else ""


def attempts_csv(quiz: Quiz, attempts: list[Attempt]) -> str:
    slots = max((len(a.snapshot or []) for a in attempts), default=0)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["attempt_id", "email", "name", "native_name", "country", "agency",
                     "attempt", "state", "started_utc", "finished_utc", "finished_by",
                     "minutes", "score", "max_score", "percent", "passed", "needs_grading"]
                    + [f"q{i + 1}" for i in range(slots)]
                    + [f"q{i + 1}_points" for i in range(slots)])
    for a in sorted(attempts, key=lambda a: (a.user.name.casefold(), a.number)):
        minutes = round((a.finished_at - a.started_at).total_seconds() / 60, 1) \
            if a.finished_at else ""
        names = [e["name"] for e in a.snapshot or []]
        points = [((a.results or {}).get(str(i)) or {}).get("mark") for i in range(len(names))]
        writer.writerow([_cell(v) for v in [
            a.id, a.user.email, a.user.name, a.user.native_name, a.user.country,
            a.user.agency, a.number, a.state, _iso(a.started_at), _iso(a.finished_at),
            a.finished_by, minutes, a.score, a.max_score, a.percent,
            "" if a.passed is None else ("yes" if a.passed else "no"),
            "yes" if a.needs_grading else "no",
        ]] + [_cell(n) for n in names] + [""] * (slots - len(names))
            + [_cell(p) for p in points] + [""] * (slots - len(points)))
    return out.getvalue()


def csv_filename(quiz: Quiz) -> str:
    return f"quiz-{quiz.id}-attempts.csv"
