"""landmine-news: schema, validation and releases of the landmine-news dataset.

>>> import landmine_news as ln
>>> ds = ln.load()            # the release shipped with the package, offline
>>> ds.quotes[0].speaker

The four record models are importable directly; heavier parts (validation, build,
release reading) load on first use so `import landmine_news` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .actor import Actor
from .article import Article
from .figure import Figure
from .quote import Quote
from .version import SCHEMA_VERSION, __version__

if TYPE_CHECKING:  # pragma: no cover
    from .dataset import Dataset
    from .problem import Problem, Report
    from .release import load
    from .builder import build
    from .verification import verify
    from .validation import validate

_LAZY = {
    "Dataset": "dataset",
    "Problem": "problem",
    "Report": "problem",
    "load": "release",
    "validate": "validation",
    "build": "builder",
    "verify": "verification",
}

__all__ = [
    "SCHEMA_VERSION",
    "Actor",
    "Article",
    "Dataset",
    "Figure",
    "Problem",
    "Quote",
    "Report",
    "__version__",
    "build",
    "load",
    "validate",
    "verify",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'landmine_news' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
