"""CSV import (command line and upload form) and export."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa

from app.auth.models import AuditEntry
from app.experts import csvio
from app.experts.models import Expert
from app.extensions import db

HEADER = ("name,native_name,honorific,position,organisation,organisation_type,country,"
          "expertise,keywords,languages,email,email_visibility,phone,phone_visibility,bio,"
          "consent_date")
COUNTRIES = ["VN", "TH", "KR", "KH", "LA", "MM", "PH", "ID", "MY", "SG", "BN", "TL"]


def fifty_rows() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER.split(","))
    for i in range(50):
        writer.writerow([
            f"EXPERT Number {i}", "김민지" if i % 3 == 0 else "สมชาย", "Dr", "Researcher",
            f"Institute {i}", "academia", COUNTRIES[i % 12],
            "remittances;labour-migration" if i % 2 else "gender",
            "fair recruitment; EPS", "vi;ko" if i % 2 else "en", f"e{i}@experts.test",
            "members", f"+84 24 {1000 + i}", "organisers",
            "Line one,\nline two with \"quotes\".", "2024-06-01" if i % 5 else ""])
    return out.getvalue()


def test_organiser_imports_fifty_experts_from_the_upload_form(app, client, areas, login_as):
    organiser = login_as("organiser")
    response = client.post("/experts/import", data={
        "file": (io.BytesIO(fifty_rows().encode()), "experts.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Expert)) == 50
    expert = db.session.scalar(sa.select(Expert).where(Expert.name == "EXPERT Number 1"))
    assert expert.languages == ["vi", "ko"]
    assert sorted(a.slug for a in expert.areas) == ["labour-migration", "remittances"]
    assert expert.keyword_list == ["fair recruitment", "EPS"]
    assert expert.bio == 'Line one,\nline two with "quotes".'
    assert expert.consent_recorded_by_id == organiser.id
    unlisted = db.session.scalar(sa.select(Expert).where(Expert.name == "EXPERT Number 5"))
    assert unlisted.consent_date is None
    audit = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "expert.import"))
    assert audit.details.startswith("50 experts")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "50 experts imported." in page


def test_errors_are_numbered_by_line_and_nothing_is_imported(app, client, areas, login_as):
    text = "\n".join([
        HEADER,
        'GOOD Person,,,,,,VN,remittances,,vi,good@x.test,members,,,"multi\nline bio",',
        ",,,,,,XX,,,,,,,,,",  # line 4: empty name
        "BAD Country,,,,,,ZZ,,,,,,,,,",
        "BAD Area,,,,,,VN,nonsense,,,,,,,,",
        "BAD Lang,,,,,,VN,,,zz-??,,,,,,",
        "BAD Email,,,,,,VN,,,,not-an-email,,,,,",
        "BAD Visibility,,,,,,VN,,,,a@x.test,everyone,,,,",
        "BAD Date,,,,,,VN,,,,,,,,,01/02/2024",
        "BAD Type,,,,ngo,ngo,VN,,,,,,,,,",
        "DUP Email,,,,,,VN,,,,good@x.test,,,,,",
        "TOO,many,,,,,,,,,,,,,,,,extra",
    ]) + "\n"
    parsed = csvio.parse_expert_csv(text)
    by_line = {(e.line, e.message.split(" ")[0]) for e in parsed.errors}
    assert (4, "name") in by_line
    assert (5, "unknown") in by_line  # country
    assert (6, "unknown") in by_line  # expertise area
    assert (7, "unknown") in by_line  # language
    assert (8, "invalid") in by_line
    assert (9, "email_visibility") in by_line
    assert (10, "consent_date") in by_line
    assert (11, "unknown") in by_line  # organisation type
    assert (12, "duplicate") in by_line
    assert (13, "too") in by_line
    assert not any(e.line in (2, 3) for e in parsed.errors)
    login_as("organiser")
    page = client.post("/experts/import", data={
        "file": (io.BytesIO(text.encode()), "bad.csv")},
        content_type="multipart/form-data").get_data(as_text=True)
    assert "Nothing was imported" in page
    assert "Line 12: duplicate of line 2" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Expert)) == 0


def test_header_problems(app, areas):
    parsed = csvio.parse_expert_csv("nom,organization\nX,Y\n")
    messages = " ".join(e.message for e in parsed.errors)
    assert "missing columns: name" in messages
    assert "unknown columns: nom, organization" in messages
    assert csvio.parse_expert_csv(HEADER + "\n").errors[0].message == "the file has no rows"


def test_existing_email_is_refused(app, make_expert):
    existing = make_expert("ALREADY Here", email="here@x.test")
    parsed = csvio.parse_expert_csv(HEADER + "\nNEW Person,,,,,,VN,,,,HERE@x.test,,,,,\n")
    assert parsed.errors[0].line == 2
    assert f"(record {existing.id})" in parsed.errors[0].message


def test_cli_import_and_export_round_trip(app, runner, areas, tmp_path, make_user):
    make_user("organiser", email="sec@x.test")
    source = tmp_path / "in.csv"
    source.write_text("\ufeff" + fifty_rows(), encoding="utf-8")
    result = runner.invoke(args=["experts", "import", str(source), "--recorded-by",
                                 "sec@x.test"])
    assert result.exit_code == 0, result.output
    assert "Imported 50 expert(s)." in result.output
    out = tmp_path / "out.csv"
    result = runner.invoke(args=["experts", "export", str(out)])
    assert result.exit_code == 0, result.output
    exported = out.read_bytes().decode("utf-8")
    assert exported.startswith("\ufeff" + HEADER + "\r\n")
    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    assert len(rows) == 50
    first = next(r for r in rows if r["name"] == "EXPERT Number 1")
    assert first["phone"] == "'+84 24 1001"  # formula-safe for spreadsheets
    assert first["email"] == "e1@experts.test"  # the secretariat's file: everything
    assert first["languages"] == "vi;ko"
    # Re-importing the export into an empty directory gives the same records.
    db.session.execute(sa.delete(Expert))
    db.session.commit()
    result = runner.invoke(args=["experts", "import", str(out)])
    assert result.exit_code == 0, result.output
    again = tmp_path / "again.csv"
    runner.invoke(args=["experts", "export", str(again)])
    assert again.read_bytes().decode("utf-8") == exported


def test_cli_import_reports_file_and_line_and_changes_nothing(app, runner, areas, tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text(HEADER + "\nOK Person,,,,,,VN,,,,,,,,,\nBAD,,,,,,QQ,,,,,,,,,\n",
                      encoding="utf-8")
    result = runner.invoke(args=["experts", "import", str(source)])
    assert result.exit_code != 0
    assert f"{source}:3: unknown country code 'QQ'" in result.output
    assert "nothing imported" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Expert)) == 0
    binary = tmp_path / "latin1.csv"
    binary.write_bytes(HEADER.encode() + b"\nJos\xe9,,,,,,VN,,,,,,,,,\n")
    result = runner.invoke(args=["experts", "import", str(binary)])
    assert result.exit_code != 0
    assert "not UTF-8" in result.output


def test_export_download_follows_filters(app, client, make_expert, login_as):
    make_expert("VIET Person", country="VN", email="v@x.test", email_visibility="members")
    make_expert("THAI Person", country="TH")
    make_expert("=HYPERLINK(evil) Person", country="VN")
    login_as("learner")
    response = client.get("/experts/export.csv?country=VN")
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["Cache-Control"] == "private, no-store"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [r["name"] for r in rows] == ["'=HYPERLINK(evil) Person", "VIET Person"]
    assert rows[1]["email"] == "v@x.test"
