"""Stage 2, the checks: from files on disk to validated records and `Problem`s.

Rooms by concern, each with its own docstring: `reading` (files, YAML, positions),
`anchoring` (spans in the source), `coverage` (cues no record covers), `rules` (what a
record must be, alone and across the dataset), `report` (problems and their rendering)
and `engine` (the run: one path for `validate` and `build`, and the result cache).
Depends only on `models`. The names below load on first use, so importing one room does
not import the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_names as _lazy_names

if TYPE_CHECKING:  # pragma: no cover
    from .engine.validation import Checked, check_dataset, validate
    from .report.problems import CODES, Problem, Report

__all__ = ["CODES", "Checked", "Problem", "Report", "check_dataset", "validate"]

__getattr__, __dir__ = _lazy_names(
    globals(),
    {
        "CODES": "report.problems",
        "Problem": "report.problems",
        "Report": "report.problems",
        "Checked": "engine.validation",
        "check_dataset": "engine.validation",
        "validate": "engine.validation",
    },
)
