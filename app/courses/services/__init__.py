"""Course authoring: the operations on courses (`courses`) and on their modules, items and
lessons (`outline`), with slug rules and `CourseError` (`slugs`).

Plain functions called by the views, the CLI and the package loader: they add and flush,
raise CourseError with a message for the user, and never commit. Import them from here
(``from app.courses import services; services.create_course(...)``).
"""

from app.courses.services.courses import (
    STATUS_ACTIONS,
    add_author,
    check_course_slug,
    create_course,
    get_course,
    new_course_slug,
    remove_author,
    set_prerequisites,
    set_resource_persons,
    set_status,
    set_topics,
    touch,
    update_course,
)
from app.courses.services.outline import (
    create_lesson,
    create_module,
    delete_item,
    delete_module,
    move_item,
    move_module,
    new_item,
    normalise_body,
    set_lesson_body,
    update_lesson,
    update_module,
)
from app.courses.services.slugs import RESERVED_SLUGS, SLUG_RE, CourseError, slugify

__all__ = [
    "RESERVED_SLUGS", "SLUG_RE", "STATUS_ACTIONS", "CourseError", "add_author",
    "check_course_slug", "create_course", "create_lesson", "create_module", "delete_item",
    "delete_module", "get_course", "move_item", "move_module", "new_course_slug", "new_item",
    "normalise_body", "remove_author", "set_lesson_body", "set_prerequisites",
    "set_resource_persons", "set_status", "set_topics", "slugify", "touch", "update_course",
    "update_lesson", "update_module",
]
