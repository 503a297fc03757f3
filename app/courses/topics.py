"""Course topics: the slugs of the network's expertise taxonomy (DESIGN.md, experts).

Courses store the slugs (course_topics.topic); the catalogue filters on them and course
packages list them in course.yaml `topics:`.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

TOPICS: dict[str, object] = {
    "labour-migration": _l("Labour migration"),
    "marriage-migration": _l("Marriage migration and multicultural families"),
    "international-students": _l("International students"),
    "remittances": _l("Remittances and financial inclusion"),
    "diaspora": _l("Diaspora and brain circulation"),
    "return-reintegration": _l("Return and reintegration"),
    "trafficking-irregular": _l("Trafficking and irregular migration"),
    "governance-policy": _l("Migration governance and policy"),
    "data-statistics": _l("Migration data and statistics"),
    "social-protection-health": _l("Social protection and health"),
    "gender": _l("Gender"),
    "climate": _l("Climate change and migration"),
}


def topic_choices() -> list[tuple[str, str]]:
    return [(slug, str(label)) for slug, label in TOPICS.items()]
