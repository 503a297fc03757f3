"""What reading a course package returns: the package, its modules, lessons and media."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.courses.items import ItemKind
from app.courses.packages.yamltext import YamlDoc


@dataclass
class TextTranslation:
    """Translated texts of course.yaml or module.yaml for one language."""

    title: str = ""
    summary: str = ""
    quiz_title: str = ""


@dataclass
class LessonFile:
    display: str
    number: int
    slug: str
    title: str
    minutes: int
    body: str
    # language → the translation (NN-slug.<lang>.md): title and body are translated
    translations: dict[str, LessonFile] = field(default_factory=dict)


@dataclass
class KindBlock:
    kind: ItemKind
    block: Any
    line: int


@dataclass
class ModuleDir:
    path: Path
    display: str
    number: int
    slug: str
    title: str
    summary: str
    lessons: list[LessonFile] = field(default_factory=list)
    blocks: list[KindBlock] = field(default_factory=list)
    translations: dict[str, TextTranslation] = field(default_factory=dict)


@dataclass
class MediaFile:
    path: Path
    display: str
    name: str


@dataclass
class CoursePackage:
    path: Path
    display: str
    doc: YamlDoc
    slug: str = ""
    title: str = ""
    summary: str = ""
    language: str = "en"
    level: str = "introductory"
    hours: float = 0
    topics: list[str] = field(default_factory=list)
    prerequisites: list[str] = field(default_factory=list)
    resource_persons: list[str] = field(default_factory=list)
    modules: list[ModuleDir] = field(default_factory=list)
    media: list[MediaFile] = field(default_factory=list)
    # The languages besides `language` (course.yaml's `languages:` after the source) and
    # their translated title and summary.
    translations: dict[str, TextTranslation] = field(default_factory=dict)

    @property
    def other_languages(self) -> list[str]:
        return list(self.translations)

    @property
    def course_yaml(self) -> str:
        return f"{self.display}/course.yaml"
