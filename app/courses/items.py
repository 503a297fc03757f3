"""Module items are of several kinds (lessons, quizzes…): a registry, like CTFd's types.

The courses domain owns the outline and the course packages and is generic over item kinds;
each kind registers how a learner reaches an item and how completion is read, and (for
kinds that live in course packages next to the module, like a module's quiz) how it is
checked, loaded and dumped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class PackageError:
    """A problem in a course package: the file, the line (1-based; 0 if unknown), what."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else \
            f"{self.file}: {self.message}"


@dataclass
class PackageHooks:
    """How a kind appears in module.yaml under its own key (e.g. `quiz:`)."""

    # (module_dir, block from module.yaml, path of module.yaml, line of the key) -> errors
    check: Callable[[Path, Any, str, int], list[PackageError]]
    # (module item to fill, module_dir, block) -> None; creates or updates the kind's row
    load: Callable[[Any, Path, Any], None]
    # (module item, module_dir to write files into) -> block for module.yaml
    dump: Callable[[Any, Path], Any]


@dataclass
class ItemKind:
    name: str  # stored in ModuleItem.kind
    label: Any  # lazy translated label, e.g. _l("Lesson")
    # learner-facing URL of an item
    url: Callable[[Any], str]
    # (user, items of this kind) -> ids of the items the user has completed (one query)
    completed: Callable[[Any, list[Any]], set[int]]
    # key in module.yaml for kinds that are stored beside the module (None for lessons,
    # which are their own .md files)
    package_key: str | None = None
    package: PackageHooks | None = None
    extra: dict = field(default_factory=dict)


ITEM_KINDS: dict[str, ItemKind] = {}


def register_item_kind(kind: ItemKind) -> None:
    ITEM_KINDS[kind.name] = kind
