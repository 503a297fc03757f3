"""The portfolio across projects and its CSV exports."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from app.extensions import db
from app.pilots import records


def _rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_portfolio_by_country_sector_status(client, login_as, make_project,
                                            make_participant):
    organiser = login_as("organiser")
    welding = make_project("Welding", actor=organiser, budget=Decimal("85000"),
                           currency="USD", status="active")
    make_participant(welding)
    make_participant(welding, "Second", visa_category="E-9")
    farming = make_project("=Farming", actor=organiser, country="VN", sector="agriculture")
    make_participant(farming, "Third", country_of_origin="VN", visa_category="E-9")
    make_project("Tourism", actor=organiser, sector="tourism", status="completed")
    indicator = records.add_indicator(welding, {"name": "People trained", "unit": "people",
                                                "baseline": 0, "target": 40})
    records.add_value(indicator, measured_on=date(2025, 4, 30), value=10)
    db.session.commit()

    page = client.get("/pilots/portfolio").get_data(as_text=True)
    assert "3 projects" in page
    assert "3 participants" in page
    assert "85,000 USD" in page
    assert "Second" not in page

    rows = _rows(client.get("/pilots/portfolio.csv"))
    # By home country, then title; a title that looks like a formula is defused.
    assert [r["title"] for r in rows] == ["Tourism", "Welding", "'=Farming"]
    welding_row = next(r for r in rows if r["title"] == "Welding")
    assert welding_row["participants"] == "2"
    assert welding_row["budget"] == "85000.00"
    assert welding_row["status"] == "active"
    assert welding_row["country"] == "KH"

    by_country = {r["country"]: r for r in _rows(client.get("/pilots/portfolio.csv?by=country"))}
    assert by_country["KH"]["projects"] == "2"
    assert by_country["KH"]["participants"] == "2"
    assert by_country["KH"]["active_projects"] == "1"
    assert by_country["VN"]["projects"] == "1"
    by_status = [r["status"] for r in _rows(client.get("/pilots/portfolio.csv?by=status"))]
    assert by_status == ["proposal", "active", "completed"]
    by_sector = {r["sector"] for r in _rows(client.get("/pilots/portfolio.csv?by=sector"))}
    assert by_sector == {"manufacturing", "agriculture", "tourism"}

    filtered = _rows(client.get("/pilots/portfolio.csv?country=VN"))
    assert [r["title"] for r in filtered] == ["'=Farming"]

    indicators = _rows(client.get("/pilots/indicators.csv"))
    assert indicators == [{
        "project_id": str(welding.id), "project": "Welding", "country": "KH",
        "sector": "manufacturing", "indicator": "People trained", "unit": "people",
        "baseline": "0", "target": "40", "latest_value": "10", "latest_date": "2025-04-30",
        "progress_percent": "25"}]
