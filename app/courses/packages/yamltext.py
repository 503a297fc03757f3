"""YAML in course packages: reading with line numbers, writing in one stable layout."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field
from typing import Any

import yaml

from app.courses.items import PackageError
from app.yamlsafe import StrictSafeLoader, safe_load


@dataclass
class YamlDoc:
    """A parsed YAML mapping with the line (1-based) of each top-level key and value."""

    data: dict = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)
    text: str = ""  # the YAML text (to find the lines of nested keys)
    line_offset: int = 0

    def line(self, key: str) -> int:
        return self.key_lines.get(key, 1)

    def item_line(self, key: str, index: int) -> int:
        lines = self.item_lines.get(key) or []
        return lines[index] if index < len(lines) else self.line(key)


def load_mapping(text: str, file: str, line_offset: int = 0
                 ) -> tuple[YamlDoc | None, list[PackageError]]:
    """Parse YAML text that must be a mapping; errors name `file` and the line.

    Anchors and aliases are refused while parsing (:mod:`app.yamlsafe`), before anything is
    built or printed: ``str(key_node)`` of an aliased key was a 4.96 GB string."""
    loader = StrictSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(), []
        if not isinstance(node, yaml.MappingNode):
            return None, [PackageError(file, node.start_mark.line + 1 + line_offset,
                                       "expected 'key: value' lines")]
        doc = YamlDoc()
        errors = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                errors.append(PackageError(file, key_node.start_mark.line + 1 + line_offset,
                                           "a key must be a plain name"))
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1 + line_offset
            if key in doc.key_lines:
                errors.append(PackageError(file, line, f"'{key}' is given twice"))
            doc.key_lines[key] = line
            if isinstance(value_node, yaml.SequenceNode):
                doc.item_lines[key] = [n.start_mark.line + 1 + line_offset
                                       for n in value_node.value]
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        problem = exc.problem or exc.context or "invalid YAML"
        return None, [PackageError(file, line, f"invalid YAML: {problem}")]
    except yaml.YAMLError as exc:
        return None, [PackageError(file, 1 + line_offset, f"invalid YAML: {exc}")]
    finally:
        loader.dispose()
    doc.data = {str(k): v for k, v in data.items()}
    doc.text, doc.line_offset = text, line_offset
    return doc, errors


# Writing ----------------------------------------------------------------------------------

def _parses_to(text: str, key: str, value: Any) -> bool:
    try:
        return safe_load(text) == {key: value}
    except yaml.YAMLError:
        return False


def quoted(value: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax, which YAML reads the same)."""
    text = json.dumps(value, ensure_ascii=False)
    return text if _parses_to(f"k: {text}\n", "k", value) else json.dumps(value)


def string_line(key: str, value: str) -> str:
    return f"{key}: {quoted(value)}\n"


def folded(key: str, value: str, width: int = 88) -> str:
    """A text on one quoted line if it fits, else as a folded block (`>-`) when that reads
    back identically, else quoted."""
    line = string_line(key, value)
    if len(line) <= width + 1:
        return line
    if value:
        lines = textwrap.wrap(value, width=width - 2, break_long_words=False,
                              break_on_hyphens=False)
        text = f"{key}: >-\n" + "".join(f"  {line}\n" for line in lines)
        if _parses_to(text, key, value):
            return text
    return string_line(key, value)


def plain_list(key: str, values: list[str]) -> str:
    """A flow list of slugs: `key: [a, b]`."""
    text = f"{key}: [{', '.join(values)}]\n"
    if _parses_to(text, key, values):
        return text
    return f"{key}: [{', '.join(quoted(v) for v in values)}]\n"


def quoted_list(key: str, values: list[str]) -> str:
    return f"{key}: [{', '.join(quoted(v) for v in values)}]\n"


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def block(key: str, value: Any) -> str:
    """Any YAML value under `key` (used for item kinds' blocks in module.yaml)."""
    return yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True,
                          default_flow_style=False, width=100)
