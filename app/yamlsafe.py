"""YAML as the platform reads it: the safe loader without anchors and aliases.

An alias repeats a node by reference, so a few hundred bytes of ``&a [*b, *b, ...]`` expand to
gigabytes once built or printed (the "billion laughs"): a 559-byte course package kept a worker
busy 25 s at 4.96 GB. No file the platform reads needs them, so they are refused while parsing,
before any node is built, with the line of the first one.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError

ALIAS_PROBLEM = "anchors and aliases (& and *) are not allowed"


class StrictSafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that raises a marked error on the first anchor or alias."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ComposerError(None, None, ALIAS_PROBLEM, event.start_mark)
        return super().compose_node(parent, index)


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` without anchors and aliases."""
    loader = StrictSafeLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
