"""Demo certificates: a finished fictional workshop, officials with names in all nine scripts.

The certificates belong to a finished demo workshop in Phnom Penh (created here, with its
holders enrolled and completed), so the workshop list and the reports show where they were
earned. One certificate is revoked, to show that state. Idempotent.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from app.auth import services as accounts
from app.auth.demo import DEMO_PASSWORD
from app.auth.models import User, UserRole
from app.certificates import background, samples, services
from app.certificates.data import CertificateData
from app.certificates.models import VALID, Certificate
from app.extensions import db
from app.timeutil import utcnow

DEMO_TITLE = "Labour Migration Governance in ASEAN and Korea (demo)"
REVOKED_EMAIL = "demo-ta@demo.test"
EMAIL_CODES = {"Latin (Vietnamese)": "vi", "Hangul": "ko", "Han": "zh", "Thai": "th",
               "Lao": "lo", "Khmer": "km", "Myanmar": "my", "Tamil": "ta",
               "Jawi (Arabic script)": "ms"}
TIMEZONES = {"VN": "Asia/Ho_Chi_Minh", "KR": "Asia/Seoul", "SG": "Asia/Singapore",
             "TH": "Asia/Bangkok", "LA": "Asia/Vientiane", "KH": "Asia/Phnom_Penh",
             "MM": "Asia/Yangon", "BN": "Asia/Brunei"}
BILINGUAL = {"vi", "ko", "th", "lo", "km", "my", "ms"}


def _learner(sample: samples.SampleHolder) -> User:
    email = f"demo-{EMAIL_CODES[sample.script]}@demo.test"
    user = accounts.get_user_by_email(email)
    if user is None:
        user = User(email=email, name=sample.name, native_name=sample.native_name,
                    country=sample.country, agency="Ministry of Labour (demo)",
                    position="Labour Migration Officer",
                    language=sample.language if sample.language != "zh" else "en",
                    timezone=TIMEZONES.get(sample.country, "Asia/Seoul"), is_demo=True,
                    password_hash=accounts.hash_password(DEMO_PASSWORD))
        user.role_rows = [UserRole(role="learner")]
        db.session.add(user)
        db.session.flush()
    return user


def _snapshot(user: User, ends) -> CertificateData:
    return CertificateData(
        holder_name=user.name, holder_native_name=user.native_name, title=DEMO_TITLE,
        course_titles=("Introduction to International Labour Migration (demo)",
                       "Fair Recruitment and the Employment Permit System (demo)"),
        start_date=ends - timedelta(days=4), end_date=ends, hours=24,
        venue="Phnom Penh", host_country="KH")


def _workshop(organiser: User | None, ends, holders: list[User]):
    """The finished demo workshop the certificates were earned in, with its completers, so
    that the workshop list, its page and the reports tell the same story as the register."""
    from app.workshops.models import (
        APPROVED,
        COMPLETED,
        FINISHED,
        IN_PERSON,
        Enrolment,
        Workshop,
    )

    workshop = db.session.scalars(select(Workshop).where(Workshop.title == DEMO_TITLE)).first()
    if workshop is None:
        workshop = Workshop(
            title=DEMO_TITLE, is_demo=True, status=FINISHED, mode=IN_PERSON,
            timezone="Asia/Phnom_Penh",
            description="Five days in Phnom Penh on labour migration governance in ASEAN and "
                        "Korea.\n\n*Fictional demo workshop: its officials hold the demo "
                        "certificates.*",
            start_date=ends - timedelta(days=4), end_date=ends, host_country="KH",
            city="Phnom Penh", venue="Phnom Penh (demo)", capacity=30,
            certificate_template="bilingual", certificate_languages=["en", "km"],
            require_lessons=False, require_quizzes=False, min_attendance_percent=0,
            created_by_id=organiser.id if organiser else None)
        db.session.add(workshop)
        db.session.flush()
    enrolled = set(db.session.scalars(select(Enrolment.user_id).where(
        Enrolment.workshop_id == workshop.id)))
    for user in holders:
        if user.id not in enrolled:
            db.session.add(Enrolment(
                workshop_id=workshop.id, user_id=user.id, status=APPROVED,
                completion_status=COMPLETED,
                completed_at=datetime.combine(ends, datetime.min.time()),
                decided_by_id=organiser.id if organiser else None))
    db.session.flush()
    return workshop


def load() -> None:
    organiser = accounts.get_user_by_email("organiser@demo.test")
    holders = [_learner(sample) for sample in samples.SCRIPT_SAMPLES]
    learner = accounts.get_user_by_email("learner@demo.test")
    if learner is not None:
        holders.append(learner)
    have = set(db.session.scalars(select(Certificate.user_id).where(
        Certificate.title == DEMO_TITLE)))
    ends = (utcnow() - timedelta(days=30)).date()
    workshop = _workshop(organiser, ends, holders)
    # certificates of an earlier demo load, from before the workshop existed
    for certificate in db.session.scalars(select(Certificate).where(
            Certificate.title == DEMO_TITLE, Certificate.workshop_id.is_(None))):
        certificate.workshop_id = workshop.id
    for user in holders:
        if user.id in have:
            continue
        language = user.language if user.language in BILINGUAL else ""
        services.issue_certificate(
            user, snapshot=_snapshot(user, ends), template="bilingual" if language else "classic",
            language=language, workshop_id=workshop.id, issued_by=organiser)
    db.session.flush()
    revoked = db.session.scalars(select(Certificate).join(User, Certificate.user_id == User.id)
                                 .where(User.email == REVOKED_EMAIL,
                                        Certificate.title == DEMO_TITLE,
                                        Certificate.status == VALID)).first()
    if revoked is not None:
        services.revoke_certificate(revoked, reason="Issued in error: attendance below the "
                                    "required 80 % (demo).", actor=organiser)
    # Render here: `flask demo load` exits right after, before a background thread would end.
    background.render_here_instead()
    db.session.commit()
    background.render_pending()
