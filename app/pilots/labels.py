"""Translated labels of the pilots domain's codes (sectors, statuses, visa categories…)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

SECTOR_LABELS = {
    "agriculture": _l("Agriculture"),
    "manufacturing": _l("Manufacturing"),
    "it": _l("Information technology"),
    "health": _l("Health"),
    "education": _l("Education"),
    "tourism": _l("Tourism"),
    "small-business": _l("Small business"),
    "public-administration": _l("Public administration"),
    "other": _l("Other"),
}
STATUS_LABELS = {
    "proposal": _l("Proposal"),
    "approved": _l("Approved"),
    "active": _l("Active"),
    "completed": _l("Completed"),
    "discontinued": _l("Discontinued"),
}
VISA_LABELS = {
    "E-9": _l("E-9 (employment permit, non-professional)"),
    "E-7": _l("E-7 (skilled and professional work)"),
    "F-6": _l("F-6 (marriage migrant)"),
    "D-2": _l("D-2 (student)"),
    "F-2": _l("F-2 (residence)"),
    "F-5": _l("F-5 (permanent residence)"),
    "other": _l("Other"),
}
ROLE_LABELS = {
    "lead": _l("Project lead"),
    "trainer": _l("Trainer or instructor"),
    "coordinator": _l("Coordinator"),
    "entrepreneur": _l("Entrepreneur"),
    "adviser": _l("Adviser"),
    "other": _l("Other role"),
}
PARTNER_TYPE_LABELS = {
    "government": _l("Government"),
    "academia": _l("University or research institute"),
    "training": _l("Vocational training centre"),
    "international": _l("International organisation"),
    "civil-society": _l("Civil society"),
    "private": _l("Private sector"),
    "other": _l("Other"),
}
CURRENCIES = ("USD", "KRW", "EUR", "BND", "KHR", "IDR", "LAK", "MYR", "MMK", "PHP", "SGD",
              "THB", "VND")


def label(labels: dict, code: str | None) -> str:
    return str(labels.get(code or "", code or ""))
