"""Hints name the real fix: a typed YAML scalar in a number field is not told to be text."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from landmine_news.checks.engine.validation import check_dataset

from .conftest import SOURCE, set_source, write_tiny

ART = "articles/tiny-article.yaml"


def _problems(root: Path, old: str, new: str):
    path = root / ART
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return check_dataset(root).report.errors


def test_a_date_in_a_number_field_is_not_told_the_field_holds_text(tiny: Path):
    [problem] = _problems(tiny, "    value: 5000", "    value: 2024-01-01")
    assert problem.code == "field-type" and problem.field == "figures[0].value"
    assert "holds text" not in (problem.hint or "")


def test_a_number_in_a_text_field_is_told_to_quote_it(tiny: Path):
    [problem] = _problems(tiny, "    verb: argue", "    verb: 2024-01-01")
    assert problem.code == "field-type" and problem.field == "quotes[1].verb"
    assert "Quote the value" in (problem.hint or "")


def _pasted_yaml(hint: str) -> list[str]:
    """The YAML a hint shows to paste: every backticked span that holds a `key: value` or a
    `- item` (other backticked spans are commands, file names or words)."""
    return [s for s in re.findall(r"`([^`]+)`", hint) if s.startswith("- ") or re.match(r"[a-z_]+: ", s)]


def test_every_hint_that_shows_yaml_to_paste_shows_valid_yaml(tiny: Path):
    import yaml

    from .test_problem_codes import CASES

    checked = 0
    for code, (mutate, *_) in sorted(CASES.items()):
        with tempfile.TemporaryDirectory() as tmp:
            root = write_tiny(Path(tmp) / "dataset")
            mutate(root)
            for problem in check_dataset(root).report.problems:
                for snippet in _pasted_yaml(problem.hint or ""):
                    assert isinstance(yaml.safe_load(snippet), dict | list), (code, snippet)
                    checked += 1
    assert checked >= 5
    # A cue that is a quotation mark: pasted as shown (its reason filled in), it reviews the cue.
    set_source(tiny, (SOURCE + 'He said: "No." And more.\n').encode("utf-8"))
    marks = [p for p in check_dataset(tiny).report.problems if p.code == "coverage-unreviewed" and "cue '\"'" in p.message]
    assert marks
    article = tiny / "articles" / "tiny-article.yaml"
    text = article.read_text(encoding="utf-8")
    pasted = "".join(f"  {_pasted_yaml(p.hint or '')[0].replace('<reason>', 'punctuation')}\n" for p in marks)
    article.write_text(text.replace("coverage_reviewed:\n", "coverage_reviewed:\n" + pasted, 1), encoding="utf-8")
    left = [p for p in check_dataset(tiny).report.problems if p.code == "coverage-unreviewed" and "cue '\"'" in p.message]
    assert left == [] and check_dataset(tiny).report.errors == []
