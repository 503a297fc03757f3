"""The checks every file of a course package goes through: text, keys, lists, numbered names.

Each helper appends PackageErrors (file and line) to the caller's list and returns what it
could read, so that one run reports every problem.
"""

from __future__ import annotations

from pathlib import Path

from app.courses.items import PackageError
from app.courses.packages.yamltext import YamlDoc
from app.reference import LANGUAGES

# Any text file of a package (YAML, lesson, GIFT), refused before it is read: a lesson at the
# limit in a 4-byte script, with its front matter.
TEXT_MAX_BYTES = 1024 * 1024


def visible(path: Path) -> bool:
    return not path.name.startswith(".") and path.name != "__MACOSX"


def read_text(path: Path, display: str) -> tuple[str | None, list[PackageError]]:
    """A UTF-8 text file with LF line endings (CRLF accepted and converted).

    Refused unread above TEXT_MAX_BYTES (a 60 MB lesson was served as a 58 MB page)."""
    if path.stat().st_size > TEXT_MAX_BYTES:
        return None, [PackageError(display, 0, "the file is larger than "
                                               f"{TEXT_MAX_BYTES // 1024} KB")]
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return None, [PackageError(display, line, "not UTF-8 text")]
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def text_value(doc: YamlDoc, key: str, file: str, errors: list, *, required: bool = False) -> str:
    value = doc.data.get(key)
    if value is None:
        if required:
            errors.append(PackageError(file, doc.line(key) if key in doc.key_lines else 1,
                                       f"'{key}' is missing"))
        return ""
    if not isinstance(value, str):
        errors.append(PackageError(file, doc.line(key),
                                   f"'{key}' must be text (put it in double quotes)"))
        return ""
    if required and not value.strip():
        errors.append(PackageError(file, doc.line(key), f"'{key}' is empty"))
    return value.strip()


def list_value(doc: YamlDoc, key: str, file: str, errors: list) -> list[str]:
    value = doc.data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(PackageError(file, doc.line(key), f"'{key}' must be a list like [a, b]"))
        return []
    result = []
    for index, entry in enumerate(value):
        if not isinstance(entry, str) or not entry.strip():
            errors.append(PackageError(file, doc.item_line(key, index),
                                       f"each entry of '{key}' must be text"))
        else:
            result.append(entry.strip())
    if len(set(result)) != len(result):
        errors.append(PackageError(file, doc.line(key), f"'{key}' lists an entry twice"))
    return result


def unknown_keys(doc: YamlDoc, allowed, file: str, errors: list, what: str) -> None:
    for key in doc.data:
        if key not in allowed:
            errors.append(PackageError(
                file, doc.line(key),
                f"unknown key '{key}' in {what} (allowed: {', '.join(allowed)})"))


def language_error(code: str) -> str:
    return f"unknown language '{code}' (use one of: {', '.join(LANGUAGES)})"


def numbered(entries, pattern, display: str, what: str, errors: list, suffix: str = ""):
    """Entries whose names match `pattern`, ordered by number; others are errors."""
    found, numbers, slugs = [], {}, {}
    for entry in entries:
        match = pattern.match(entry.name)
        if not match:
            errors.append(PackageError(
                f"{display}/{entry.name}", 0,
                f"not a {what} name (expected NN-slug{suffix} in lower case, e.g. "
                f"01-introduction{suffix})"))
            continue
        number = int(match.group(1))
        if number in numbers:
            errors.append(PackageError(f"{display}/{entry.name}", 0,
                                       f"number {match.group(1)} is also used by "
                                       f"{numbers[number]}"))
            continue
        if match.group(2) in slugs:
            errors.append(PackageError(f"{display}/{entry.name}", 0,
                                       f"the name '{match.group(2)}' is also used by "
                                       f"{slugs[match.group(2)]}"))
            continue
        numbers[number] = slugs[match.group(2)] = entry.name
        found.append((number, match.group(2), entry))
    return sorted(found, key=lambda t: t[0])
