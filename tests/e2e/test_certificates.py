"""Journeys 3 and 4.

(3) An organiser runs an in-person workshop: imports the roster, marks attendance, issues
    certificates to the cohort and revokes one.
(4) A visitor verifies a certificate by opening the URL in its QR code: valid, then, after
    the revocation, revoked — with and without JavaScript.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import subprocess

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import DEMO, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def qr_url(pdf_path) -> str:
    """The URL in the certificate's QR code, read from the PDF as a phone camera would."""
    import zxingcpp
    from PIL import Image

    png = pdf_path.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-singlefile", str(pdf_path), str(png)],
                   check=True, capture_output=True)
    codes = zxingcpp.read_barcodes(Image.open(f"{png}.png"))
    urls = [code.text for code in codes if code.text.startswith("http")]
    assert urls, f"no QR code with a URL found in {pdf_path.name}"
    return urls[0]


def test_cohort_certificates_verified_then_revoked(journey, live_server, tmp_path):
    j = journey("3-4-cohort-certificates")
    tag = secrets.token_hex(2)
    title = f"Return and Reintegration Days, Vientiane {tag}"
    roster = [(f"bounmy-{tag}@example.test", "BOUNMY Phommachanh", "ບຸນມີ ພົມມະຈັນ", "LA"),
              (f"dara-{tag}@example.test", "DARA Sok", "ដារ៉ា សុខ", "KH"),
              (f"thu-{tag}@example.test", "TRAN Minh Thu", "Trần Minh Thư", "VN")]

    page = j.page()
    sign_in(j, page, DEMO["organiser"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Workshops").click()
    j.check(page, "workshops")
    page.get_by_role("link", name="New workshop").click()
    j.check(page, "new workshop")
    today = dt.date.today()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Start date").fill(today.isoformat())
    page.get_by_label("End date").fill(today.isoformat())
    page.get_by_label("Mode").select_option(label="In person")
    page.get_by_label("Host country").select_option("LA")
    page.get_by_label("City", exact=True).fill("Vientiane")
    page.get_by_label("Time zone").select_option("Asia/Vientiane")
    page.get_by_label("Enrolment", exact=True).select_option(label="By invitation only")
    page.get_by_label("All lessons of the courses done").uncheck()
    page.get_by_label("All quizzes of the courses passed").uncheck()
    page.get_by_label(re.compile("attendance", re.I)).first.fill("100")
    page.get_by_role("main").get_by_role("button", name=re.compile("^(Save|Create)")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    j.check(page, "workshop created")
    page.get_by_role("button", name="Open for enrolment").click()
    j.check(page, "workshop open")
    workshop_nav = page.get_by_role("navigation", name="Workshop")

    # (3) The roster, from CSV.
    workshop_nav.get_by_role("link", name="Enrolments").click()
    j.check(page, "enrolments")
    page.get_by_role("link", name="Import a roster (CSV)").click()
    j.check(page, "roster import")
    csv = "email,name,native_name,country,agency,position,language,roles\n" + "".join(
        f"{email},{name},{native},{country},Ministry of Labour (e2e),Officer,en,learner\n"
        for email, name, native, country in roster)
    page.get_by_label("CSV file").set_input_files(
        {"name": "roster.csv", "mimeType": "text/csv", "buffer": csv.encode()})
    page.get_by_role("button", name="Check and import").click()
    for _email, name, _native, _country in roster:
        expect(page.get_by_role("main")).to_contain_text(name)
    j.check(page, "roster imported")

    # Attendance: one day; two of the three were there.
    workshop_nav.get_by_role("link", name="Attendance").click()
    j.check(page, "attendance days")
    page.get_by_label("Title").fill("Day 1 — Vientiane")
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Starts").fill("09:00")
    page.get_by_label("Ends").fill("17:00")
    page.get_by_role("main").get_by_role("button", name="Add").click()
    j.check(page, "day added")
    page.get_by_role("link", name="Mark attendance").first.click()
    j.check(page, "mark attendance")
    for _email, name, _native, _country in roster[:2]:
        page.get_by_role("checkbox", name=re.compile(re.escape(name))).check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_role("status").first).to_contain_text("Attendance saved")
    j.check(page, "attendance saved")
    page.get_by_role("link", name="← All sessions").click()
    j.check(page, "attendance after saving")

    # Certificates for the cohort: the two who attended.
    workshop_nav.get_by_role("link", name="Roster and progress").click()
    j.check(page, "roster")
    page.get_by_role("link", name="Issue certificates").click()
    expect(page.get_by_role("main")).to_contain_text(roster[0][1])
    expect(page.get_by_role("main")).not_to_contain_text(roster[2][1])
    j.check(page, "cohort")
    page.get_by_role("button", name="Issue 2 certificates").click()
    expect(page.get_by_role("status").first).to_contain_text("2 certificates issued")
    j.check(page, "certificates issued")
    row = page.get_by_role("row").filter(has_text=roster[0][1])
    row.get_by_role("link").first.click()
    download = page.get_by_role("link", name="Download PDF")
    for _attempt in range(30):  # the PDF is rendered in the background
        if download.count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    expect(download).to_be_visible()
    j.check(page, "certificate")
    with page.expect_download() as info:
        download.click()
    pdf = tmp_path / "certificate.pdf"
    info.value.save_as(pdf)

    # (4) A visitor scans the QR code: valid — with and without JavaScript.
    url = qr_url(pdf)
    assert url.startswith(live_server.url + "/verify/"), url
    visitor = j.page()
    visitor.goto(url)
    expect(visitor.get_by_role("heading", name="Valid certificate")).to_be_visible()
    expect(visitor.get_by_role("main")).to_contain_text(roster[0][1])
    j.check(visitor, "verified valid")
    no_js = j.page(javascript=False, phone=True)
    no_js.goto(url)
    expect(no_js.get_by_role("heading", name="Valid certificate")).to_be_visible()
    j.check(no_js, "verified valid without javascript")

    # (3) The organiser revokes it; (4) the visitor now sees it revoked.
    page.get_by_label("Reason").fill("Issued by mistake: attendance recorded for the wrong day.")
    page.get_by_label("I understand that revoking cannot be undone").check()
    page.get_by_role("button", name="Revoke this certificate").click()
    expect(page.get_by_role("main")).to_contain_text("No longer valid since")
    j.check(page, "revoked")
    visitor.reload()
    expect(visitor.get_by_role("heading", name="Revoked — not valid")).to_be_visible()
    expect(visitor.get_by_role("main")).to_contain_text("Issued by mistake")
    j.check(visitor, "verified revoked")
    no_js.reload()
    expect(no_js.get_by_role("heading", name="Revoked — not valid")).to_be_visible()
    j.check(no_js, "verified revoked without javascript")
