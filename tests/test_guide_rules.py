"""The guide's rules a machine can check (CONTRIBUTING.md, *Cases real articles raise*)."""

from __future__ import annotations

from pathlib import Path

import pytest

from landmine_news.checks.rules.record_values import value_findings
from landmine_news.models.actor import Actor
from landmine_news.models.quote import Quote


def _quote(**fields: object) -> Quote:
    base = {
        "id": "a-q1",
        "article": "a",
        "speaker": "x",
        "kind": "direct",
        "text": "We act",
        "verb": "said",
        "attribution": "explicit",
    }
    return Quote.model_validate(base | fields)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"verb": "said: “"}, "verb"),
        ({"text": "“We act"}, "text"),
        ({"text": "We act»"}, "text"),
        ({"text": "“We act.”"}, "text"),
        ({"text": "We act,"}, "text"),
    ],
)
def test_quotation_marks_and_the_articles_comma_stay_out_of_text_and_verb(fields: dict[str, object], field: str):
    [found] = [f for f in value_findings(_quote(**fields)) if f.problem.code == "quote-edge-marks"]
    assert found.path == (field,)


def test_inner_marks_and_apostrophes_are_the_speakers_words():
    for text in ("We call it “non-persistent” now", "Kyiv’s fields", "Why now?", "Not before spring.", "“Smart” mines work"):
        assert [f for f in value_findings(_quote(text=text)) if f.problem.code == "quote-edge-marks"] == []
    # An indirect statement may end with words it quotes: their marks pair up.
    assert value_findings(_quote(kind="indirect", text='the mines are "non-persistent"')) == []


def test_an_alias_that_only_adds_the_case_or_a_possessive_is_redundant():
    actor = Actor.model_validate(
        {"id": "us", "name": "United States", "kind": "state", "aliases": ["The United States", "U.S.", "united states’s", "US"]}
    )
    found = [f for f in value_findings(actor) if f.problem.code == "alias-redundant"]
    assert [f.path for f in found] == [("aliases", 0), ("aliases", 2)]


def test_a_mention_that_starts_after_its_wordings_determiner_is_refused(tiny: Path):
    from landmine_news.checks.engine.validation import validate

    from .conftest import SOURCE, set_source

    set_source(tiny, (SOURCE + "It is one of the few nations left.\n").encode("utf-8"))
    article = tiny / "articles" / "tiny-article.yaml"
    figure = (
        '  - id: tiny-f9\n    mention: "few nations"\n    measures: nations left\n    low: 2\n    low_inclusive: true\n'
        "    point: 2\n    unit: country\n    qualifier: vague\n"
    )
    article.write_text(article.read_text(encoding="utf-8").rstrip("\n") + "\n" + figure, encoding="utf-8")
    [found] = [p for p in validate(tiny, workers=1, cache=False).errors if p.field == "figures[1].mention"]
    assert found.code == "figure-rule-mismatch" and 'mention: "the few nations"' in (found.hint or "")
    article.write_text(article.read_text(encoding="utf-8").replace('"few nations"', '"the few nations"'), encoding="utf-8")
    assert not [p for p in validate(tiny, workers=1, cache=False).errors if p.field == "figures[1].mention"]
