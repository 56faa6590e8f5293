"""The library's own exceptions, for what stops an operation as a whole (bad records are
returned as `Problem` data). The CLI exits 1 on a `DataError`, 2 on a `UsageError`; several
also derive from the built-in exception callers caught before, so `except ValueError` works.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .checks.report.problems import Problem, Report


class LandmineNewsError(Exception):
    """Root of every exception landmine-news raises on purpose."""


class UsageError(LandmineNewsError):
    """The request cannot be carried out as asked: a wrong path, option or argument."""


class DataError(LandmineNewsError):
    """The dataset or release the request names is invalid, damaged or unusable."""


class DatasetNotFound(UsageError, FileNotFoundError):
    """The folder given is not a dataset folder."""


class ReleaseNotFound(UsageError, FileNotFoundError):
    """The folder given is not a release folder (no `datapackage.json`)."""


class OutputRefused(UsageError):
    """A build target that must not be replaced: a file, a folder of other things, the dataset."""


class UnknownFolder(UsageError, ValueError):
    """A folder that is neither a release nor a dataset folder."""


class NotAFolder(UsageError, NotADirectoryError):
    """A path that must be a folder is missing or is not one."""


class FolderNotFound(DatasetNotFound, ReleaseNotFound, NotAFolder):
    """A folder given to `load`, `verify` or `validate` is missing or is not a folder: caught as
    any of its bases, whichever was called."""


class UnknownFormat(UsageError, ValueError):
    """An output or input format name that is not one of the supported ones."""


class UnknownId(UsageError, KeyError):
    """An id (or name) that no record of the table has; the message names the closest ones."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else ""


class InvalidDataset(DataError, ValueError):
    """A working dataset folder that does not validate; `report` holds every problem."""

    def __init__(self, message: str, report: Report) -> None:
        super().__init__(message)
        self.report = report


class ReleaseError(DataError, ValueError):
    """A release folder whose files cannot be read as valid records of this schema."""


class ReleaseInvalid(ReleaseError):
    """A release that fails its checks, as `load` raises it; `problems` holds every problem found."""

    MAX_LISTED = 20
    """Problems the message lists; the rest are counted."""

    def __init__(self, folder: object, problems: Sequence[Problem]) -> None:
        self.folder = folder
        self.problems: list[Problem] = list(problems)
        """Every problem found, each with its stable code, release file and place."""
        listed = [f"  {_where(p)}: error[{p.code}] {p.message}" for p in self.problems[: self.MAX_LISTED]]
        if len(self.problems) > self.MAX_LISTED:
            listed.append(f"  ... and {len(self.problems) - self.MAX_LISTED} more")
        n = len(self.problems)
        super().__init__(f"{folder} is not a valid release ({n} problem{'s' * (n != 1)}):\n" + "\n".join(listed))

    def __reduce__(self) -> tuple[type[ReleaseInvalid], tuple[object, list[Problem]]]:
        return type(self), (self.folder, self.problems)


def _where(p: Problem) -> str:
    return (p.file or "<release>") + (f":{p.line}" if p.line is not None else "")


class ScaffoldError(DataError, ValueError):
    """A scaffolding request refused: it would overwrite, or its anchor does not hold."""


class SchemaError(DataError, ValueError):
    """The committed schema contract is stale, or a released schema version would change."""


__all__ = [
    "DataError",
    "DatasetNotFound",
    "FolderNotFound",
    "InvalidDataset",
    "LandmineNewsError",
    "NotAFolder",
    "OutputRefused",
    "ReleaseError",
    "ReleaseInvalid",
    "ReleaseNotFound",
    "ScaffoldError",
    "SchemaError",
    "UnknownFolder",
    "UnknownFormat",
    "UnknownId",
    "UsageError",
]
