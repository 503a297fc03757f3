"""Demo pilot projects (fictional, marked "(demo)"): welding skills for Cambodian
vocational centres, and a smart-farming project in Viet Nam. Idempotent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from app.auth.services import get_user_by_email
from app.experts.demo import demo_expert
from app.extensions import db
from app.pilots import participants, records, services
from app.pilots.models import PilotProject

CAMBODIA = "Welding skills from Korea's shipyards for Cambodian vocational centres (demo)"
VIET_NAM = "Smart greenhouse farming from Korea for the Mekong Delta (demo)"

# Mentors: people of the expert directory's demo (app/experts/demo.py), by name.
MENTORS = ("PARK Jiwon", "SOK Dara", "LE Thi Hoa")


def _month(offset: int, day: int = 1) -> date:
    """A date `offset` months from the current month (the demo stays current)."""
    today = date.today()
    index = today.year * 12 + today.month - 1 + offset
    return date(index // 12, index % 12 + 1, min(day, 28))


def _project(title: str) -> PilotProject | None:
    return db.session.scalar(select(PilotProject).where(PilotProject.title == title).limit(1))


def load() -> None:
    organiser = get_user_by_email("organiser@demo.test")
    experts = {name: demo_expert(name) for name in MENTORS}
    if _project(CAMBODIA) is None:
        _cambodia(organiser, experts)
    if _project(VIET_NAM) is None:
        _viet_nam(organiser, experts)


def _cambodia(organiser, experts) -> None:
    project = services.create_project({
        "title": CAMBODIA, "country": "KH", "region": "Phnom Penh and Kampong Speu",
        "sector": "manufacturing",
        "summary": "Cambodian welders who spent years in Korea's shipyards train instructors "
                   "and students at two vocational centres at home, bringing Korean welding "
                   "standards and certification practice with them.\n\n*Fictional demo "
                   "project.*",
        "objectives": "- Train **40 instructors and students** in certified welding "
                      "techniques.\n- Align two centres' curricula with Korean welding "
                      "qualification levels.\n- Help returnees start **5 small metalwork "
                      "enterprises**.",
        "start_date": _month(-20), "end_date": _month(5, 28),
        "budget": Decimal("85000.00"), "currency": "USD",
        "funding_source": "ASEAN-Korea Cooperation Fund (demo)", "is_public": True,
    }, actor=organiser, status_date=_month(-25, 4), is_demo=True)
    services.change_status(project, "approved", changed_on=_month(-22, 20),
                           note="Approved by the steering committee (demo).", actor=organiser)
    services.change_status(project, "active", changed_on=_month(-20), actor=organiser)
    for partner in (
        {"name": "Ulsan Migrant Workers Centre (demo)", "org_type": "civil-society",
         "country": "KR", "role": "Recruits and prepares participants in Korea",
         "contact": "Ms KANG Yuna, programme@ulsan-mwc.example"},
        {"name": "Korea Welding Association (demo)", "org_type": "private", "country": "KR",
         "role": "Welding standards and assessor training", "contact": "info@kwa.example"},
        {"name": "Preah Kossomak Polytechnic Institute (demo)", "org_type": "training",
         "country": "KH", "role": "Host vocational centre, Phnom Penh",
         "contact": "Mr CHHUN Vibol, +855 23 000 000"},
        {"name": "Ministry of Labour and Vocational Training (demo)",
         "org_type": "government", "country": "KH",
         "role": "Recognition of qualifications", "contact": ""},
    ):
        services.add_partner(project, partner)
    services.add_mentor(project, experts["PARK Jiwon"], note="Skills recognition")
    services.add_mentor(project, experts["SOK Dara"], note="Vocational centre curricula")
    learner = get_user_by_email("learner@demo.test")
    for person in (
        {"name": "CHEA Sovann", "native_name": "ជា សុវណ្ណ", "country_of_origin": "KH",
         "city_in_korea": "Ulsan", "years_in_korea": 9, "visa_category": "E-7",
         "occupation": "Welder, shipyard subcontractor",
         "skills": "Korean welding qualification (gas tungsten arc welding); shipyard "
                   "safety supervisor training; Korean language TOPIK level 3.",
         "education": "Upper secondary school; vocational certificate in metalwork",
         "languages": ["km", "ko", "en"], "role": "lead", "role_note": "Lead welding trainer",
         "consent_date": _month(-21, 10),
         "consent_scope": "Project records and anonymous reporting"},
        {"name": "CHAN Sokha", "native_name": "ចាន់ សុខា", "country_of_origin": "KH",
         "city_in_korea": "Geoje", "years_in_korea": 6, "visa_category": "E-9",
         "occupation": "Pipe welder", "skills": "Pipe welding; quality inspection.",
         "education": "Lower secondary school", "languages": ["km", "ko"],
         "role": "trainer", "role_note": "Trainer at Kampong Speu centre",
         "consent_date": _month(-21, 12),
         "consent_scope": "Project records and anonymous reporting",
         "user_id": learner.id if learner else None},
        {"name": "NHEM Sophea", "native_name": "ញឹម សុភា", "country_of_origin": "KH",
         "city_in_korea": "Busan", "years_in_korea": 4, "visa_category": "F-6",
         "occupation": "Quality control assistant",
         "skills": "ISO quality documentation; small business accounting course.",
         "education": "Bachelor of Business Administration", "languages": ["km", "ko", "en"],
         "role": "entrepreneur", "role_note": "Sets up a metalwork cooperative",
         "consent_date": _month(-21, 15), "consent_scope": "Project records only"},
    ):
        participants.add_participant(project, person)
    for title, due, done in (
        ("Participants selected and prepared in Korea", _month(-21, 28), _month(-21, 26)),
        ("Curriculum aligned with Korean welding levels", _month(-16, 28),
         _month(-15, 8)),
        ("First cohort of 20 trainees certified", _month(1, 15), None),
        ("Five metalwork enterprises registered", _month(4, 28), None),
    ):
        records.add_milestone(project, {"title": title, "due_date": due, "done_date": done,
                                        "note": ""})
    trained = records.add_indicator(project, {
        "name": "People trained in the home country", "unit": "people",
        "baseline": 0, "target": 40})
    for months, value in ((-19, 6), (-16, 14), (-13, 23), (-10, 29), (-7, 33), (-4, 35),
                          (-1, 38)):
        records.add_value(trained, measured_on=_month(months, 28), value=value)
    enterprises = records.add_indicator(project, {
        "name": "Enterprises started", "unit": "enterprises", "baseline": 0, "target": 5})
    for months, value in ((-13, 0), (-10, 1), (-7, 1), (-4, 2), (-1, 3)):
        records.add_value(enterprises, measured_on=_month(months, 28), value=value)
    records.add_activity(project, {
        "occurred_on": _month(-20, 12), "title": "Opening workshop in Phnom Penh",
        "body": "Twelve instructors of both centres met the three participants; the "
                "training plan was agreed."}, author=organiser)
    records.add_activity(project, {
        "occurred_on": _month(-15, 8), "title": "Curriculum validated",
        "body": "The ministry validated the aligned welding curriculum (levels 1–3)."},
        author=organiser)
    records.add_activity(project, {
        "occurred_on": _month(-2, 10), "title": "Assessment visit by the mentors",
        "body": "Both mentors observed practical sessions at the Kampong Speu centre and "
                "recommended a second assessor."}, author=organiser)


def _viet_nam(organiser, experts) -> None:
    project = services.create_project({
        "title": VIET_NAM, "country": "VN", "region": "Cần Thơ", "sector": "agriculture",
        "summary": "Vietnamese former farm workers in Korea share greenhouse and hydroponic "
                   "techniques with farmer cooperatives in the Mekong Delta.\n\n*Fictional "
                   "demo project.*",
        "objectives": "- Pilot **10 smart greenhouses** with two cooperatives.\n"
                      "- Train 60 farmers.",
        "start_date": _month(-3), "end_date": _month(21, 28),
        "budget": Decimal("1500000000"), "currency": "VND",
        "funding_source": "Provincial budget and cooperative contributions (demo)",
        "is_public": True,
    }, actor=organiser, status_date=_month(-8, 6), is_demo=True)
    services.change_status(project, "approved", changed_on=_month(-4, 14),
                           actor=organiser)
    services.add_partner(project, {
        "name": "Cần Thơ Farmers' Cooperative Union (demo)", "org_type": "civil-society",
        "country": "VN", "role": "Host cooperatives", "contact": ""})
    services.add_partner(project, {
        "name": "Gyeongnam Smart Farm Centre (demo)", "org_type": "government",
        "country": "KR", "role": "Technical advice", "contact": ""})
    services.add_mentor(project, experts["LE Thi Hoa"], note="Greenhouse agronomy")
    participants.add_participant(project, {
        "name": "NGUYEN Van Minh", "native_name": "Nguyễn Văn Minh", "country_of_origin": "VN",
        "city_in_korea": "Gimhae", "years_in_korea": 5, "visa_category": "E-9",
        "occupation": "Greenhouse worker", "skills": "Hydroponics; climate control systems.",
        "education": "Upper secondary school", "languages": ["vi", "ko"], "role": "lead",
        "role_note": "", "consent_date": _month(-5, 2),
        "consent_scope": "Project records and anonymous reporting"})
    records.add_milestone(project, {"title": "First five greenhouses built",
                                    "due_date": _month(3, 28), "done_date": None, "note": ""})
    records.add_milestone(project, {"title": "Cooperatives selected",
                                    "due_date": _month(-1, 28), "done_date": _month(-1, 20),
                                    "note": ""})
    greenhouses = records.add_indicator(project, {
        "name": "Smart greenhouses in operation", "unit": "greenhouses", "baseline": 0,
        "target": 10})
    records.add_value(greenhouses, measured_on=_month(-2, 28), value=0)
    records.add_value(greenhouses, measured_on=_month(-1, 28), value=2)
