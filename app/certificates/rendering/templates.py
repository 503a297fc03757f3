"""Certificate templates: one folder each, with template.html, style.css, metadata.yaml, assets.

``metadata.yaml`` says what organisers may edit in the browser:

    label: Classic
    description: One language, A4 landscape.
    bilingual: false          # true: the official's language beside English
    texts:                    # editable texts, with their defaults per language
      heading: {label: Heading, default: {en: Certificate of Completion}}
    signatories: {max: 3, default: [{name: ..., title: ...}]}
    logos: {max: 2, default: [emblem.svg]}

The HTML is rendered by a sandboxed Jinja environment with autoescaping: templates see only
the variables the renderer passes (see ``context.py``) and every value is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from app.yamlsafe import safe_load

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "templates_pdf"
# What every template may use besides its own folder: `@import url("akmn-shared:base.css")` in
# style.css (the fetcher serves this folder's files) and `{% include "_shared/footer.html" %}`.
SHARED_DIR = BUILTIN_DIR / "_shared"
REQUIRED_FILES = ("template.html", "style.css", "metadata.yaml")


class TemplateError(Exception):
    """A template folder is missing, incomplete or broken."""


@dataclass(frozen=True)
class TextField:
    key: str
    label: str
    defaults: dict[str, str]
    multiline: bool = False

    def default(self, language: str) -> str:
        return self.defaults.get(language, "")


@dataclass(frozen=True)
class TemplateSpec:
    name: str
    path: Path
    label: str
    description: str
    bilingual: bool
    texts: tuple[TextField, ...]
    max_signatories: int
    default_signatories: tuple[dict, ...]
    max_logos: int
    default_logos: tuple[str, ...]
    languages: tuple[str, ...] = field(default=())

    @property
    def css_path(self) -> Path:
        return self.path / "style.css"

    def text_defaults(self, language: str) -> dict[str, str]:
        return {t.key: t.default(language) for t in self.texts}

    def environment(self) -> SandboxedEnvironment:
        return _environment(self.path)


@cache
def _environment(path: Path) -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(str(path)),
                             PrefixLoader({SHARED_DIR.name: FileSystemLoader(str(SHARED_DIR))})]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def template_dirs(extra: str | None = None) -> list[Path]:
    dirs = [BUILTIN_DIR]
    if extra:
        dirs.append(Path(extra))
    return dirs


def discover(extra: str | None = None) -> dict[str, TemplateSpec]:
    """Every valid template folder by name (built-in first; extra folders may add more)."""
    found: dict[str, TemplateSpec] = {}
    for base in template_dirs(extra):
        if not base.is_dir():
            continue
        for path in sorted(base.iterdir()):
            if path.is_dir() and all((path / f).is_file() for f in REQUIRED_FILES):
                found.setdefault(path.name, load_spec(path))
    return found


def load_spec(path: Path) -> TemplateSpec:
    return _load_spec(path.resolve(), (path / "metadata.yaml").stat().st_mtime_ns)


@cache
def _load_spec(path: Path, _mtime: int) -> TemplateSpec:
    try:
        meta = safe_load((path / "metadata.yaml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise TemplateError(f"{path / 'metadata.yaml'}: {exc}") from exc
    if not isinstance(meta, dict):
        raise TemplateError(f"{path / 'metadata.yaml'}: expected a mapping")
    texts = []
    for key, spec in (meta.get("texts") or {}).items():
        spec = spec or {}
        defaults = {str(k): str(v) for k, v in (spec.get("default") or {}).items()}
        texts.append(TextField(key=str(key), label=str(spec.get("label", key)),
                               defaults=defaults, multiline=bool(spec.get("multiline"))))
    signatories = meta.get("signatories") or {}
    logos = meta.get("logos") or {}
    languages = sorted({lang for t in texts for lang in t.defaults})
    return TemplateSpec(
        name=path.name,
        path=path,
        label=str(meta.get("label", path.name)),
        description=str(meta.get("description", "")),
        bilingual=bool(meta.get("bilingual", False)),
        texts=tuple(texts),
        max_signatories=int(signatories.get("max", 3)),
        default_signatories=tuple(dict(s) for s in signatories.get("default") or ()),
        max_logos=int(logos.get("max", 2)),
        default_logos=tuple(str(x) for x in logos.get("default") or ()),
        languages=tuple(languages),
    )
