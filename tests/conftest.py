"""Shared fixtures: the repository paths and a tiny, complete, valid dataset to break."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATASET = Path(os.environ.get("LANDMINE_NEWS_TEST_DATASET") or ROOT / "dataset")
"""The dataset the real-dataset tests check: the repository's, or (for the contribution test,
`test_contributions.py`) a copy with an article the project has never seen."""
BUILD = Path(os.environ.get("LANDMINE_NEWS_TEST_BUILD") or ROOT / "build")
"""The release built from `DATASET`, committed beside it."""

HAVE_SOURCES = any((DATASET / "sources").glob("*.txt"))
needs_sources = pytest.mark.skipif(
    not HAVE_SOURCES, reason="the publishers' source texts are not in this copy (the sdist does not redistribute them)"
)
"""For tests of the real dataset, which cannot validate without its source texts."""

SOURCE = (
    "Officials announce a “new” policy.\n\n"
    "A spokesperson said, We will act. Critics argue that the plan is unsafe.\n"
    "Over 5,000 square miles need clearing. Over 5,000 square miles is a lot.\n"
    "Published 20 November 2024\n"
)

ARTICLE = """\
id: tiny-article
title: "A tiny article"
published_date: 2024-11-20
language: en
source_file: tiny.txt
sha256: {sha}
coverage_reviewed:
  - "Officials announce a “new” policy. | narration of the fixture"
  - "A spokesperson | the speaker of tiny-q1"
  - "Over 5,000 square miles is a lot. | repeats the figure tiny-f1"
  - "Published 20 November 2024 | the dateline, recorded in published_date"
mentions:
  - tiny-state
quotes:
  - id: tiny-q1
    speaker: tiny-spokesperson
    text: "We will act."
    kind: direct
    verb: said
    attribution: explicit
  - id: tiny-q2
    speaker: tiny-critics
    text: "the plan is unsafe"
    kind: indirect
    verb: argue
    attribution: explicit
    stance: opposes
figures:
  - id: tiny-f1
    mention: "Over 5,000 square miles"
    measures: area needing clearance
    value: 5000
    low: 5000
    low_inclusive: false
    point: 5000
    unit: square_mile
    qualifier: more_than
    occurrence: 1
"""

ACTORS = {
    "tiny-spokesperson": "id: tiny-spokesperson\nname: A spokesperson\nkind: anonymous\nmember_of:\n  - tiny-state\nmember_of_basis: A spokesperson of Tinyland, as the page says\n",
    "tiny-critics": "id: tiny-critics\nname: Critics\nkind: group\n",
    "tiny-state": "id: tiny-state\nname: Tinyland\nkind: state\naliases:\n  - TL\n",
}


def write_tiny(root: Path) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "actors").mkdir()
    (root / "sources").mkdir()
    data = SOURCE.encode("utf-8")
    (root / "sources" / "tiny.txt").write_bytes(data)
    (root / "articles" / "tiny-article.yaml").write_text(ARTICLE.format(sha=hashlib.sha256(data).hexdigest()), encoding="utf-8")
    for name, text in ACTORS.items():
        (root / "actors" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


def set_source(root: Path, data: bytes) -> None:
    """Give the tiny dataset's source new bytes and record their hash, as a curator would."""
    (root / "sources" / "tiny.txt").write_bytes(data)
    art = root / "articles" / "tiny-article.yaml"
    text = art.read_text(encoding="utf-8")
    old = text.split("sha256: ")[1].split("\n")[0]
    art.write_text(text.replace(old, hashlib.sha256(data).hexdigest()), encoding="utf-8")


def run_cli(*args: str, timeout: int = 60, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m landmine_news ARGS` in a fresh interpreter on this checkout's code, with extra
    environment variables; for what only a real process shows (exit codes, encodings, tracebacks)."""
    return subprocess.run(
        [sys.executable, "-m", "landmine_news", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **env},
        timeout=timeout,
    )


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own result cache, outside its tmp_path and never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("LANDMINE_NEWS_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A minimal valid dataset folder in a temporary directory."""
    return write_tiny(tmp_path / "dataset")


@pytest.fixture
def real_copy(tmp_path: Path) -> Path:
    """A copy of the shipped dataset that a test may break."""
    dst = tmp_path / "dataset"
    shutil.copytree(DATASET, dst)
    return dst


# Quick by default, thorough with HYPOTHESIS_PROFILE=thorough; derandomized on CI (`profiles`).
from .profiles import load as _load_profile  # noqa: E402

_load_profile()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """When tests failed, say whether the committed release is stale, and the one command that
    refreshes it: a contributor who edited the dataset and did not rebuild sees why at once."""
    if not terminalreporter.stats.get("failed") or not HAVE_SOURCES:
        return
    from landmine_news.release.freshness import REBUILD, check_fresh

    try:
        result, diffs = check_fresh(DATASET, BUILD, workers=1, cache=False)
    except Exception as exc:  # the summary must not hide the failures it follows
        terminalreporter.write_line(f"(could not compare {BUILD} with a fresh build: {exc})")
        return
    if result.report.ok and diffs:
        terminalreporter.write_sep("=", f"{BUILD} is stale: {REBUILD}", yellow=True, bold=True)
        for line in diffs[:10]:
            terminalreporter.write_line(f"  {line}")
