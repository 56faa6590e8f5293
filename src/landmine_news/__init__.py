"""landmine-news: schema, validation and releases of the landmine-news dataset.

>>> import landmine_news as ln
>>> ds = ln.load()            # the release shipped with the package, offline
>>> ds.quotes[0].speaker

Names load on first use, so `import landmine_news` stays cheap. The stages depend one way:
models <- checks <- release <- tools <- cli (docs/architecture.md).
"""

from __future__ import annotations

import typing as _typing

from .errors import LandmineNewsError
from .lazy import lazy_names as _lazy_names
from .version import SCHEMA_VERSION, __version__

if _typing.TYPE_CHECKING:  # pragma: no cover
    from .checks.engine.validation import validate
    from .checks.report.problems import Problem, Report
    from .models.actor import Actor
    from .models.article import Article
    from .models.dataset import Dataset
    from .models.figure import Figure
    from .models.quote import Quote
    from .release.citation import citation
    from .release.reader import load
    from .release.verification import verify
    from .release.writer import build

_LAZY = {
    "Actor": "models.actor",
    "Article": "models.article",
    "Figure": "models.figure",
    "Quote": "models.quote",
    "Dataset": "models.dataset",
    "Problem": "checks.report.problems",
    "Report": "checks.report.problems",
    "load": "release.reader",
    "citation": "release.citation",
    "validate": "checks.engine.validation",
    "build": "release.writer",
    "verify": "release.verification",
}

__all__ = [
    "SCHEMA_VERSION",
    "Actor",
    "Article",
    "Dataset",
    "Figure",
    "LandmineNewsError",
    "Problem",
    "Quote",
    "Report",
    "__version__",
    "build",
    "citation",
    "load",
    "validate",
    "verify",
]

__getattr__, __dir__ = _lazy_names(globals(), _LAZY)
