"""vCard 3.0 (RFC 2426) of an expert, with only the contact details the viewer may see.

Text values are escaped as RFC 6350 §3.4 says (backslash, comma, semicolon; CRLF, LF and a
bare CR become `\\n`), so no value can start a property of its own. Other line separators
some readers honour (VT, FF, NEL, U+2028/2029) are escaped the same way; other control
characters are dropped.
"""

from __future__ import annotations

import re

from app.experts import permissions
from app.experts.models import Expert
from app.reference import country_name

_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f]")


def _escape(value: str) -> str:
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return _LINE_BREAK.sub("\\\\n", _CONTROL.sub("", value))


def _fold(line: str) -> str:
    """Fold at 75 octets without splitting a UTF-8 character (RFC 2426 §2.6)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _structured_name(expert: Expert) -> str:
    """N: family;given;additional;prefix;suffix. Family names written in capitals
    ("NGUYEN Thi Lan", "KIM Minji") are recognised; otherwise the whole name is given."""
    words = expert.name.split()
    family = [w for w in words if len(w) > 1 and w.isupper()]
    given = [w for w in words if w not in family]
    if not family:
        family, given = [], words
    return ";".join(_escape(part) for part in (" ".join(family), " ".join(given), "",
                                               expert.honorific, ""))


def expert_vcard(expert: Expert, viewer, *, profile_url: str) -> str:
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "FN:" + _escape(expert.display_name),
        "N:" + _structured_name(expert),
    ]
    if expert.native_name and expert.native_name != expert.name:
        lines.append("NICKNAME:" + _escape(expert.native_name))
    if expert.organisation:
        lines.append("ORG:" + _escape(expert.organisation))
    if expert.position:
        lines.append("TITLE:" + _escape(expert.position))
    if expert.email and permissions.can_see_contact(viewer, expert, expert.email_visibility):
        lines.append("EMAIL;TYPE=INTERNET,WORK:" + _escape(expert.email))
    if expert.phone and permissions.can_see_contact(viewer, expert, expert.phone_visibility):
        lines.append("TEL;TYPE=WORK,VOICE:" + _escape(expert.phone))
    if expert.country and expert.country != "XX":
        lines.append("ADR;TYPE=WORK:;;;;;;" + _escape(country_name(expert.country)))
    if expert.areas:
        lines.append("CATEGORIES:" + ",".join(_escape(a.name) for a in expert.areas))
    if expert.languages:
        lines.append("X-AKMN-LANGUAGES:" + _escape(", ".join(expert.languages)))
    lines.append("URL:" + _escape(profile_url))
    lines.append(f"UID:akmn-expert-{expert.id}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def vcard_filename(expert: Expert) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", expert.name).strip("-").lower() or "expert"
    return f"{slug[:60]}.vcf"
