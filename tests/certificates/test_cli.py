"""The command line: list, pdf, revoke, verify, sample, issue, render-pending, rotate-key."""

from __future__ import annotations

import csv
import io

import pytest

from app.certificates import services
from app.certificates.models import REVOKED
from app.extensions import db
from tests.certificates.conftest import page_count, pdftotext, snapshot


def test_list_prints_the_documented_columns(issue, runner, make_user):
    first = issue(make_user("learner", name="Alpha ONE", native_name="알파"), workshop_id=2)
    issue(make_user("learner", name="Beta TWO"), workshop_id=3)
    result = runner.invoke(args=["certificates", "list", "--workshop", "2"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["serial", "verification_code", "holder_name", "native_name", "workshop",
                       "issued_at", "status"]
    assert rows[1][:5] == [first.serial, first.verification_code, "Alpha ONE", "알파",
                           first.title]
    assert rows[1][6] == "valid"
    assert len(rows) == 2


def test_pdf_writes_the_stored_bytes(issue, runner, tmp_path):
    certificate = issue()
    out = tmp_path / "out.pdf"
    result = runner.invoke(args=["certificates", "pdf", certificate.serial, str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == certificate.pdf
    missing = runner.invoke(args=["certificates", "pdf", "AKMN-1999-000001", str(out)])
    assert missing.exit_code != 0
    assert "No certificate" in missing.output


def test_revoke_and_verify(issue, runner, tmp_path, client):
    certificate = issue()
    path = tmp_path / "c.pdf"
    path.write_bytes(certificate.pdf)
    ok = runner.invoke(args=["certificates", "verify", str(path)])
    assert ok.exit_code == 0, ok.output
    assert "genuine" in ok.output
    assert "identical to the issued PDF" in ok.output
    result = runner.invoke(args=["certificates", "revoke", certificate.serial, "--reason",
                                 "Issued in error"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert certificate.status == REVOKED
    revoked = runner.invoke(args=["certificates", "verify", str(path)])
    assert revoked.exit_code == 1
    assert "REVOKED" in revoked.output
    tampered = tmp_path / "t.pdf"
    data = bytearray(certificate.pdf)
    data[len(data) // 3] ^= 0x01
    tampered.write_bytes(bytes(data))
    bad = runner.invoke(args=["certificates", "verify", str(tampered)])
    assert bad.exit_code == 1
    assert "NOT GENUINE" in bad.output


def test_verify_offline_with_a_keys_file(issue, runner, tmp_path, client):
    certificate = issue()
    (tmp_path / "keys.json").write_bytes(client.get("/.well-known/akmn-keys.json").data)
    (tmp_path / "c.pdf").write_bytes(certificate.pdf)
    result = runner.invoke(args=["certificates", "verify", str(tmp_path / "c.pdf"), "--keys",
                                 str(tmp_path / "keys.json")])
    assert result.exit_code == 0, result.output
    assert certificate.verification_code in result.output


@pytest.mark.slow
def test_sample_renders_a_specimen(runner, tmp_path):
    out = tmp_path / "sample.pdf"
    result = runner.invoke(args=["certificates", "sample", "--name", "KIM Min-jun",
                                 "--native-name", "김민준", "--template", "bilingual",
                                 "--language", "ko", str(out)])
    assert result.exit_code == 0, result.output
    text = pdftotext(out.read_bytes())
    assert "김민준" in text
    assert "수료증" in text
    assert page_count(out.read_bytes()) == 1
    unknown = runner.invoke(args=["certificates", "sample", "--name", "X", "--template",
                                  "nope", str(out)])
    assert unknown.exit_code != 0
    assert "Unknown template" in unknown.output


def test_issue_for_an_unknown_workshop_says_so(runner):
    result = runner.invoke(args=["certificates", "issue", "--workshop", "999"])
    assert result.exit_code != 0
    assert "No workshop has the number 999" in result.output


def test_issue_for_a_workshop_renders_with_progress(runner, make_user, completed, app):
    users = [make_user("learner", name=f"Official {i}") for i in range(3)]
    completed(8, users)
    app.config["BACKGROUND_MODE"] = "thread"  # the command renders itself, not a thread
    result = runner.invoke(args=["certificates", "issue", "--workshop", "8", "--processes", "1"])
    assert result.exit_code == 0, result.output
    assert "Issued 3 certificate(s)" in result.output
    assert "Rendered 3 PDF(s)" in result.output
    issued = db.session.scalars(services.search(workshop_id=8)).all()
    assert len(issued) == 3
    assert all(c.is_rendered for c in issued)


def test_render_pending_and_rotate_key(runner, make_user, app, organiser):
    app.config["BACKGROUND_MODE"] = "none"
    user = make_user("learner")
    services.issue_many([(user, snapshot(user))] * 2, template="classic", issued_by=organiser)
    db.session.commit()
    assert services.pending_count() == 2
    result = runner.invoke(args=["certificates", "render-pending", "--processes", "1"])
    assert result.exit_code == 0, result.output
    assert "Rendered 2 PDF(s); 0 still pending." in result.output
    rotated = runner.invoke(args=["certificates", "rotate-key"])
    assert rotated.exit_code == 0
    assert "Active signing key" in rotated.output


@pytest.mark.slow
def test_demo_certificates_belong_to_a_workshop_the_list_and_reports_show(app, client):
    from sqlalchemy import select

    from app.auth import demo as auth_demo
    from app.certificates import demo as certificates_demo
    from app.certificates.models import Certificate
    from app.reports import services as reports
    from app.workshops.models import Workshop

    auth_demo.load()
    db.session.commit()
    for _ in range(2):  # idempotent
        certificates_demo.load()
        db.session.commit()
    certificates = db.session.scalars(select(Certificate)).all()
    assert len(certificates) >= 9
    workshop_ids = {c.workshop_id for c in certificates}
    assert len(workshop_ids) == 1
    workshop = db.session.get(Workshop, workshop_ids.pop())
    assert workshop.title == certificates[0].title
    assert workshop.status == "finished"
    listing = client.get("/workshops/?status=finished").get_data(as_text=True) + \
        client.get("/workshops/").get_data(as_text=True)
    assert workshop.title in listing
    row = next(r for r in reports.build_report("workshop").rows if r.label == workshop.title)
    holders = {c.user_id for c in certificates}
    assert row.learners == len(holders)
    assert row.completed == len(holders)
    assert row.certificates == len([c for c in certificates if c.status == "valid"])  # one revoked
