"""A dataset's own rows of the figure rule table (`dataset/figure_rules.toml`): a new wording
without touching package code, checked row by row with file and line, rendered in the
release's codebook and recorded in the release (`figure_rules.json`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landmine_news.checks.engine.validation import validate
from landmine_news.checks.rules.rule_rows import rule_row_problems
from landmine_news.models.figure_rules import effective_table, match, table
from landmine_news.release.writer import build

from .conftest import SOURCE, set_source
from .profiles import scaled

ROW = """\
# The contributor's new wording.

[[row]]
id = "within-n-years"
wordings = ["within N years", "in N years"]
match = '^(?:within|in) N years\\b'
qualifier = "at_most"
unit = "year"
value = "n"
high = "n"
high_inclusive = true
point = "n"
note = "A deadline: at most N years."
examples = ["within 10 years", "in 3 years"]
"""

FIGURE = """\
  - id: tiny-f2
    mention: "within 10 years"
    measures: time to clear the area
    value: 10
    high: 10
    high_inclusive: true
    point: 10
    unit: year
    qualifier: at_most
"""


def _with_new_wording(root: Path) -> None:
    """The tiny dataset with a sentence whose figure only the dataset's row codes."""
    set_source(root, SOURCE.replace("need clearing.", "need clearing within 10 years.", 1).encode("utf-8"))
    article = root / "articles" / "tiny-article.yaml"
    article.write_text(article.read_text(encoding="utf-8") + FIGURE, encoding="utf-8")


def test_the_wording_is_new_to_the_released_table():
    assert match("within 10 years") is None and match("in 3 years") is None
    assert effective_table(ROW).match("within 10 years") is not None


def test_a_dataset_row_lets_a_new_wording_validate_and_build(tiny: Path, tmp_path: Path):
    _with_new_wording(tiny)
    [unknown] = validate(tiny).problems
    assert unknown.code == "figure-wording-unknown" and unknown.field == "figures[1].mention"
    assert "dataset/figure_rules.toml" in (unknown.hint or "")
    (tiny / "figure_rules.toml").write_text(ROW, encoding="utf-8")
    assert validate(tiny).problems == []
    out = tmp_path / "release"
    assert build(tiny, out).report.ok
    recorded = json.loads((out / "figure_rules.json").read_text(encoding="utf-8"))
    rows = recorded["rows"]
    assert [r["id"] for r in rows] == [r.id for r in table()[0]] + ["within-n-years"]
    assert {r["origin"] for r in rows[:-1]} == {"package"}
    assert rows[-1] == {
        "id": "within-n-years",
        "origin": "dataset",
        "wordings": ["within N years", "in N years"],
        "match": "^(?:within|in) N years\\b",
        "coding": {"qualifier": "at_most", "value": "n", "high": "n", "high_inclusive": True, "point": "n"},
        "unit": "year",
        "note": "A deadline: at most N years.",
        "examples": ["within 10 years", "in 3 years"],
    }
    assert "  figure_rules.json\n" in (out / "SHA256SUMS").read_text(encoding="utf-8")
    codebook = (out / "codebook.md").read_text(encoding="utf-8")
    assert "| `within-n-years` (added by the dataset) |" in codebook
    # A second build of the same inputs writes the same bytes: the release is left as it is.
    assert build(tiny, out).unchanged


def test_a_dataset_without_a_table_records_the_package_rows(tiny: Path, tmp_path: Path):
    out = tmp_path / "release"
    assert build(tiny, out).report.ok
    rows = json.loads((out / "figure_rules.json").read_text(encoding="utf-8"))["rows"]
    assert len(rows) == len(table()[0]) and {r["origin"] for r in rows} == {"package"}
    assert "added by the dataset" not in (out / "codebook.md").read_text(encoding="utf-8")


BAD = "<root>/figure_rules.toml"

# case -> (table text, code, line, field) of the one problem it must give.
REFUSALS: dict[str, tuple[str, str, int, str | None]] = {
    "toml syntax": ("[[row]]\nid = within\n", "rule-row-invalid", 2, None),
    "key missing": (ROW.replace('qualifier = "at_most"\n', ""), "rule-row-invalid", 4, "row[0].qualifier"),
    "unknown key": (ROW.replace("point = ", "pointt = "), "rule-row-invalid", 12, "row[0].pointt"),
    "no N for a placeholder": (ROW.replace(" N years", " ten years"), "rule-row-invalid", 9, "row[0].value"),
    "match does not compile": (ROW.replace("^(?:within", "^((?:within"), "rule-row-invalid", 6, "row[0].match"),
    "named group": (ROW.replace("^(?:within", "^(?P<w>within"), "rule-row-invalid", 6, "row[0].match"),
    "unknown unit": (ROW.replace('unit = "year"', 'unit = "years"'), "rule-row-invalid", 8, "row[0].unit"),
    "no examples": (ROW.replace('examples = ["within 10 years", "in 3 years"]\n', ""), "rule-row-invalid", 4, "row[0].examples"),
    "example unmatched": (ROW.replace('"in 3 years"', '"by 2030"'), "rule-example-unmatched", 14, "row[0].examples[1]"),
    "example coded impossibly": (
        ROW.replace("high_inclusive = true", "high_inclusive = false").replace(', "in 3 years"', ""),
        "rule-example-unmatched",
        14,
        "row[0].examples[0]",
    ),
    "overlaps a package row": (
        ROW.replace("(?:within|in)", "(?:within|over)").replace('"in 3 years"', '"over 3 years"'),
        "rule-row-overlap",
        14,
        "row[0].examples[1]",
    ),
    "overlaps an earlier dataset row": (
        ROW
        + ROW.replace("within-n-years", "in-n-years")
        .replace("# The contributor's new wording.\n", "")
        .replace(', "in 3 years"', ""),
        "rule-row-overlap",
        27,
        "row[1].examples[0]",
    ),
    "released id": (ROW.replace('id = "within-n-years"', 'id = "about-n"'), "rule-row-released", 4, "row[0].id"),
    "id used twice": (
        ROW + ROW.replace("(?:within|in)", "by").replace('["within 10 years", "in 3 years"]', '["by 3 years"]'),
        "rule-row-invalid",
        18,
        "row[1].id",
    ),
    "unit rule example unmatched": (
        ROW + '\n[[unit_rule]]\nid = "pct"\nmatch = "\\\\bpct\\\\b"\nunit = "percent"\nexamples = ["3 pct", "4 pc"]\n',
        "rule-example-unmatched",
        20,
        "unit_rule[0].examples[1]",
    ),
    "unknown top-level key": ("version = 2\n" + ROW, "rule-row-invalid", 1, "version"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_each_refusal_names_its_file_line_and_field(case: str):
    text, code, line, field = REFUSALS[case]
    problems = rule_row_problems(text, BAD)
    assert [(p.code, p.file, p.line, p.field) for p in problems] == [(code, BAD, line, field)], [p.message for p in problems]
    assert problems[0].column is not None and problems[0].column >= 1 and problems[0].hint


def test_a_refused_table_is_reported_by_validate_at_its_file(tiny: Path):
    (tiny / "figure_rules.toml").write_text(REFUSALS["released id"][0], encoding="utf-8")
    [problem] = validate(tiny).problems
    assert (problem.code, problem.file, problem.line) == ("rule-row-released", f"{tiny.as_posix()}/figure_rules.toml", 4)


def test_a_row_with_a_released_id_never_changes_the_released_row():
    changed = ROW.replace('id = "within-n-years"', 'id = "exact-n"')
    assert [r.id for r in effective_table(changed).rows] == [r.id for r in table()[0]]


def test_the_package_rows_pass_the_row_checks():
    # The released rows are built by the same `row_from` that checks a dataset's rows.
    assert all(row.origin == "package" for row in table()[0])


# Rows from a small grammar: "<prefix> [N] <suffix>", coded as approximately N (or 5).
PREFIXES = ("within", "over", "nearly", "zz")
SUFFIXES = ("years", "mines")
shapes = st.tuples(st.sampled_from(PREFIXES), st.booleans(), st.sampled_from(SUFFIXES))
examples = st.tuples(st.sampled_from(PREFIXES), st.one_of(st.none(), st.integers(1, 999)), st.sampled_from(SUFFIXES))


def _row_text(i: int, shape: tuple[str, bool, str], cases: list[tuple[str, int | None, str]]) -> str:
    prefix, numbered, suffix = shape
    coded = 'value = "n"\npoint = "n"' if numbered else "value = 5\npoint = 5"
    written = ", ".join(json.dumps(_example(c)) for c in cases)
    return (
        f'[[row]]\nid = "r{i}"\nwordings = ["{prefix}{" N" if numbered else ""} {suffix}"]\n'
        f"match = '^{prefix}{' N' if numbered else ''} {suffix}\\b'\nqualifier = \"approximately\"\n{coded}\n"
        f"examples = [{written}]\n"
    )


def _example(case: tuple[str, int | None, str]) -> str:
    prefix, number, suffix = case
    return f"{prefix} {number} {suffix}" if number is not None else f"{prefix} {suffix}"


@settings(max_examples=scaled(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(shapes, st.lists(examples, min_size=1, max_size=3)), min_size=1, max_size=4))
def test_a_row_is_accepted_only_if_its_examples_match_it_and_no_earlier_row(rows):
    text = "\n".join(_row_text(i, shape, cases) for i, (shape, cases) in enumerate(rows))
    refused = {int(p.field.split("]")[0].removeprefix("row[")) for p in rule_row_problems(text, BAD) if p.field}
    expected = set()
    for i, ((prefix, numbered, suffix), cases) in enumerate(rows):
        for case in cases:
            own = case[0] == prefix and case[2] == suffix and (case[1] is not None) == numbered
            earlier = match(_example(case)) is not None or any(
                case[0] == p and case[2] == s and (case[1] is not None) == n for (p, n, s), _ in rows[:i]
            )
            if not own or earlier:
                expected.add(i)
    assert refused == expected


def test_worker_processes_code_figures_by_the_dataset_rows(tiny: Path):
    from concurrent.futures import ProcessPoolExecutor

    _with_new_wording(tiny)
    (tiny / "figure_rules.toml").write_text(ROW, encoding="utf-8")
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert validate(tiny, executor=pool, cache=False).problems == []


def test_new_figure_codes_a_wording_by_the_dataset_rows(tiny: Path):
    from landmine_news.checks.rules.rule_rows import dataset_rule_table
    from landmine_news.tools.entry_fields import figure_fields
    from landmine_news.tools.scaffold import new_entry

    set_source(tiny, SOURCE.replace("need clearing.", "need clearing within 10 years.", 1).encode("utf-8"))
    (tiny / "figure_rules.toml").write_text(ROW, encoding="utf-8")
    fields = figure_fields("within 10 years", {"measures": "time to clear the area"}, dataset_rule_table(tiny).rules)
    assert (fields["qualifier"], fields["high"], fields["unit"]) == ("at_most", 10.0, "year")
    new_entry(tiny, "figure", "tiny-article", "within 10 years", fields, None, None, coded=True)
    assert validate(tiny).problems == []
