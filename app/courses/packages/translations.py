"""The `translations:` blocks of course.yaml and module.yaml."""

from __future__ import annotations

from app.courses.items import PackageError
from app.courses.packages.fields import language_error
from app.courses.packages.model import TextTranslation
from app.courses.packages.yamltext import YamlDoc
from app.reference import LANGUAGES


def read_translations(doc: YamlDoc, file: str, errors: list, keys: tuple, languages: list[str],
                  what: str) -> dict[str, TextTranslation]:
    """The `translations:` mapping of course.yaml or module.yaml."""
    value = doc.data.get("translations")
    if value is None:
        return {}
    line = doc.line("translations")
    if not isinstance(value, dict):
        errors.append(PackageError(file, line, "'translations' holds one block per language "
                                               "(ko: {title: ..., summary: ...})"))
        return {}
    lines = _nested_lines(doc, file, "translations")
    found = {}
    for code, texts in value.items():
        at = lines.get((str(code),), line)
        if code not in LANGUAGES:
            errors.append(PackageError(file, at, language_error(str(code))))
            continue
        if code not in languages:
            errors.append(PackageError(file, at, f"'{code}' is not in the course's "
                                                 "'languages' (course.yaml)"))
            continue
        if not isinstance(texts, dict):
            errors.append(PackageError(file, at, f"'translations: {code}' holds 'key: value' "
                                                 f"lines ({', '.join(keys)})"))
            continue
        entry = TextTranslation()
        for key, text in texts.items():
            key_at = lines.get((str(code), str(key)), at)
            if key not in keys:
                errors.append(PackageError(file, key_at, f"unknown key '{key}' in the "
                                                         f"translations of {what} (allowed: "
                                                         f"{', '.join(keys)})"))
            elif not isinstance(text, str):
                errors.append(PackageError(file, key_at, f"'{key}' must be text (put it in "
                                                         "double quotes)"))
            else:
                setattr(entry, key, text.strip())
        found[str(code)] = entry
    return found


def _nested_lines(doc: YamlDoc, file: str, key: str) -> dict[tuple, int]:
    """Lines of the keys inside the top-level mapping `key`: {(lang,): n, (lang, k): n}."""
    import yaml

    try:
        node = yaml.compose(doc.text) if doc.text else None
    except yaml.YAMLError:
        return {}
    lines: dict[tuple, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) != key or not isinstance(value_node,
                                                                      yaml.MappingNode):
            continue
        for lang_node, texts_node in value_node.value:
            lang = str(lang_node.value)
            lines[(lang,)] = lang_node.start_mark.line + 1 + doc.line_offset
            if isinstance(texts_node, yaml.MappingNode):
                for k, _v in texts_node.value:
                    lines[(lang, str(k.value))] = k.start_mark.line + 1 + doc.line_offset
    return lines
