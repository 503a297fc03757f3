"""The attempt engine: start (draw and snapshot), save and autosave (sequence numbers),
finish (idempotent under concurrency), server deadlines, grading, essay grading, regrade.

Concurrency: every write to an attempt is one conditional UPDATE (`WHERE state =
'in_progress' AND sequence = …`, app.quizzes.attempts.store). Two concurrent finishes
compute the same grade but only one UPDATE matches; a page post whose sequence number is
not the attempt's current one is refused.

Signals (app.signals): `attempt_finished` when an attempt is submitted or closed at its
deadline (not previews), `attempt_graded` when a trainer grades essays or regrades.

Modules: `starting` (who may start, the draw, the snapshot, pages), `saving` (page
submits, autosaves), `finishing` (grading, finish, deadlines, feedback rules), `grading`
(the essay queue, manual grades, regrading), `arrivals` (when each answer arrived, which
came in during the grace period), `errors`, `store`.
"""

from app.quizzes.attempts.arrivals import late_answer_counts, late_answers
from app.quizzes.attempts.errors import (
    AttemptClosed,
    QuizError,
    QuizUnavailable,
    StaleSequence,
    late_message,
    stale_message,
    time_over_message,
)
from app.quizzes.attempts.finishing import (
    accepts_until,
    close_expired_attempts,
    close_if_over,
    compute_results,
    feedback_visible,
    finish,
    grace_period,
    is_over,
)
from app.quizzes.attempts.grading import (
    RegradeReport,
    essays_waiting,
    grade_manually,
    grading_queue,
    manual_slots,
    regrade_question,
)
from app.quizzes.attempts.saving import autosave, parse_response, save_page
from app.quizzes.attempts.starting import (
    current_attempt,
    draw_questions,
    pages,
    snapshot_entry,
    start_attempt,
    unavailable_reason,
    user_attempts,
)

__all__ = [
    "AttemptClosed", "QuizError", "QuizUnavailable", "RegradeReport", "StaleSequence",
    "accepts_until", "autosave", "close_expired_attempts", "close_if_over", "compute_results",
    "current_attempt", "draw_questions", "essays_waiting", "feedback_visible", "finish",
    "grace_period", "grade_manually", "grading_queue", "is_over", "late_answer_counts",
    "late_answers", "late_message", "manual_slots", "pages",
    "parse_response",
    "regrade_question", "save_page", "snapshot_entry", "stale_message", "start_attempt",
    "time_over_message", "unavailable_reason", "user_attempts",
]
