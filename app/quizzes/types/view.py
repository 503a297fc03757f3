"""What a page shows of one question of an attempt (filled by the question types).

On the attempt page option values are positions in the attempt's display order and the
learner's own answers — never ids, credits, feedback or accepted answers. The review fills
the `review only` fields only when the learner may see them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup


@dataclass
class Option:
    value: str
    html: Markup
    selected: bool = False
    correct: bool | None = None  # review with feedback only
    feedback: Markup = field(default_factory=Markup)


@dataclass
class Stem:
    key: int
    html: Markup
    chosen: str = ""  # option value
    chosen_text: str = ""
    correct: bool | None = None
    right_answer: str = ""


@dataclass
class SlotView:
    index: int
    number: int
    type: str
    type_label: str
    template: str
    html: Markup
    mark: float
    options: list[Option] = field(default_factory=list)
    stems: list[Stem] = field(default_factory=list)
    text_value: str = ""
    answered: bool = False
    # review only
    fraction: float | None = None
    points: float | None = None
    feedback: Markup = field(default_factory=Markup)
    general_feedback: Markup = field(default_factory=Markup)
    correct_answers: list[str] = field(default_factory=list)
    comment: str = ""
    manual: bool = False
    graded: bool = True
    # trainers' review: seconds after the deadline the answer arrived (within the grace)
    late_seconds: int | None = None

    @property
    def field_name(self) -> str:
        return f"s{self.index}"

    @property
    def state(self) -> str:
        if not self.answered:
            return "unanswered"
        if self.fraction is None:
            return "pending"
        if self.fraction >= 0.9999999:
            return "correct"
        return "partial" if self.fraction > 0 else "incorrect"
