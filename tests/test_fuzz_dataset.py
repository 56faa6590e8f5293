"""In-process fuzzing of the real dataset: line-level edits a careless contributor makes.

Whatever the edit, validation never raises, every problem is located inside the file it
names, and whenever validation says valid, the built release holds exactly the records
the files hold (counted from their `id:` lines, independently of any YAML reader), so no
edit can make a record vanish silently.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pyarrow.parquet as pq
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from landmine_news.checks.engine.validation import check_dataset
from landmine_news.release.writer import build

from .conftest import DATASET, needs_sources
from .profiles import scaled

pytestmark = needs_sources

RECORD_FILES = sorted(p.relative_to(DATASET).as_posix() for p in DATASET.glob("a*/*.yaml"))
FUZZ = settings(max_examples=scaled(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
_ID_LINE = re.compile(r"^(?:id|\s*-\s+id):\s*['\"]?([a-z0-9-]+)['\"]?\s*$", re.MULTILINE)

LINE_EDITS = ("delete", "delete-key-line", "duplicate", "swap", "indent", "dedent", "blank-out-value", "truncate", "insert-junk")
_KEY_LINE = re.compile(r"^\s*[a-z_]+:\s*(?:[|>]-?)?\s*$")
JUNK = ["- id: extra-record", "quotes:", "  - x", ": ", "#", "~", "'", '"', "|", ">", "\t", "null", "- ", "[", "{"]


@st.composite
def line_edit(draw: st.DrawFn) -> tuple[str, str]:
    rel = draw(st.sampled_from(RECORD_FILES))
    lines = (DATASET / rel).read_text(encoding="utf-8").split("\n")
    edit = draw(st.sampled_from(LINE_EDITS))
    i = draw(st.integers(0, len(lines) - 1))
    if edit == "delete":
        del lines[i]
    elif edit == "delete-key-line":
        # A line that opens a block (`quotes:`, `notes: >`): the edits most likely to fold
        # records into something else.
        keys = [k for k, line in enumerate(lines) if _KEY_LINE.match(line)] or [i]
        del lines[draw(st.sampled_from(keys))]
    elif edit == "duplicate":
        lines.insert(i, lines[i])
    elif edit == "swap":
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif edit == "indent":
        lines[i] = "  " + lines[i]
    elif edit == "dedent":
        lines[i] = lines[i][2:] if lines[i].startswith("  ") else lines[i]
    elif edit == "blank-out-value":
        lines[i] = lines[i].split(":", 1)[0] + ":" if ":" in lines[i] else lines[i]
    elif edit == "truncate":
        lines = lines[:i]
    else:
        lines.insert(i, " " * draw(st.sampled_from([0, 2, 4, 6])) + draw(st.sampled_from(JUNK)))
    return rel, "\n".join(lines)


def ids_in_files(root: Path) -> dict[str, set[str]]:
    """Record ids per kind, read from the text's `id:` lines alone."""
    found: dict[str, set[str]] = {"articles": set(), "quotes": set(), "figures": set(), "actors": set()}
    for path in (root / "actors").glob("*.yaml"):
        found["actors"] |= set(_ID_LINE.findall(path.read_text(encoding="utf-8")))
    for path in (root / "articles").glob("*.yaml"):
        for rid in _ID_LINE.findall(path.read_text(encoding="utf-8")):
            kind = "quotes" if re.search(r"-q\d+$", rid) else "figures" if re.search(r"-f\d+$", rid) else "articles"
            found[kind].add(rid)
    return found


SCRUTINY = "articles/biden-landmine-policy-scrutiny-2024-11-20.yaml"


def _without_line(rel: str, line: str) -> tuple[str, str]:
    text = (DATASET / rel).read_text(encoding="utf-8")
    assert f"\n{line}\n" in text
    return rel, text.replace(f"\n{line}\n", "\n", 1)


@FUZZ
@given(line_edit())
@example(_without_line(SCRUTINY, "quotes:"))  # the audit's case: quotes folded into `notes: >`
@example(_without_line(SCRUTINY, "figures:"))
def test_a_line_edit_never_loses_a_record_silently(edit: tuple[str, str]) -> None:
    rel, text = edit
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "dataset"
        shutil.copytree(DATASET, root)
        (root / rel).write_text(text, encoding="utf-8")
        report = check_dataset(root, keep="none").report
        for p in report.problems:
            assert p.file, p
            if p.line is not None:
                shown = Path(p.file)
                n_lines = shown.read_text(encoding="utf-8", errors="replace").count("\n") + 1 if shown.is_file() else 1
                assert 1 <= p.line <= n_lines, (p, n_lines)
        if not report.ok:
            return
        out = Path(tmp) / "release"
        assert build(root, out).report.ok
        released = {
            t: set(pq.read_table(out / f"{t}.parquet", columns=["id"]).column("id").to_pylist()) for t in ids_in_files(root)
        }
        assert released == ids_in_files(root), rel
