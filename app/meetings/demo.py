"""Demo meetings (fictional, marked "(demo)"): a held 1st International Experts Meeting in Seoul,
an online 2nd, and an upcoming hybrid 3rd in Bangkok, with agendas, speakers from the expert
directory, participants and documents. Idempotent: a meeting found by its title is left as is.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from app.auth.models import User
from app.experts.demo import demo_expert
from app.extensions import db
from app.files.services import store_bytes
from app.meetings import agenda, participation, services
from app.meetings.models import (
    HELD,
    Meeting,
    MeetingDocument,
    MeetingParticipant,
)
from app.timeutil import utcnow

# Speakers and chairs: people of the expert directory's demo (app/experts/demo.py), by name.
DEMO_SPEAKERS = {"kim": "KIM Minji", "somchai": "RATTANAKUL Somchai", "lan": "NGUYEN Thi Lan",
                 "reyes": "Maria Consuelo REYES", "aung": "AUNG Kyaw Moe",
                 "dewi": "Dewi Lestari KUSUMA"}

SEOUL_TITLE = "Intra-regional labour migration: shared evidence, shared priorities (demo)"
ONLINE_TITLE = "Remittances, financial inclusion and the cost of sending money home (demo)"
BANGKOK_TITLE = "Skills recognition and brain circulation between ASEAN and Korea (demo)"


def _pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with plain ASCII text (demo documents)."""

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = ["BT /F1 16 Tf 72 770 Td (" + esc(title) + ") Tj /F1 11 Tf"]
    for line in lines:
        body.append("0 -18 Td (" + esc(line) + ") Tj")
    body.append("ET")
    stream = "\n".join(body).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            .encode())
    return bytes(out)


def _user(email: str) -> User | None:
    return db.session.scalars(select(User).where(User.email == email)).first()


def _document(meeting: Meeting, name: str, title: str, kind: str, visibility: str,
              lines: list[str], session=None, uploader=None) -> None:
    stored = store_bytes(name, _pdf(title, lines), kinds={"document"}, uploaded_by=uploader)
    db.session.add(MeetingDocument(meeting=meeting, session=session, file=stored, kind=kind,
                                   title=title, visibility=visibility,
                                   uploaded_by_id=getattr(uploader, "id", None)))


def _agenda(meeting: Meeting, plan: list[tuple], experts: dict, actor) -> dict:
    """plan: (day index, start, end, title, kind, room, [(role, expert key or guest)])."""
    sessions = {}
    for day_index, start, end, title, kind, room, people in plan:
        day = meeting.days[day_index]
        session = agenda.save_session(meeting, None, day=day, start=start, end=end,
                                         title=title, kind=kind, room=room)
        for role, who in people:
            if isinstance(who, tuple):
                agenda.add_session_person(session, role=role, guest_name=who[0],
                                            guest_affiliation=who[1], actor=actor)
            else:
                agenda.add_session_person(session, role=role, expert=experts[who],
                                            actor=actor)
        sessions[title] = session
    return sessions


def _demo_meeting(values: dict, organisers, organiser, day_titles=()) -> Meeting:
    """A demo meeting (marked as such), its days titled in order."""
    meeting = services.create_meeting(values, organisers=organisers, actor=organiser)
    meeting.is_demo = True
    for day, title in zip(meeting.days, day_titles, strict=False):
        day.title = title
    return meeting


def _meeting(title: str) -> Meeting | None:
    return db.session.scalars(select(Meeting).where(Meeting.title == title)).first()


def load() -> None:
    organiser = _user("organiser@demo.test")
    learner = _user("learner@demo.test")
    trainer = _user("trainer@demo.test")
    organisers = [organiser] if organiser else []
    by_key = {key: demo_expert(name) for key, name in DEMO_SPEAKERS.items()}

    if _meeting(SEOUL_TITLE) is None:
        _load_seoul(organisers, organiser, by_key, learner, trainer)
    if _meeting(ONLINE_TITLE) is None:
        _load_online(organisers, organiser, by_key, learner)
    if _meeting(BANGKOK_TITLE) is None:
        _load_bangkok(organisers, organiser, by_key, learner, trainer)
    db.session.flush()


def _load_seoul(organisers, organiser, experts, learner, trainer) -> None:
    meeting = _demo_meeting({
        "title": SEOUL_TITLE, "series_number": 1, "status": HELD, "visibility": "public",
        "mode": "in-person", "timezone": "Asia/Seoul",
        "starts_local": datetime(2026, 6, 16, 9, 0), "ends_local": datetime(2026, 6, 17, 17, 30),
        "venue": "Conference Hall, Migration Research Centre (demo), Jung-gu", "city": "Seoul",
        "country": "KR", "join_url": "",
        "objectives": "- Present the key **intra-regional migration** issues of the region.\n"
                      "- Share evidence on labour migration between ASEAN and Korea.\n"
                      "- Outline the plans for the training workshops (Program 2) and the "
                      "Brain Circulation pilot (Program 3).",
        "description": "The first meeting of the network brought together experts from the "
                       "eleven ASEAN Member States and Korea. *Fictional demo record.*",
    }, organisers, organiser, ("Setting the scene", "From evidence to cooperation"))
    _agenda(meeting, [
        (0, time(9, 0), time(9, 30), "Opening and welcome", "opening", "Main hall",
         [("chair", "kim"), ("speaker", ("Director-General, Migration Policy Bureau (demo)",
                                          "Host ministry"))]),
        (0, time(9, 30), time(10, 15), "Migration in ASEAN and Korea: the big picture",
         "keynote", "Main hall", [("speaker", "somchai")]),
        (0, time(10, 15), time(10, 45), "Coffee break", "break", "Foyer", []),
        (0, time(10, 45), time(12, 30), "Labour migration corridors: what the data say",
         "panel", "Main hall", [("chair", "reyes"), ("speaker", "aung"), ("speaker", "lan")]),
        (0, time(12, 30), time(14, 0), "Lunch", "break", "Restaurant", []),
        (0, time(14, 0), time(17, 0), "Working groups: priorities for cooperation", "workshop",
         "Rooms 201–203", [("chair", "kim")]),
        (1, time(9, 0), time(10, 30), "Remittances and diaspora engagement", "panel",
         "Main hall", [("chair", "somchai"), ("speaker", "dewi"), ("speaker", "reyes")]),
        (1, time(10, 30), time(11, 0), "Coffee break", "break", "Foyer", []),
        (1, time(11, 0), time(12, 30), "Outlining Programs 2 and 3", "workshop", "Main hall",
         [("chair", "kim"), ("speaker", "lan")]),
        (1, time(14, 0), time(17, 30), "Recommendations and closing", "other", "Main hall",
         [("chair", "kim"), ("speaker", "somchai")]),
    ], experts, organiser)
    meeting.recommendations = (
        "1. Build a shared **training curriculum** on labour migration governance for "
        "officials of the ASEAN Member States and Korea.\n"
        "2. Pilot a *brain circulation* scheme with returning migrants as trainers.\n"
        "3. Harmonise migration statistics so corridors can be compared.")
    meeting.minutes = (
        "## Day 1\n\nThe meeting was opened by the host. Participants reviewed the main "
        "corridors and agreed that data gaps hinder cooperation.\n\n"
        "## Day 2\n\nWorking groups proposed the outline of the training workshops and the "
        "pilot program. *Fictional demo minutes.*")
    _document(meeting, "concept-note-iem1.pdf", "Concept note (demo)", "concept-note", "public",
              ["1st International Experts Meeting, Seoul.", "Fictional demo document."],
              uploader=organiser)
    _document(meeting, "report-iem1.pdf", "Meeting report (demo)", "report", "public",
              ["Summary of discussions and recommendations.", "Fictional demo document."],
              uploader=organiser)
    panel = next(s for s in meeting.sessions if s.kind == "panel")
    _document(meeting, "corridors-data.pdf", "Corridor data slides (demo)", "presentation",
              "participants", ["Labour migration corridors: what the data say."],
              session=panel, uploader=organiser)
    people = [u for u in (learner, trainer) if u]
    participation.invite(meeting, users=people, role="participant", actor=organiser)
    for participant in db.session.scalars(select(MeetingParticipant).where(
            MeetingParticipant.meeting_id == meeting.id)):
        participant.rsvp, participant.attended = "yes", True


def _load_online(organisers, organiser, experts, learner) -> None:
    meeting = _demo_meeting({
        "title": ONLINE_TITLE, "series_number": 2, "status": HELD, "visibility": "members",
        "mode": "online", "timezone": "Asia/Jakarta",
        "starts_local": datetime(2026, 10, 8, 13, 0), "ends_local": datetime(2026, 10, 8, 16, 30),
        "venue": "", "city": "Jakarta", "country": "ID",
        "join_url": "https://meet.example.org/akmn-iem2-demo",
        "objectives": "Review the cost of sending remittances in the region and the tools "
                      "that bring migrants' families into the financial system.",
        "description": "An online meeting of the network. *Fictional demo record.*",
    }, organisers, organiser)
    _agenda(meeting, [
        (0, time(13, 0), time(13, 15), "Welcome", "opening", "", [("chair", "dewi")]),
        (0, time(13, 15), time(14, 45), "The cost of remittances in ASEAN corridors", "panel", "",
         [("chair", "dewi"), ("speaker", "somchai"), ("speaker", "aung")]),
        (0, time(15, 0), time(16, 30), "Digital channels and financial inclusion", "workshop",
         "", [("chair", "reyes"), ("speaker", "lan")]),
    ], experts, organiser)
    if learner:
        participation.invite(meeting, users=[learner], role="observer", actor=organiser)


def _load_bangkok(organisers, organiser, experts, learner, trainer) -> None:
    today = utcnow().date()
    start = today + timedelta(days=75)
    start += timedelta(days=(1 - start.weekday()) % 7)  # a Tuesday
    meeting = _demo_meeting({
        "title": BANGKOK_TITLE, "series_number": 3, "status": "confirmed",
        "visibility": "public", "mode": "hybrid", "timezone": "Asia/Bangkok",
        "starts_local": datetime.combine(start, time(9, 0)),
        "ends_local": datetime.combine(start + timedelta(days=1), time(16, 0)),
        "venue": "Riverside Convention Centre (demo), Charoen Krung Road", "city": "Bangkok",
        "country": "TH", "join_url": "https://meet.example.org/akmn-iem3-demo",
        "objectives": "- Compare how ASEAN Member States and Korea **recognise skills** "
                      "acquired abroad.\n- Agree on the design of the Brain Circulation pilot "
                      "projects.\n- Plan the next cohort of training workshops.",
        "description": "A hybrid meeting: experts meet in Bangkok, others join online. "
                       "*Fictional demo record.*",
    }, organisers, organiser, ("Skills and recognition", "Brain circulation"))
    _agenda(meeting, [
        (0, time(9, 0), time(9, 30), "Opening", "opening", "Chao Phraya Room",
         [("chair", "somchai")]),
        (0, time(9, 30), time(10, 15), "Recognising skills learned in Korea", "keynote",
         "Chao Phraya Room", [("speaker", "kim")]),
        (0, time(10, 15), time(10, 45), "Break", "break", "", []),
        (0, time(10, 45), time(12, 30), "Qualification frameworks across the region", "panel",
         "Chao Phraya Room", [("chair", "lan"), ("speaker", "reyes"), ("speaker", "aung")]),
        (0, time(14, 0), time(16, 0), "Country working groups", "workshop", "Rooms A–C", []),
        (1, time(9, 0), time(10, 30), "Returning migrants as trainers", "panel",
         "Chao Phraya Room", [("chair", "kim"), ("speaker", "dewi"),
                              ("speaker", ("SOMCHAI Phanit (demo)", "Returnee entrepreneur"))]),
        (1, time(11, 0), time(12, 30), "Designing the pilot projects", "workshop",
         "Chao Phraya Room", [("chair", "somchai")]),
        (1, time(14, 0), time(16, 0), "Conclusions and closing", "other", "Chao Phraya Room",
         [("chair", "somchai"), ("speaker", "kim")]),
    ], experts, organiser)
    _document(meeting, "concept-note-iem3.pdf", "Concept note (demo)", "concept-note",
              "public", ["3rd International Experts Meeting, Bangkok (hybrid).",
                         "Fictional demo document."], uploader=organiser)
    _document(meeting, "logistics-iem3.pdf", "Logistics note for participants (demo)", "other",
              "participants", ["Venue, visas, accommodation.", "Fictional demo document."],
              uploader=organiser)
    if learner:
        participation.invite(meeting, users=[learner], role="participant", actor=organiser)
    if trainer:
        participation.invite(meeting, users=[trainer], role="observer", actor=organiser)
