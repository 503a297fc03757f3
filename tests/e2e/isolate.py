"""Make the server processes import this checkout's `app` and nothing else.

An editable install (`pip install -e .`) of another checkout adds a finder that resolves
`app.<name>` to that checkout when the name is missing here (e.g. a domain not merged
into this branch yet), so `flask demo load` would run another tree's demo loader.
"""

from __future__ import annotations

import sys


def isolate() -> None:
    sys.meta_path[:] = [finder for finder in sys.meta_path
                        if not type(finder).__module__.startswith("__editable__")
                        and not getattr(finder, "__module__", "").startswith("__editable__")]
