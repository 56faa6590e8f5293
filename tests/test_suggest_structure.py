"""`suggest` reads who said what from the sentence's structure (the failure classes of #26).

Every text here is made up for the test.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landmine_news.tools.suggest import Draft, draft

from .profiles import scaled

ACTORS = {
    "united-states": ("United States", "state", ["U.S.", "Washington"]),
    "russia": ("Russia", "state", ["Moscow"]),
    "ukraine": ("Ukraine", "state", ["Kyiv"]),
    "joe-biden": ("Joe Biden", "person", ["Biden", "President Biden"]),
    "biden-administration": ("Biden administration", "government", ["the administration"]),
    "olena-example": ("Olena Example", "person", []),
    "example-wire": ("Example Wire", "media", []),
    "wire-us-official": ("a U.S. official", "anonymous", []),
    "wire-critics": ("Critics", "group", []),
    "wire-aid-groups": ("Aid groups", "group", []),
    "wire-local-mayors": ("local mayors", "group", []),
}


def _dataset(root: Path, source: str, article: str = "wire") -> Path:
    for folder in ("articles", "actors", "sources"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for actor_id, (name, kind, aliases) in ACTORS.items():
        lines = [f"id: {actor_id}", f'name: "{name}"', f"kind: {kind}", "aliases:", *[f'  - "{a}"' for a in aliases]]
        if not aliases:
            lines[-1] = "aliases: []"
        (root / "actors" / f"{actor_id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = source.encode("utf-8")
    (root / "sources" / f"{article}.txt").write_bytes(data)
    (root / "articles" / f"{article}.yaml").write_text(
        f'id: {article}\ntitle: "A made-up story"\nlanguage: en\nsource_file: {article}.txt\n'
        f"sha256: {hashlib.sha256(data).hexdigest()}\nrecord_prefix: wire\n",
        encoding="utf-8",
    )
    return root


def _draft(tmp_path: Path, source: str) -> Draft:
    return draft(_dataset(tmp_path / "dataset", source), "wire")


def _quotes(made: Draft) -> list[tuple[str, str, str | None, str]]:
    return [
        (s.text, str(s.fields["kind"]), s.fields.get("verb"), str(s.fields["speaker"]))  # type: ignore[misc]
        for s in made.suggestions
        if s.kind == "quote"
    ]


def test_the_speaker_is_the_head_of_the_subject_not_the_nearest_name(tmp_path: Path):
    made = _draft(
        tmp_path,
        "The Biden administration said the mines would stay in Ukraine.\n\n"
        "Strikes deeper into Russia continued, and the administration argued that the mines were needed.\n",
    )
    assert _quotes(made) == [
        ("the mines would stay in Ukraine", "indirect", "said", "biden-administration"),
        ("the mines were needed", "indirect", "argued", "biden-administration"),
    ]


def test_attribution_after_the_content_and_quotation_marks_outside_the_text(tmp_path: Path):
    made = _draft(
        tmp_path,
        "The mines will stay on Ukrainian soil, a U.S. official confirmed to Example Wire.\n\n"
        "“We will not lay them near any town,” Olena Example said on Tuesday.\n",
    )
    assert _quotes(made) == [
        ("The mines will stay on Ukrainian soil", "indirect", "confirmed to Example Wire", "wire-us-official"),
        ("We will not lay them near any town", "direct", "said", "olena-example"),
    ]
    assert all(not any(m in str(s.fields.get("verb")) for m in '“”"') for s in made.suggestions)


def test_a_quote_split_by_its_attribution_and_a_pronoun_speaker(tmp_path: Path):
    made = _draft(
        tmp_path,
        "Olena Example spoke in Kyiv. “The fields will be marked,” she said. “Not before spring.”\n\n"
        "Critics argue that the fields cannot be cleared. They also maintain that the treaty is clear.\n",
    )
    quotes = _quotes(made)
    assert ("The fields will be marked", "direct", "said", "olena-example") in quotes
    assert ("the treaty is clear", "indirect", "maintain", "wire-critics") in quotes
    [continued] = [s for s in made.suggestions if s.text == "Not before spring."]
    assert continued.fields["speaker"] == "olena-example" and continued.part_of is not None


def test_joint_subjects_capitals_and_reactions(tmp_path: Path):
    made = _draft(
        tmp_path,
        "Aid groups and local mayors argue that the fields cannot be cleared safely.\n\n"
        "Moscow condemned the transfer of the mines.\n\n"
        "The plan drew sharp criticism from Critics, who called it reckless.\n",
    )
    [joint] = [s for s in made.suggestions if s.fields.get("verb") == "argue"]
    assert joint.fields["speaker"] == "wire-aid-groups" and joint.fields["co_speakers"] == ["wire-local-mayors"]
    assert joint.fields["speaker_label"] == "Aid groups"
    assert ("the transfer of the mines", "reaction", "condemned", "russia") in _quotes(made)
    assert ("sharp criticism", "reaction", "drew", "wire-critics") in _quotes(made)


def test_narration_is_not_a_statement(tmp_path: Path):
    made = _draft(
        tmp_path,
        "The decision triggered a debate between Critics and Washington, highlighting the balance between aid and law.\n",
    )
    assert _quotes(made) == []


def test_one_candidate_per_statement(tmp_path: Path):
    made = _draft(tmp_path, "“The mines are safe,” Olena Example told reporters, “and they switch off.”\n")
    spans = sorted((s.text, s.occurrence) for s in made.suggestions if s.kind == "quote")
    assert len(spans) == len(set(spans))
    texts = [s.text for s in made.suggestions if s.kind == "quote"]
    assert not any(a != b and a in b for a in texts for b in texts)


def test_dates_furniture_and_word_fragments_are_not_figures(tmp_path: Path):
    made = _draft(
        tmp_path,
        "Updated: 20-11-2024 09:53 IST\n\n2 minutes read\n\n"
        "The war passed its 1,000-day milestone as more than 160 countries backed the treaty.\n\n"
        "Officials tried to keep some humanitarian considerations. It is the second major shift.\n",
    )
    figures = {s.text: s.fields for s in made.suggestions if s.kind == "figure"}
    assert "more than 160 countries" in figures and figures["more than 160 countries"]["unit"] == "country"
    assert all("2024" not in m and "09" not in m and "minutes" not in m and "some" not in m for m in figures)
    assert all(f.get("unit") != "mile" for f in figures.values())
    assert made.article_fields == {"published_date": "2024-11-20", "published_time": "09:53"}
    assert any("IST" in note for note in made.article_notes)


def test_new_actors_and_mentions_are_proposed(tmp_path: Path):
    made = _draft(
        tmp_path,
        "U.S. Defense Secretary Lloyd Austin said the mines were non-persistent.\n\n"
        "Hanna Sample, director of the Example Wire desk, said nothing more.\n\n"
        "President Joe Biden approved the plan.\n",
    )
    by_id = {a.id: a for a in made.actors}
    assert by_id["lloyd-austin"].kind == "person" and by_id["lloyd-austin"].name == "Lloyd Austin"
    assert by_id["hanna-sample"].member_of == ["example-wire"]
    assert "joe-biden" in made.mentions and "example-wire" in made.mentions


NAMED = [
    ("Olena Example", "olena-example"),
    ("The Biden administration", "biden-administration"),
    ("A U.S. official", "wire-us-official"),
    ("Critics", "wire-critics"),
    ("Moscow", "russia"),
]
CONTENTS = ["the mines would stay in the east", "the shipment leaves next week", "the fields will be mapped and fenced"]


@settings(max_examples=scaled(25), deadline=None)
@given(
    st.sampled_from(NAMED),
    st.sampled_from(["said", "argued", "warned", "insisted", "maintained"]),
    st.sampled_from(CONTENTS),
    st.integers(0, 3),
)
def test_every_reporting_order_gives_the_same_statement(tmp_path_factory: pytest.TempPathFactory, named, verb, content, order):
    label, actor = named
    sentence = [
        f"{label} {verb} that {content}.",
        f"{content[0].upper()}{content[1:]}, {label[0].lower() + label[1:] if label.startswith(('A ', 'The ')) else label} {verb}.",
        f"“{content[0].upper()}{content[1:]},” {label[0].lower() + label[1:] if label.startswith(('A ', 'The ')) else label} {verb}.",
        f"{label} {verb}: “{content[0].upper()}{content[1:]}.”",
    ][order]
    made = _draft(tmp_path_factory.mktemp("s"), sentence + "\n")
    [quote] = [s for s in made.suggestions if s.kind == "quote"]
    assert quote.fields["speaker"] == actor and quote.fields["verb"] == verb
    assert quote.text.lower().strip(".") == content


def test_write_fills_the_null_date_fields_from_the_date_line_and_they_validate(tmp_path: Path):
    from landmine_news.checks.engine.validation import validate
    from landmine_news.cli import main

    root = _dataset(tmp_path / "dataset", "Updated: 20-11-2024 09:53 CET\n\nThe mines arrived.\n")
    article = root / "articles" / "wire.yaml"
    article.write_text(
        article.read_text(encoding="utf-8") + "published_date: null\npublished_time: null\nutc_offset: null\n", encoding="utf-8"
    )
    assert main(["suggest", "--dataset", str(root), "--article", "wire", "--write"]) == 0
    text = article.read_text(encoding="utf-8")
    assert "published_date: 2024-11-20" in text and 'published_time: "09:53"' in text and 'utc_offset: "+01:00"' in text
    assert not [p for p in validate(root, workers=1, cache=False).errors if p.field in ("published_date", "utc_offset")]


def test_a_quotation_broken_by_its_attribution_gives_both_parts(tmp_path: Path):
    made = _draft(tmp_path, "“The mines,” Olena Example said, “will switch off on their own.”\n")
    quotes = [(s.text, s.fields.get("verb"), s.fields["speaker"], s.part_of) for s in made.suggestions if s.kind == "quote"]
    assert quotes == [("The mines", "said", "olena-example", None), ("will switch off on their own.", None, "olena-example", 0)]
