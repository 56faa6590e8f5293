"""The shipped dataset: valid, every anchor at its recorded place, sources untouched."""

from __future__ import annotations

import hashlib

import pytest

from landmine_news.checks.engine.validation import check_dataset as check

from .conftest import BUILD, DATASET, ROOT, needs_sources

pytestmark = needs_sources

SHARED = ROOT.parent / "shared" / "sources"


@pytest.fixture(scope="module")
def checked():
    return check(DATASET)


def test_shipped_dataset_has_no_problem(checked):
    assert checked.report.problems == [], [p.message for p in checked.report.problems]


def test_every_quote_and_figure_is_at_its_recorded_place(checked):
    ds = checked.dataset
    for record in ds.quotes + ds.figures:
        article = ds.article(record.article)
        source = (DATASET / "sources" / article.source_file).read_text(encoding="utf-8")
        words = getattr(record, "text", None) or record.mention
        assert source[record.start : record.end] == words, record.id
        assert (record.prefix or "") == source[max(0, record.start - 32) : record.start]


def test_article_hashes_match_sources(checked):
    for article in checked.dataset.articles:
        data = (DATASET / "sources" / article.source_file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == article.sha256


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/sources is only beside a development checkout")
def test_sources_are_byte_identical_to_the_collected_texts():
    for original in SHARED.glob("*.txt"):
        assert (DATASET / "sources" / original.name).read_bytes() == original.read_bytes()


def test_release_counts_match_dataset(checked):
    import landmine_news as ln

    ds = ln.load(BUILD)
    for table in ("articles", "quotes", "actors", "figures"):
        assert len(ds.table(table)) == len(checked.dataset.table(table))


def test_figures_follow_the_rule_table(checked):
    # The table is data (models/data/figure_rules.toml); every shipped figure has a row and
    # is coded exactly as it says.
    from landmine_news.checks.rules.figure_coding import figure_coding_findings
    from landmine_news.models.figure_rules import match

    assert checked.dataset.figures
    for f in checked.dataset.figures:
        assert match(f.mention) is not None, f.id
        assert figure_coding_findings(f) == [], f.id
