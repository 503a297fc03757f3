"""Issuing, serials, frozen PDFs, reissue, revocation, cohorts."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from app import create_app, signals
from app.auth.models import AuditEntry, User
from app.certificates import serials, services
from app.certificates.models import REPLACED, REVOKED, VALID, Certificate, CertificateCounter
from app.extensions import db
from tests.certificates.conftest import caught, snapshot


def test_issue_creates_serial_code_and_frozen_signed_pdf(issue):
    certificate = issue()
    year = serials.current_year()
    assert certificate.serial == f"AKMN-{year}-000001"
    assert len(certificate.verification_code) == 26  # 128 bits in base32
    assert certificate.status == VALID
    assert certificate.is_rendered
    assert certificate.pdf.startswith(b"%PDF-")
    assert certificate.signature
    assert certificate.signing_key_id
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "certificate.issue")).one()
    assert entry.target == certificate.serial


def test_codes_are_unguessable_and_distinct():
    codes = {services.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(services.CODE_RE.match(code) for code in codes)


def test_profile_changes_do_not_change_an_issued_certificate(issue, client):
    certificate = issue()
    before = (certificate.pdf, certificate.pdf_sha256, certificate.holder_name)
    holder = certificate.holder
    holder.name = "Someone ELSE"
    holder.native_name = ""
    db.session.commit()
    db.session.refresh(certificate)
    assert (certificate.pdf, certificate.pdf_sha256, certificate.holder_name) == before


def test_issue_many_numbers_are_consecutive(make_user, organiser):
    users = [make_user("learner") for _ in range(5)]
    created = services.issue_many([(u, snapshot(u)) for u in users], template="classic",
                                  issued_by=organiser)
    db.session.commit()
    assert [c.number for c in created] == [1, 2, 3, 4, 5]
    assert len({c.verification_code for c in created}) == 5
    assert db.session.get(CertificateCounter, serials.current_year()).last_number == 5


def test_a_rolled_back_issue_leaves_no_gap(make_user, organiser):
    user = make_user("learner")
    services.issue_certificate(user, snapshot=snapshot(user), template="classic",
                               issued_by=organiser)
    db.session.rollback()
    certificate = services.issue_certificate(user, snapshot=snapshot(user),
                                             template="classic", issued_by=organiser)
    db.session.commit()
    assert certificate.number == 1


def _issue_concurrently(apps, user_ids, rounds):
    errors = []

    def worker(app, user_id):
        with app.app_context():
            try:
                for _ in range(rounds):
                    holder = db.session.get(User, user_id)
                    services.issue_many([(holder, snapshot(holder))] * 3, template="classic",
                                        issued_by=None)
                    db.session.commit()
            except Exception as exc:  # reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(apps[i % len(apps)], uid))
               for i, uid in enumerate(user_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return errors


def test_serials_unique_and_gapless_under_concurrency_across_instances(app, make_user):
    """Six threads on two app instances (own engines and pools), each issuing in batches."""
    app.config["BACKGROUND_MODE"] = "none"
    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI":
                        app.config["SQLALCHEMY_DATABASE_URI"],
                        "SECRET_KEY": app.config["SECRET_KEY"], "BACKGROUND_MODE": "none"})
    user_ids = [make_user("learner").id for _ in range(6)]
    db.session.commit()  # no transaction (no SQLite write lock) held by this thread meanwhile
    errors = _issue_concurrently([app, other], user_ids, rounds=4)
    with other.app_context():
        db.engine.dispose()
    assert errors == []
    numbers = sorted(db.session.scalars(select(Certificate.number)))
    assert numbers == list(range(1, 6 * 4 * 3 + 1))
    assert len(set(db.session.scalars(select(Certificate.serial)))) == 72


def test_template_and_language_are_checked(make_user, organiser):
    user = make_user("learner")
    with pytest.raises(services.CertificateError, match="no certificate template"):
        services.issue_certificate(user, snapshot=snapshot(user), template="nope",
                                   issued_by=organiser)
    with pytest.raises(services.CertificateError, match="needs a language"):
        services.issue_certificate(user, snapshot=snapshot(user), template="bilingual",
                                   issued_by=organiser)
    with pytest.raises(services.CertificateError, match="holder's name"):
        services.issue_certificate(user, snapshot=snapshot(user, holder_name=" "),
                                   template="classic", issued_by=organiser)


def test_revoke_records_reason_and_audit(issue, organiser):
    certificate = issue()
    services.revoke_certificate(certificate, reason="Attendance below 80 %", actor=organiser)
    db.session.commit()
    assert certificate.status == REVOKED
    assert certificate.revoked_at is not None
    assert certificate.revocation_reason == "Attendance below 80 %"
    assert db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "certificate.revoke")).one().details == "Attendance below 80 %"
    with pytest.raises(services.CertificateError):
        services.revoke_certificate(certificate, reason="again", actor=organiser)
    with pytest.raises(services.CertificateError, match="reason"):
        services.revoke_certificate(issue(), reason="  ", actor=organiser)


def test_reissue_creates_a_new_certificate_and_records_why(issue, organiser):
    old = issue()
    holder = old.holder
    holder.name = "CHAN Sokha (corrected)"
    new = services.reissue_certificate(old, reason="Name corrected", actor=organiser)
    db.session.commit()
    assert new.serial != old.serial
    assert new.verification_code != old.verification_code
    assert new.holder_name == "CHAN Sokha (corrected)"
    assert new.reissue_of_id == old.id
    assert new.reissue_reason == "Name corrected"
    assert old.status == REPLACED
    assert new.serial in old.revocation_reason
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"certificate.issue", "certificate.reissue"} <= actions
    with pytest.raises(services.CertificateError):
        services.reissue_certificate(old, reason="twice", actor=organiser)


def test_cohort_issues_only_to_completers_without_a_certificate(make_user, organiser,
                                                                completed):
    done = [make_user("learner", name=f"Learner {i}") for i in range(3)]
    workshop = completed(5, done)
    with caught(signals.certificate_issued) as sent:
        first = services.issue_for_workshop(workshop, template="classic", issued_by=organiser)
    db.session.commit()
    assert {c.user_id for c in first} == {u.id for u in done}
    assert all(c.workshop_id == 5 for c in first)
    assert all(c.title == "Workshop 5" for c in first)
    assert sent == [(c, {"actor": organiser}) for c in first]
    assert services.eligible_for_workshop(workshop) == []
    assert services.issue_for_workshop(workshop, template="classic", issued_by=organiser) == []


def test_revoking_and_reissuing_send_certificate_revoked(issue, organiser):
    first, second = issue(), issue()
    with caught(signals.certificate_revoked) as sent:
        services.revoke_certificate(first, reason="Issued in error", actor=organiser)
        services.reissue_certificate(second, reason="Name corrected", actor=organiser)
    assert sent == [(first, {"actor": organiser, "reason": "Issued in error"}),
                    (second, {"actor": organiser, "reason": "Name corrected"})]


def test_the_thread_pool_renders_after_commit(app, make_user, organiser):
    """The embedded default: one task per certificate on the web process's job threads."""
    from app import jobs

    app.config["BACKGROUND_MODE"] = "thread"
    user = make_user("learner")
    created = services.issue_many([(user, snapshot(user))] * 2, template="classic",
                                  issued_by=organiser)
    ids = [c.id for c in created]
    db.session.commit()
    try:
        jobs.runner(app).stop(wait=True)  # waits for the queued tasks to finish
    finally:
        app.extensions.pop(jobs.EXTENSION, None)
        app.config["BACKGROUND_MODE"] = "inline"
    db.session.expire_all()
    for certificate in db.session.scalars(select(Certificate).where(Certificate.id.in_(ids))):
        assert certificate.is_rendered
        assert certificate.render_claim is None


def test_a_stale_claim_is_released_and_the_periodic_round_renders_it(app, make_user,
                                                                     organiser):
    """A renderer killed half-way leaves a claim; within a minute the next round takes it."""
    from datetime import timedelta

    from sqlalchemy import update

    from app.certificates import background, tasks
    from app.timeutil import utcnow

    app.config["BACKGROUND_MODE"] = "none"
    user = make_user("learner")
    certificate = services.issue_certificate(user, snapshot=snapshot(user),
                                             template="classic", issued_by=organiser)
    db.session.commit()
    assert background.claim(certificate.id, "dead-worker") is True
    app.config["BACKGROUND_MODE"] = "inline"
    assert tasks.render_pending_certificates() == 0  # a live claim is left alone
    db.session.execute(update(Certificate).values(
        render_claimed_at=utcnow() - background.CLAIM_TIMEOUT - timedelta(seconds=1)))
    db.session.commit()
    assert tasks.render_pending_certificates() == 1  # enqueued, rendered inline
    db.session.expire_all()
    stored = db.session.get(Certificate, certificate.id)
    assert stored.is_rendered
    assert stored.render_claim is None


def test_rendering_twice_stores_the_pdf_once(app, make_user, organiser):
    from app.certificates import background, tasks

    user = make_user("learner")
    certificate = services.issue_certificate(user, snapshot=snapshot(user),
                                             template="classic", issued_by=organiser)
    db.session.commit()  # rendered here (inline)
    db.session.refresh(certificate)
    first = (certificate.pdf_sha256, certificate.rendered_at)
    assert tasks.render_certificate(certificate.id) is False
    assert background.render_one(certificate.id) is False
    db.session.refresh(certificate)
    assert (certificate.pdf_sha256, certificate.rendered_at) == first



def test_a_certificate_is_rendered_once_and_its_pdf_is_reproducible(app, make_user, organiser,
                                                                     monkeypatch):
    """One rendering per certificate, and rendering its stored record again gives the very
    bytes that were stored (layout, PDF/A, tags and the Ed25519 signature included)."""
    from app.certificates import background, signing

    renders = []
    original = background.render_pdf

    def counting(*args, **kwargs):
        renders.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(background, "render_pdf", counting)
    user = make_user("learner", name="Nguyễn Thị Minh Khai")
    certificate = services.issue_certificate(user, snapshot=snapshot(user),
                                             template="classic", issued_by=organiser)
    db.session.commit()  # rendered here (inline)
    db.session.refresh(certificate)
    assert len(renders) == 1
    spec, kwargs = background.build_job(certificate)
    again = original(spec, **kwargs).pdf
    signed, signature = signing.sign_pdf(again, code=certificate.verification_code,
                                         key=signing.active_key())
    assert signed == certificate.pdf
    assert signature == certificate.signature


def test_a_claimed_certificate_is_not_rendered_twice(issue, app, make_user, organiser):
    from app.certificates import background

    app.config["BACKGROUND_MODE"] = "none"
    user = make_user("learner")
    certificate = services.issue_certificate(user, snapshot=snapshot(user),
                                             template="classic", issued_by=organiser)
    db.session.commit()
    assert background.claim(certificate.id, "one") is True
    assert background.claim(certificate.id, "two") is False
    assert background.render_pending() == 0  # claimed by "one", not stale


def _count_statements(fn) -> int:
    from sqlalchemy import event

    count = {"n": 0}

    def before(*args, **kwargs):
        count["n"] += 1

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return count["n"]


def test_issuing_a_cohort_reads_nothing_per_learner(app, make_user, organiser):
    """A 500-learner cohort must not hold a request: beyond a constant number of reads, each
    learner costs only the insert of the certificate and of its audit entry."""
    app.config["BACKGROUND_MODE"] = "none"
    ids = [make_user("learner").id for _ in range(60)]
    db.session.commit()
    users = db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)).all()

    def issue(group):
        def run():
            services.issue_many([(u, snapshot(u)) for u in group], template="classic",
                                issued_by=organiser)
            db.session.flush()
        return run

    small = _count_statements(issue(users[:10]))
    large = _count_statements(issue(users[10:]))
    assert large - small <= 2 * (50 - 10)
    assert small - 2 * 10 < 10


@pytest.mark.slow
def test_issued_certificate_qr_points_to_its_public_verification_page(app, issue):
    import io

    import zxingcpp
    from PIL import Image

    from app.certificates.rendering.raster import pdf_to_png

    app.config["PUBLIC_BASE_URL"] = "https://learn.akmn.example/"
    certificate = issue()
    url = f"https://learn.akmn.example/verify/{certificate.verification_code}"
    assert certificate.printed["verify_url"] == url
    image = Image.open(io.BytesIO(pdf_to_png(certificate.pdf, dpi=150)))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [url]


@pytest.mark.slow
def test_rendering_with_a_process_pool(app, make_user, organiser):
    from app.certificates import background, signing

    app.config["BACKGROUND_MODE"] = "none"
    users = [make_user("learner", name=f"Pooled {i}") for i in range(4)]
    services.issue_many([(u, snapshot(u)) for u in users], template="classic",
                        issued_by=organiser)
    db.session.commit()
    ticks = []
    assert background.render_pending(processes=2, progress=ticks.append) == 4
    assert ticks == [1, 1, 1, 1]
    keys = signing.all_public_keys()
    for certificate in db.session.scalars(select(Certificate)):
        assert signing.check_pdf(certificate.pdf, keys).code == certificate.verification_code


def test_links_come_from_configuration_never_from_the_request_host(app, make_user, organiser):
    """A request sent with a forged Host header does not change what a certificate prints."""
    from app.workshops.notify import external_url

    user = make_user("learner")
    app.config["PUBLIC_BASE_URL"] = "https://learn.akmn.example"
    with app.test_request_context("/", base_url="http://attacker.example"):
        certificate = services.issue_many([(user, snapshot(user))], template="classic",
                                          issued_by=organiser)[0]
        link = external_url("workshops.detail", workshop_id=3)
    assert certificate.printed["verify_url"] == (
        f"https://learn.akmn.example/verify/{certificate.verification_code}")
    assert link == "https://learn.akmn.example/workshops/3"
    db.session.rollback()


def test_a_batch_claims_only_what_no_live_renderer_holds(app, make_user, organiser):
    """One conditional UPDATE claims the batch: a certificate another renderer holds is left
    to it, and a second renderer's batch finds nothing the first one won."""
    from app.certificates import background

    app.config["BACKGROUND_MODE"] = "none"
    users = [make_user("learner") for _ in range(5)]
    created = services.issue_many([(u, snapshot(u)) for u in users], template="classic",
                                  issued_by=organiser)
    db.session.commit()
    ids = [c.id for c in created]
    assert background.claim(ids[2], "other") is True
    assert background.claim_batch("mine", limit=10) == [ids[0], ids[1], ids[3], ids[4]]
    assert background.claim_batch("third", limit=10) == []
    holders = dict(db.session.execute(select(Certificate.id, Certificate.render_claim)).all())
    assert holders == {ids[0]: "mine", ids[1]: "mine", ids[2]: "other", ids[3]: "mine",
                       ids[4]: "mine"}


def test_rendering_leaves_the_callers_certificates_up_to_date(app, make_user, organiser):
    """The run's commits do not expire what the caller holds (expiring 1,000 issued
    certificates and their learners at every commit cost 20 s of a 1,000-learner cohort):
    the caller's objects are expired a few times per batch, not per certificate, and once at
    the end, so the caller still sees every PDF stored when the run returns."""
    from sqlalchemy import event

    from app.certificates import background

    app.config["BACKGROUND_MODE"] = "none"
    users = [make_user("learner") for _ in range(9)]
    created = services.issue_many([(u, snapshot(u)) for u in users], template="classic",
                                  issued_by=organiser)
    db.session.commit()
    assert [c.is_rendered for c in created] == [False] * 9
    expired = []

    def on_expire(target, attrs):
        if target is created[0]:
            expired.append(attrs)

    event.listen(Certificate, "expire", on_expire)
    try:
        assert background.render_pending() == 9  # batches of 4: three, then an empty one
    finally:
        event.remove(Certificate, "expire", on_expire)
    assert len(expired) <= 5  # was 29: each claim, store and refresh committed and expired
    assert db.session().expire_on_commit is True
    assert [c.is_rendered for c in created] == [True] * 9
    assert all(c.pdf.startswith(b"%PDF-") for c in created)


def test_a_long_run_refreshes_its_claims(app, make_user, organiser, monkeypatch):
    """Claims are refreshed a few times per claim timeout, not after every PDF (a commit
    each): a quick run refreshes none, a run whose PDFs take longer than a sixth of the
    timeout refreshes after each PDF that has others waiting behind it."""
    from sqlalchemy import event

    from app.certificates import background

    app.config["BACKGROUND_MODE"] = "none"
    beats = []

    def count(conn, cursor, statement, *args):
        if statement.startswith("UPDATE certificates SET render_claimed_at"):
            beats.append(statement)

    def issue_three():
        users = [make_user("learner") for _ in range(3)]
        services.issue_many([(u, snapshot(u)) for u in users], template="classic",
                            issued_by=organiser)
        db.session.commit()

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        issue_three()
        monkeypatch.setattr(background.time, "monotonic", lambda: 1000.0)
        assert background.render_pending() == 3
        assert beats == []
        issue_three()
        clock = iter(range(0, 10_000, 11))  # 11 s per reading; the timeout is 60 s
        monkeypatch.setattr(background.time, "monotonic", lambda: float(next(clock)))
        assert background.render_pending() == 3
        assert len(beats) == 2  # after the first and the second PDF, not after the last
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_a_certificate_deleted_after_its_claim_is_skipped(app, make_user, organiser):
    """The batch is loaded after it is claimed: one deleted in between is left out, and the
    run renders the others."""
    from app.certificates import background

    app.config["BACKGROUND_MODE"] = "none"
    users = [make_user("learner") for _ in range(2)]
    created = services.issue_many([(u, snapshot(u)) for u in users], template="classic",
                                  issued_by=organiser)
    db.session.commit()
    ids = background.claim_batch("mine", limit=10)
    gone = db.session.get(Certificate, ids[0])
    db.session.delete(gone)
    db.session.commit()
    prepared = background._prepare(ids, "mine")
    assert [cid for cid, *_ in prepared] == [created[1].id]
