"""The courses blueprint's pages, one module per audience:

- `learning`: learners — the catalogue, a course's page, lessons, progress, "My learning";
- `manage`: trainers — their courses, course settings, publication, co-authors, packages;
- `outline`: trainers — modules, lessons and items of a course, the Markdown preview;
- `media`: trainers — a course's media library (learners get files through `learning`).

`loaders` holds what they share: `course_or_404(slug, check=...)` and friends.
"""

from app.courses import bp, services
from app.courses.forms import LEVEL_LABELS
from app.courses.items import ITEM_KINDS
from app.courses.topics import TOPICS
from app.courses.views import (  # noqa: F401 (routes)
    learning,
    manage,
    media,
    outline,
    translations,
)
from app.courses.views.loaders import catalogue_key, facts_key, item_url, outline_key


@bp.context_processor
def _helpers():
    return {"item_url": item_url, "item_kinds": ITEM_KINDS, "level_labels": LEVEL_LABELS,
            "course_topics": TOPICS, "course_languages": services.course_languages,
            "course_title": services.course_title, "course_summary": services.course_summary,
            "outline_key": outline_key, "catalogue_key": catalogue_key, "facts_key": facts_key}
