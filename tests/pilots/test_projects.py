"""Recording projects: the form, status history, partners, mentors, public pages."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.experts.models import Expert
from app.extensions import db
from app.pilots import services
from app.pilots.models import PilotPartner, PilotProject
from tests.conftest import login

FORM = {"title": "Welding skills for Cambodian vocational centres", "country": "KH",
        "region": "Phnom Penh", "sector": "manufacturing",
        "summary": "Returnees **train** instructors.\n\n<script>alert(1)</script>",
        "objectives": "- Train 40 people", "start_date": "2025-03-01",
        "end_date": "2026-12-31", "budget": "85000", "currency": "USD",
        "funding_source": "Cooperation fund", "is_public": "y"}


def test_organiser_records_a_project(client, login_as):
    login_as("organiser")
    response = client.post("/pilots/new", data={**FORM, "status": "active",
                                                "status_date": "2025-03-01"})
    assert response.status_code == 302
    project = db.session.scalar(select(PilotProject))
    assert project.status == "active"
    assert project.budget == 85000
    assert [(c.status, c.changed_on) for c in project.status_changes] == [
        ("active", date(2025, 3, 1))]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>train</strong>" in page
    assert "<script>alert" not in page  # Markdown is sanitised
    assert "85,000" in page
    assert "USD" in page


def test_project_form_errors(client, login_as):
    login_as("organiser")
    bad = {**FORM, "title": "", "end_date": "2024-01-01", "currency": "", "country": "KR"}
    page = client.post("/pilots/new", data=bad)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="title-error"' in text
    assert "The end date is before the start date." in text
    assert "Choose the currency of the budget." in text
    assert 'id="country-error"' in text  # Korea is not a home country
    assert db.session.scalar(select(db.func.count(PilotProject.id))) == 0


def test_meeting_field_offered_now_that_meetings_exist(client, login_as):
    login_as("organiser")
    assert "planned_by_meeting_id" in client.get("/pilots/new").get_data(as_text=True)


def test_status_changes_are_dated_history(client, login_as, make_project):
    organiser = login_as("organiser")
    project = make_project(actor=organiser)
    response = client.post(f"/pilots/{project.id}/status",
                           data={"status": "approved", "changed_on": "2025-01-20",
                                 "note": "Steering committee"})
    assert response.status_code == 302
    client.post(f"/pilots/{project.id}/status",
                data={"status": "active", "changed_on": "2025-03-01"})
    db.session.expire_all()
    project = db.session.get(PilotProject, project.id)
    assert project.status == "active"
    assert project.status_since == date(2025, 3, 1)
    history = [(c.status, c.changed_on) for c in project.status_changes]
    assert history[1:] == [("approved", date(2025, 1, 20)), ("active", date(2025, 3, 1))]
    page = client.get(f"/pilots/{project.id}/status").get_data(as_text=True)
    assert "Steering committee" in page
    assert "Jan 20, 2025" in page

    same = client.post(f"/pilots/{project.id}/status",
                       data={"status": "active", "changed_on": "2025-03-02"})
    assert "already has this status" in same.get_data(as_text=True)
    earlier = client.post(f"/pilots/{project.id}/status",
                          data={"status": "completed", "changed_on": "2025-02-01"})
    assert 'id="changed_on-error"' in earlier.get_data(as_text=True)
    assert "before the last change of status (Mar 1, 2025)" in earlier.get_data(as_text=True)
    future = (date.today() + timedelta(days=10)).isoformat()
    later = client.post(f"/pilots/{project.id}/status",
                        data={"status": "completed", "changed_on": future})
    assert "cannot be in the future" in later.get_data(as_text=True)


def test_partners_grouped_and_contacts_private(client, make_user, make_project):
    organiser = make_user("organiser")
    project = make_project(actor=organiser)
    login(client, organiser)
    for name, country, contact in (("Ulsan Workers Centre", "KR", "kang@example.test"),
                                   ("Phnom Penh Polytechnic", "KH", "+855 23 000"),
                                   ("Regional Office", "TH", "")):
        assert client.post(f"/pilots/{project.id}/partners/new", data={
            "name": name, "org_type": "training", "country": country, "role": "Host",
            "contact": contact}).status_code == 302
    record = client.get(f"/pilots/{project.id}").get_data(as_text=True)
    assert "kang@example.test" in record
    assert "+855 23 000" in record
    assert record.index("In Korea") < record.index("Ulsan Workers Centre") < \
        record.index("In Cambodia") < record.index("Phnom Penh Polytechnic") < \
        record.index("Elsewhere") < record.index("Regional Office")
    client.post("/logout")
    public = client.get(f"/pilots/public/{project.id}").get_data(as_text=True)
    assert "Ulsan Workers Centre" in public
    assert "Phnom Penh Polytechnic" in public
    assert "kang@example.test" not in public
    assert "+855 23 000" not in public


def test_partner_form_prefills_the_country_and_edits_go_back_to_the_partners(
        client, make_user, make_project):
    organiser = make_user("organiser")
    project = make_project(actor=organiser)
    login(client, organiser)
    form = client.get(f"/pilots/{project.id}/partners/new").get_data(as_text=True)
    assert f'<option selected value="{project.country}">' in form
    added = client.post(f"/pilots/{project.id}/partners/new", data={
        "name": "Ulsan Workers Centre", "org_type": "training", "country": "KR",
        "role": "Host", "contact": ""}, follow_redirects=True).get_data(as_text=True)
    assert "Partner organisation added." in added
    partner = db.session.scalars(select(PilotPartner)).one()
    edit = client.get(f"/pilots/partners/{partner.id}/edit").get_data(as_text=True)
    assert 'value="Ulsan Workers Centre"' in edit
    moved = client.post(f"/pilots/partners/{partner.id}/edit", data={
        "name": "Ulsan Migrant Workers Centre", "org_type": "training", "country": "KR",
        "role": "Host", "contact": ""})
    assert moved.status_code == 302
    assert moved.headers["Location"].endswith(f"/pilots/{project.id}#partners")
    assert "Ulsan Migrant Workers Centre" in client.get(f"/pilots/{project.id}").get_data(
        as_text=True)
    client.post("/logout")
    assert client.get(f"/pilots/partners/{partner.id}/edit").status_code in (302, 403)


def test_mentors_from_the_directory(client, login_as, make_project):
    organiser = login_as("organiser")
    project = make_project(actor=organiser)
    listed = Expert(name="PARK Jiwon", native_name="박지원", consent_date=date(2025, 1, 1))
    unlisted = Expert(name="HIDDEN Expert")
    archived = Expert(name="ARCHIVED Expert", archived=True)
    db.session.add_all([listed, unlisted, archived])
    db.session.commit()
    page = client.get(f"/pilots/{project.id}/mentors").get_data(as_text=True)
    assert "PARK Jiwon" in page
    assert "ARCHIVED Expert" not in page
    for expert in (listed, unlisted):
        assert client.post(f"/pilots/{project.id}/mentors",
                           data={"expert_id": str(expert.id), "note": "Skills"}
                           ).status_code == 302
    again = client.post(f"/pilots/{project.id}/mentors", data={"expert_id": str(listed.id)})
    assert again.status_code == 200
    assert "already a mentor" in again.get_data(as_text=True)
    assert len(db.session.get(PilotProject, project.id).mentors) == 2
    record = client.get(f"/pilots/{project.id}").get_data(as_text=True)
    assert "PARK Jiwon (박지원)" in record
    assert "HIDDEN Expert" in record
    client.post("/logout")
    public = client.get(f"/pilots/public/{project.id}").get_data(as_text=True)
    assert "PARK Jiwon (박지원)" in public
    assert "HIDDEN Expert" not in public
    assert "1 mentor not listed publicly." in public


def test_mentor_contributions_for_the_expert_directory(app, make_user, make_project):
    from flask_login import AnonymousUserMixin

    from app.experts.contributions import contributions_of

    expert = Expert(name="PARK Jiwon", consent_date=date(2025, 1, 1))
    db.session.add(expert)
    db.session.flush()
    public = make_project("Public pilot", public=True, start_date=date(2025, 3, 1))
    internal = make_project("Internal pilot", public=False)
    services.add_mentor(public, expert)
    services.add_mentor(internal, expert)
    db.session.commit()
    with app.test_request_context():
        seen = contributions_of(expert.id, AnonymousUserMixin())
        assert [c.title for c in seen] == ["Public pilot"]
        assert str(seen[0].kind) == "Mentor"
        assert seen[0].url == f"/pilots/public/{public.id}"
        seen = contributions_of(expert.id, make_user("organiser"))
        assert sorted((c.title, c.url) for c in seen) == [
            ("Internal pilot", f"/pilots/{internal.id}"), ("Public pilot", f"/pilots/{public.id}")]


def test_lists_and_filters(client, make_user, make_project):
    organiser = make_user("organiser")
    make_project("Cambodian welding", public=True, actor=organiser)
    make_project("Vietnamese farming", public=True, actor=organiser, country="VN",
                 sector="agriculture")
    make_project("Internal Lao pilot", public=False, actor=organiser, country="LA")
    public = client.get("/pilots/public").get_data(as_text=True)
    assert "Cambodian welding" in public
    assert "Vietnamese farming" in public
    assert "Internal Lao pilot" not in public
    filtered = client.get("/pilots/public?sector=agriculture").get_data(as_text=True)
    assert "Vietnamese farming" in filtered
    assert "Cambodian welding" not in filtered
    login(client, organiser)
    everything = client.get("/pilots/").get_data(as_text=True)
    assert "Internal Lao pilot" in everything
    internal = client.get("/pilots/?visibility=internal").get_data(as_text=True)
    assert "Internal Lao pilot" in internal
    assert "Cambodian welding" not in internal
    assert "Vietnamese farming" in client.get("/pilots/?q=farm").get_data(as_text=True)


def test_navigation_shows_pilots_to_organisers_only(client, make_user):
    login(client, make_user("learner"))
    assert 'href="/pilots/"' not in client.get("/").get_data(as_text=True)
    client.post("/logout")
    login(client, make_user("organiser"))
    assert 'href="/pilots/"' in client.get("/").get_data(as_text=True)


def test_visitors_reach_the_public_pilots_page_from_the_home_page_and_the_navigation(
        client, make_user):
    home = client.get("/").get_data(as_text=True)
    nav = home.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/pilots/public">Pilot projects</a>' in nav
    card = home.split("Pilot Program for Brain Circulation", 1)[1].split("</article>", 1)[0]
    assert 'href="/pilots/public"' in card
    assert client.get("/pilots/public").status_code == 200
    login(client, make_user("learner"))
    assert 'href="/pilots/public">Pilot projects' in client.get("/").get_data(as_text=True)
    client.post("/logout")
    login(client, make_user("organiser"))  # one entry: the organisers' list
    page = client.get("/").get_data(as_text=True)
    nav = page.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert nav.count("Pilot projects") == 1
    assert 'href="/pilots/"' in nav


def test_related_workshops_link_both_ways(client, login_as, make_project):
    from datetime import date

    from app.workshops.models import Workshop

    organiser = login_as("organiser")
    project = make_project(actor=organiser)
    workshop = Workshop(title="Welding instructors' workshop", status="open",
                        start_date=date(2030, 3, 4), end_date=date(2030, 3, 8))
    db.session.add(workshop)
    db.session.commit()
    response = client.post(f"/pilots/{project.id}/workshops",
                           data={"workshop_id": str(workshop.id)})
    assert response.status_code == 302
    assert len(db.session.get(PilotProject, project.id).workshop_links) == 1
    page = client.get(f"/pilots/{project.id}").get_data(as_text=True)
    assert "Welding instructors&#39; workshop" in page or "Welding instructors' workshop" in page
    assert f"/workshops/{workshop.id}" in page


def test_huge_page_numbers_and_nul_in_filters_are_not_errors(client, make_user, make_project):
    make_project("Public pilot", public=True)
    response = client.get("/pilots/public?page=99999999999999999999")
    assert response.status_code == 200
    assert "Public pilot" not in response.get_data(as_text=True)
    response = client.get("/pilots/public?country=KH%00")
    assert response.status_code == 200
    assert "Public pilot" in response.get_data(as_text=True)
    login(client, make_user("organiser"))
    response = client.get("/pilots/?page=99999999999999999999&q=pilot%00")
    assert response.status_code == 200
    assert "Public pilot" not in response.get_data(as_text=True)
    assert "Public pilot" in client.get("/pilots/?q=Public%00").get_data(as_text=True)
