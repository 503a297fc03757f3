"""Demo: a blended workshop "(demo)" for the first published course, run by
organiser@demo.test with trainer@demo.test, learner@demo.test and a small fictional cohort
enrolled, two attendance days (one taken by QR check-in)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app.auth.models import LEARNER, User, UserRole
from app.auth.services import get_user_by_email
from app.courses.models import PUBLISHED, Course, Lesson, LessonProgress
from app.experts.models import Expert
from app.extensions import db
from app.quizzes.models import BY_LEARNER, FINISHED, Attempt, Quiz
from app.timeutil import to_utc, utcnow
from app.workshops import services
from app.workshops.completion import refresh_completion, workshop_items
from app.workshops.models import (
    APPROVED,
    BLENDED,
    MANUAL,
    POLICY_APPROVAL,
    QR,
    RUNNING,
    STAFF_ORGANISER,
    STAFF_TRAINER,
    Attendance,
    AttendanceSession,
    Enrolment,
    Workshop,
    WorkshopCourse,
    WorkshopResourcePerson,
    WorkshopStaff,
)
from app.workshops.progress import quizzes_of_items

TITLE = "Labour Migration Governance Workshop, Bangkok (demo)"
ZONE = "Asia/Bangkok"
DEMO_COURSE = "brain-circulation-diaspora"  # requires migration-development-foundations

# Fictional officials: (email, name, native name, country, agency, lessons done, quiz score
# (percent, or None: not attempted), days present)
COHORT = [
    ("nguyen.lan@demo.test", "NGUYEN Thi Lan", "Nguyễn Thị Lan", "VN",
     "Ministry of Labour, Invalids and Social Affairs (demo)", 99, 92, (1, 2)),
    ("somchai.j@demo.test", "Somchai JAIDEE", "สมชาย ใจดี", "TH",
     "Department of Employment (demo)", 99, 85, (1,)),
    ("khamla.s@demo.test", "Khamla SOUKSAVANH", "ຄຳຫລ້າ ສຸກສະຫວັນ", "LA",
     "Ministry of Labour and Social Welfare (demo)", 99, 55, (1, 2)),
    ("aye.aye@demo.test", "AYE Aye Myint", "အေးအေးမြင့်", "MM",
     "Ministry of Labour (demo)", 1, None, (2,)),
    ("siti.n@demo.test", "Siti NURHALIZA", "", "MY", "Ministry of Human Resources (demo)", 0,
     None, ()),
    ("maria.l@demo.test", "Maria LOPES", "", "TL", "Secretariat of State for Vocational "
     "Training Policy and Employment (demo)", 4, 78, (1,)),
    ("dewi.k@demo.test", "Dewi KARTIKA", "", "ID",
     "Ministry of Manpower (demo)", 99, 100, (1, 2)),
]


def _demo_learner(email: str, name: str, native: str, country: str, agency: str) -> User:
    user = get_user_by_email(email)
    if user is None:
        user = User(email=email, name=name, native_name=native, country=country,
                    agency=agency, position="Officer", is_demo=True,
                    role_rows=[UserRole(role=LEARNER)])
        db.session.add(user)
        db.session.flush()
    return user


def _demo_attempts(user: User, quizzes: list[Quiz], percent: float) -> None:
    """Finished attempts with a score (fictional officials only: no questions are stored)."""
    for quiz in quizzes:
        if db.session.scalar(select(Attempt.id).where(Attempt.quiz_id == quiz.id,
                                                      Attempt.user_id == user.id)):
            continue
        finished = utcnow() - timedelta(days=1)
        db.session.add(Attempt(quiz_id=quiz.id, user_id=user.id, number=1, state=FINISHED,
                               started_at=finished - timedelta(minutes=20),
                               finished_at=finished, finished_by=BY_LEARNER, score=percent,
                               max_score=100, percent=percent,
                               passed=percent >= quiz.pass_mark))


def load() -> None:
    organiser = get_user_by_email("organiser@demo.test")
    trainer = get_user_by_email("trainer@demo.test")
    learner = get_user_by_email("learner@demo.test")
    if organiser is None or db.session.scalar(select(Workshop.id).where(Workshop.title == TITLE)):
        return
    # A course with a prerequisite that is not part of the workshop, on purpose: enrolment
    # opens it, the prerequisite is shown as advice (the case stays visible in the demo).
    course = db.session.scalar(select(Course).where(Course.slug == DEMO_COURSE,
                                                    Course.status == PUBLISHED))
    if course is None:
        course = db.session.scalar(select(Course).where(Course.status == PUBLISHED)
                                   .order_by(Course.id).limit(1))
    if course is None:
        course = db.session.scalar(select(Course).order_by(Course.id).limit(1))
    today = date.today()
    workshop = Workshop(
        title=TITLE, is_demo=True, status=RUNNING, mode=BLENDED, timezone=ZONE,
        description=("Three online modules followed by two days in Bangkok on the governance "
                     "of labour migration between ASEAN Member States and Korea: admission "
                     "channels, recruitment costs, social protection and return.\n\n"
                     "*Fictional demo workshop.*"),
        start_date=today - timedelta(days=2), end_date=today + timedelta(days=12),
        host_country="TH", city="Bangkok", venue="AKMN Training Room (demo)",
        capacity=30, enrolment_policy=POLICY_APPROVAL, enrolment_deadline=today,
        languages=["en", "th"], certificate_template="classic", certificate_languages=["en"],
        require_lessons=True, require_quizzes=True, min_attendance_percent=50,
        created_by_id=organiser.id,
    )
    db.session.add(workshop)
    workshop.staff = [WorkshopStaff(user_id=organiser.id, role=STAFF_ORGANISER)]
    if trainer is not None:
        workshop.staff.append(WorkshopStaff(user_id=trainer.id, role=STAFF_TRAINER))
    if course is not None:
        workshop.course_links = [WorkshopCourse(course_id=course.id, position=0)]
    expert = db.session.scalar(select(Expert).where(Expert.is_demo).order_by(Expert.id)
                               .limit(1))
    if expert is not None:
        workshop.resource_person_links = [WorkshopResourcePerson(expert_id=expert.id)]
    db.session.flush()

    days = []
    for n in (1, 2):
        day = workshop.start_date + timedelta(days=n - 1)
        days.append(AttendanceSession(
            workshop=workshop, title=f"Day {n} — in person",
            starts_at=to_utc(datetime.combine(day, time(9)), ZONE),
            ends_at=to_utc(datetime.combine(day, time(16, 30)), ZONE)))
    db.session.add_all(days)

    cohort = [(learner, 0, None, (1,))] if learner is not None else []
    cohort += [(_demo_learner(*row[:5]), *row[5:]) for row in COHORT]
    items = workshop_items(workshop)
    lessons = items.lessons
    quizzes = list(quizzes_of_items([i.id for i in items.quizzes]).values())
    lesson_ids = {row.item_id: row.id for row in db.session.execute(
        select(Lesson.item_id, Lesson.id).where(Lesson.item_id.in_([i.id for i in lessons])))}
    for user, lessons_done, score, present in cohort:
        if services.enrolment_of(workshop, user) is None:
            db.session.add(Enrolment(workshop=workshop, user=user, status=APPROVED,
                                     decided_by_id=organiser.id))
        if user.is_demo and user.email != "learner@demo.test":
            done = set(db.session.scalars(select(LessonProgress.lesson_id).where(
                LessonProgress.user_id == user.id)))
            for item in lessons[:lessons_done]:
                if lesson_ids[item.id] not in done:
                    db.session.add(LessonProgress(user_id=user.id,
                                                  lesson_id=lesson_ids[item.id]))
            if score is not None:
                _demo_attempts(user, quizzes, score)
        db.session.flush()
        for n, session in enumerate(days, start=1):
            method = QR if n == 2 else MANUAL
            db.session.add(Attendance(session_id=session.id, user_id=user.id,
                                      present=n in present, method=method,
                                      recorded_by_id=user.id if method == QR else organiser.id,
                                      log=f"{'present' if n in present else 'absent'} "
                                          f"({method}) — demo\n"))
    db.session.flush()
    refresh_completion(workshop)
