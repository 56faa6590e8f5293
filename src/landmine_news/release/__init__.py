"""Stage 3, the release: writing it (`writer` and the per-format modules), reading it
back (`reader`), verifying a download (`verification`), comparing it with a fresh build
(`freshness`), and exporting the schema contract (`schema_export`). Depends on `checks`
and `models`."""

from .reader import load
from .verification import verify
from .writer import BuildResult, build

__all__ = ["BuildResult", "build", "load", "verify"]
