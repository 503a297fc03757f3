"""Module items are of several kinds (lessons, quizzes…): a registry of classes, like
CTFd's challenge types.

The courses domain owns the outline and the course packages and is generic over item
kinds. Each kind is a subclass of :class:`ItemKind`, registered with
:func:`register_item_kind`; it says how a learner reaches an item, how completion is read
(one query for a whole page), which authoring links it offers and — for kinds stored in
course packages beside the module, under their own key of ``module.yaml`` (a module's
``quiz:``) — how that block is checked, loaded and dumped. Code outside the kinds asks the
registry (``ITEM_KINDS[item.kind].url(item)``) and never compares kind names.

Example::

    class NoteKind(ItemKind):
        name, label = "note", _l("Note")

        def url(self, item):
            return url_for("notes.view", item_id=item.id)

        def completed(self, user, items):
            return set()

    register_item_kind(NoteKind)   # in the domain's kinds.register(), at blueprint import

A kind stored in course packages subclasses :class:`PackagedItemKind` instead and must also
implement ``load_package`` and ``dump_package`` (Python refuses to instantiate a kind that
lacks a required method).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from flask_babel import gettext as _


@dataclass(frozen=True)
class PackageError:
    """A problem in a course package: the file, the line (1-based; 0 if unknown), what."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else \
            f"{self.file}: {self.message}"


class ItemKind(ABC):
    """One kind of module item. Subclasses set `name` and `label` and implement `url` and
    `completed`; the rest has defaults."""

    name: ClassVar[str]  # stored in ModuleItem.kind
    label: ClassVar[Any]  # lazy translated label, e.g. _l("Lesson")
    # Key in module.yaml for kinds stored beside the module (None: not in packages, or, for
    # lessons, their own .md files); set by PackagedItemKind subclasses.
    package_key: ClassVar[str | None] = None

    @abstractmethod
    def url(self, item) -> str:
        """The learner-facing URL of an item."""

    @abstractmethod
    def completed(self, user, items: list) -> set[int]:
        """Ids of the `items` (all of this kind) that `user` has completed, in one query."""

    def minutes(self, item) -> int:
        """The time the outline shows next to an item (0: nothing shown)."""
        return 0

    # Authoring: the links on the course's outline page (None: no such link).
    def add_label(self) -> str:
        return _("Add: %(kind)s", kind=self.label)

    def create_url(self, module) -> str | None:
        return None

    def edit_url(self, item) -> str | None:
        return None

    def delete_url(self, item) -> str | None:
        return None

    def translation_counts(self, items: list, language: str) -> TranslationCounts | None:
        """How much of the `items` (all of this kind) is translated into `language`, in a
        constant number of queries (None: this kind has nothing to translate)."""
        return None


class PackagedItemKind(ItemKind):
    """A kind stored in course packages beside the module, under `package_key` in
    module.yaml (a module's `quiz:`): it checks, loads and dumps that block."""

    package_key: ClassVar[str]

    def check_package(self, module_dir: Path, block: Any, path: str, line: int
                      ) -> list[PackageError]:
        """Problems of the kind's block in module.yaml (path and line of the key)."""
        return []

    @abstractmethod
    def load_package(self, item, module_dir: Path, block: Any) -> None:
        """Create or update the kind's row for `item` from its block."""

    @abstractmethod
    def dump_package(self, item, module_dir: Path) -> Any:
        """The block for module.yaml (writing any files it refers to into module_dir)."""

    # Language versions (courses/README.md, "Translations"): `language` is the course's
    # source language, `languages` the others it is offered in.
    def check_translations(self, module_dir: Path, block: Any, path: str, language: str,
                           languages: list[str]) -> list[PackageError]:
        """Problems of the kind's translation files beside its block."""
        return []

    def load_translations(self, item, module_dir: Path, block: Any,
                          languages: list[str]) -> None:
        """Store the translations of the item (after load_package)."""

    def dump_translations(self, item, module_dir: Path, languages: list[str]) -> None:
        """Write the item's translation files into module_dir (after dump_package)."""


TRANSLATED, NEEDS_UPDATE, MISSING = "translated", "needs_update", "missing"


@dataclass
class TranslationRow:
    """One lesson or question and the state of its translation (with the editor's URL)."""

    title: str
    state: str  # TRANSLATED | NEEDS_UPDATE | MISSING
    url: str | None = None


@dataclass
class TranslationCounts:
    """A part of a course in one language: up to date, needing an update, missing."""

    label: Any
    translated: int = 0
    needs_update: int = 0
    missing: int = 0
    rows: list[TranslationRow] = field(default_factory=list)

    def add(self, title: str, state: str, url: str | None = None) -> None:
        setattr(self, state, getattr(self, state) + 1)
        self.rows.append(TranslationRow(title, state, url))

    @property
    def total(self) -> int:
        return self.translated + self.needs_update + self.missing


ITEM_KINDS: dict[str, ItemKind] = {}


def register_item_kind(cls: type[ItemKind]) -> type[ItemKind]:
    """Register (one instance of) an item kind under its name."""
    ITEM_KINDS[cls.name] = cls()
    return cls


def package_kinds() -> dict[str, PackagedItemKind]:
    """The kinds stored in module.yaml, by their key there."""
    return {kind.package_key: kind for kind in ITEM_KINDS.values()
            if isinstance(kind, PackagedItemKind)}
