"""The people a course's page names: its authors (accounts) and its resource persons (experts
of the directory), read on every view as plain rows in one statement.

Their names are theirs: they change without the course's revision, so they are not part of
the structure cached per revision (app.courses.structure). The rows answer like the models for
what the page shows of them: `display_name` is the model's own property, and so is an
expert's `listed_publicly`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import (
    Date,
    Integer,
    String,
    bindparam,
    cast,
    false,
    literal_column,
    null,
    select,
    union_all,
)

from app.auth.models import User
from app.courses.models import CourseAuthor, CourseResourcePerson
from app.experts.models import Expert
from app.extensions import db

AUTHOR, RESOURCE_PERSON = 0, 1


@dataclass(frozen=True)
class Author:
    id: int
    name: str
    native_name: str
    agency: str

    display_name = User.display_name


@dataclass(frozen=True)
class ResourcePerson:
    id: int
    honorific: str
    name: str
    native_name: str
    organisation: str
    consent_date: date | None
    archived: bool

    display_name = Expert.display_name
    listed_publicly = Expert.listed_publicly


@dataclass(frozen=True)
class CoursePeople:
    authors: list[Author]
    resource_persons: list[ResourcePerson]


def course_people(course_id: int) -> CoursePeople:
    """The course's authors (in the order they were added) and resource persons (in their
    order), whoever may see them: the caller hides the experts who are not listed publicly
    from those who may not edit the course. One statement."""
    authors, persons = [], []
    for row in db.session.execute(_people_statement(), {"course_id": course_id}):
        if row.kind == AUTHOR:
            authors.append(Author(row.id, row.name, row.native_name, row.detail))
        else:
            persons.append(ResourcePerson(row.id, row.honorific, row.name, row.native_name,
                                          row.detail, row.consent_date, row.archived))
    return CoursePeople(authors, persons)


@cache
def _people_statement():
    """Built once (every view of a course page runs it): the authors and the resource
    persons of the course `course_id`, a kind column telling them apart."""
    course_id = bindparam("course_id", type_=Integer)
    persons = (
        select(literal_column(str(RESOURCE_PERSON), Integer).label("kind"),
               CourseResourcePerson.position.label("position"),
               CourseResourcePerson.id.label("link_id"), Expert.id.label("id"),
               Expert.honorific.label("honorific"), Expert.name.label("name"),
               Expert.native_name.label("native_name"), Expert.organisation.label("detail"),
               Expert.consent_date.label("consent_date"), Expert.archived.label("archived"))
        .join(Expert, Expert.id == CourseResourcePerson.expert_id)
        .where(CourseResourcePerson.course_id == course_id))
    authors = (
        select(literal_column(str(AUTHOR), Integer), literal_column("0", Integer), CourseAuthor.id,
               User.id, literal_column("''", String), User.name, User.native_name, User.agency,
               cast(null(), Date), false())
        .join(User, User.id == CourseAuthor.user_id)
        .where(CourseAuthor.course_id == course_id))
    return union_all(persons, authors).order_by("kind", "position", "link_id")
