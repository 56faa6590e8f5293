"""One fixture per problem code: each breaks the tiny dataset in one way and checks the
code, the file, the line and the field path of what validation reports."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from landmine_news import load
from landmine_news.checks.engine.validation import check_dataset as check
from landmine_news.checks.report.problems import CODES
from landmine_news.cli import main
from landmine_news.errors import DatasetNotFound, FolderNotFound, ReleaseInvalid

from .conftest import SOURCE, set_source

ART = "articles/tiny-article.yaml"


def edit(rel: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture broken: {old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return apply


def write(rel: str, data: bytes | str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))

    return apply


RELAY_SOURCE = "A spokesperson of Tinyland said: We will act now.\nPublished 21 November 2024\n"


def relay(extra: str) -> Callable[[Path], None]:
    """A second article, one day later, that relays the spokesperson's words: its quote gets `extra` lines."""

    def apply(root: Path) -> None:
        import hashlib

        data = RELAY_SOURCE.encode("utf-8")
        (root / "sources" / "relay.txt").write_bytes(data)
        article = (
            "id: tiny-relay\npublished_date: 2024-11-21\nlanguage: en\nsource_file: relay.txt\n"
            f"sha256: {hashlib.sha256(data).hexdigest()}\nquotes:\n  - id: tiny-relay-q1\n"
            "    speaker: tiny-spokesperson\n    speaker_label: A spokesperson of Tinyland\n"
            '    text: "We will act now."\n    kind: direct\n    verb: said\n    attribution: explicit\n' + extra
        )
        (root / "articles" / "tiny-relay.yaml").write_text(article, encoding="utf-8")

    return apply


def both(*changes: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        for change in changes:
            change(root)

    return apply


Q1_ATTRIBUTION = "    verb: said\n    attribution: explicit\n"
RELAY = "articles/tiny-relay.yaml"


def symlink_outside(root: Path) -> None:
    outside = root.parent / "outside.yaml"
    outside.write_text("id: outside\nname: Out\nkind: group\n", encoding="utf-8")
    os.symlink(outside, root / "actors" / "outside.yaml")


def rename(rel: str, new: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        (root / rel).rename(root / new)

    return apply


def fifo(rel: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        os.mkfifo(root / rel)

    return apply


def crlf_source(root: Path) -> None:
    # A source saved with CRLF and its hash recorded as such: consistent, but worth a word.
    set_source(root, (root / "sources" / "tiny.txt").read_bytes().replace(b"\n", b"\r\n"))


def bom_source(root: Path) -> None:
    # A source saved with a byte-order mark and its hash recorded as such: consistent, but invisible.
    set_source(root, b"\xef\xbb\xbf" + (root / "sources" / "tiny.txt").read_bytes())


def split_character(root: Path) -> None:
    # The source writes "unsafe" + U+0301 (NFD): the quote "the plan is unsafe" cuts it off.
    text = (root / "sources" / "tiny.txt").read_text(encoding="utf-8")
    set_source(root, text.replace("the plan is unsafe", "the plan is unsafe\u0301").encode("utf-8"))


RULES = "figure_rules.toml"


def rule_row(
    row_id: str = "within-n-years", match: str = "^(?:within|in) N years\\b", examples: str = '"within 10 years"'
) -> str:
    """A dataset's own row of the figure rule table (`dataset/figure_rules.toml`), in TOML."""
    return (
        f'# A wording the released table lacks.\n\n[[row]]\nid = "{row_id}"\nwordings = ["within N years"]\n'
        f'match = \'{match}\'\nqualifier = "at_most"\nunit = "year"\nvalue = "n"\nhigh = "n"\n'
        f'high_inclusive = true\npoint = "n"\nexamples = [{examples}]\n'
    )


# code -> (mutation, file, marker expected on the reported line (None: no line), field)
CASES: dict[str, tuple[Callable[[Path], None], str, str | None, str | None]] = {
    "yaml-syntax": (edit(ART, 'title: "A tiny article"', 'title: "A tiny article'), ART, None, None),
    "yaml-alias": (
        edit(ART, "mentions:\n  - tiny-state", "mentions: &m\n  - tiny-state\nattributed_to: *m"),
        ART,
        "mentions: &m",
        None,
    ),
    "yaml-duplicate-key": (edit(ART, "language: en", "language: en\nlanguage: fr"), ART, "language: fr", None),
    "yaml-tag": (edit(ART, 'title: "A tiny article"', "title: !!python/name:os.system x"), ART, "title: !!python", None),
    "yaml-not-mapping": (write("actors/tiny-critics.yaml", "- id: tiny-critics\n"), "actors/tiny-critics.yaml", "- id", None),
    "yaml-empty": (write("actors/tiny-critics.yaml", "# nothing here\n"), "actors/tiny-critics.yaml", None, None),
    "not-utf8": (
        write("actors/tiny-critics.yaml", b"id: tiny-critics\nname: Cr\xe9tics\nkind: group\n"),
        "actors/tiny-critics.yaml",
        "name:",
        None,
    ),
    "file-too-large": (
        write("actors/tiny-critics.yaml", "id: tiny-critics\nname: Critics\nkind: group\nnotes: " + "x" * (1 << 20) + "\n"),
        "actors/tiny-critics.yaml",
        None,
        None,
    ),
    "path-escapes": (symlink_outside, "actors/outside.yaml", None, None),
    "file-unexpected": (write("actors/notes.txt", "scratch"), "actors/notes.txt", None, None),
    "field-missing": (edit(ART, "    kind: direct\n", ""), ART, "- id: tiny-q1", "quotes[0].kind"),
    "field-unknown": (edit(ART, "    verb: argue", "    verb: argue\n    speeker: x"), ART, "speeker: x", "quotes[1].speeker"),
    "field-type": (edit(ART, "    value: 5000", "    value: lots"), ART, "value: lots", "figures[0].value"),
    "field-pattern": (
        edit("actors/tiny-state.yaml", "kind: state", "kind: state\nwikidata: Q012"),
        "actors/tiny-state.yaml",
        "wikidata: Q012",
        "wikidata",
    ),
    "field-enum": (edit(ART, "    kind: indirect", "    kind: paraphrase"), ART, "kind: paraphrase", "quotes[1].kind"),
    "field-invalid": (edit(ART, "    low: 5000", "    low: 6000"), ART, "low: 6000", "figures[0].low"),
    "id-duplicate": (
        edit(ART, "  - id: tiny-q2", "  - id: tiny-q1"),
        ART,
        "  - id: tiny-q1\n    speaker: tiny-critics",
        "quotes[1].id",
    ),
    "id-filename-mismatch": (
        edit("actors/tiny-critics.yaml", "id: tiny-critics", "id: tiny-critic"),
        "actors/tiny-critics.yaml",
        "id: tiny-critic",
        "id",
    ),
    "article-mismatch": (
        edit(ART, "  - id: tiny-q2\n", "  - id: tiny-q2\n    article: other-article\n"),
        ART,
        "article: other-article",
        "quotes[1].article",
    ),
    "reference-unresolved": (
        edit(ART, "speaker: tiny-critics", "speaker: tiny-critcs"),
        ART,
        "speaker: tiny-critcs",
        "quotes[1].speaker",
    ),
    "source-missing": (
        edit(ART, "source_file: tiny.txt", "source_file: tiny2.txt"),
        ART,
        "source_file: tiny2.txt",
        "source_file",
    ),
    "source-hash-mismatch": (edit("sources/tiny.txt", "We will act.", "We will act!"), ART, "sha256:", "sha256"),
    "length-mismatch": (edit(ART, "language: en", "language: en\nlength: 3"), ART, "length: 3", "length"),
    "text-not-found": (
        edit(ART, '"the plan is unsafe"', '"the plan is safe"'),
        ART,
        'text: "the plan is safe"',
        "quotes[1].text",
    ),
    "text-ambiguous": (edit(ART, "    occurrence: 1\n", ""), ART, 'mention: "Over 5,000', "figures[0].mention"),
    "occurrence-out-of-range": (
        edit(ART, "    occurrence: 1", "    occurrence: 3"),
        ART,
        "occurrence: 3",
        "figures[0].occurrence",
    ),
    "offset-mismatch": (edit(ART, "    verb: said", "    verb: said\n    start: 3"), ART, "start: 3", "quotes[0].start"),
    "source-orphan": (write("sources/unused.txt", "spare"), "sources/unused.txt", None, None),
    "coverage-unreviewed": (
        edit(ART, '  - "Over 5,000 square miles is a lot. | repeats the figure tiny-f1"\n', ""),
        ART,
        "id: tiny-article",
        "id",
    ),
    "coverage-review-unused": (
        edit(ART, "coverage_reviewed:\n", 'coverage_reviewed:\n  - "need clearing | reviews nothing"\n'),
        ART,
        "need clearing",
        "coverage_reviewed[0]",
    ),
    "actor-unreferenced": (
        write("actors/tiny-loner.yaml", "id: tiny-loner\nname: Loner\nkind: person\n"),
        "actors/tiny-loner.yaml",
        "id: tiny-loner",
        "id",
    ),
    "file-wrong-extension": (
        rename("actors/tiny-critics.yaml", "actors/tiny-critics.yml"),
        "actors/tiny-critics.yml",
        None,
        None,
    ),
    "file-not-regular": (fifo("actors/tiny-pipe.yaml"), "actors/tiny-pipe.yaml", None, None),
    "file-hidden": (write("actors/.tiny-old.yaml", "id: tiny-old\n"), "actors/.tiny-old.yaml", None, None),
    "yaml-too-deep": (edit(ART, "language: en", "language: " + "[" * 25000), ART, "language: [", None),
    "folder-missing": (rename("articles", "article"), "articles", None, None),
    "verb-not-in-sentence": (edit(ART, "    verb: argue", '    verb: "said"'), ART, 'verb: "said"', "quotes[1].verb"),
    "figure-rule-mismatch": (edit(ART, "    point: 5000", "    point: 4000"), ART, "point: 4000", "figures[0].point"),
    "figure-wording-unknown": (
        edit(ART, 'mention: "Over 5,000 square miles"', 'mention: "square miles need clearing"'),
        ART,
        "mention:",
        "figures[0].mention",
    ),
    "figure-outside-quote": (
        edit(ART, "    point: 5000", "    point: 5000\n    quote: tiny-q1"),
        ART,
        "quote: tiny-q1",
        "figures[0].quote",
    ),
    "source-line-endings": (crlf_source, "sources/tiny.txt", None, None),
    "source-bom": (bom_source, "sources/tiny.txt", None, None),
    "file-misplaced": (
        lambda root: (root / "Articles").mkdir() or (root / "Articles" / "x.yaml").write_text("id: x\n", encoding="utf-8"),
        "Articles",
        None,
        None,
    ),
    "source-not-text": (
        lambda root: set_source(root, (SOURCE + "A NUL \x00 here.\n").encode("utf-8")),
        "sources/tiny.txt",
        None,
        None,
    ),
    "quote-edge-marks": (
        edit(ART, 'text: "We will act."', 'text: "A spokesperson said,"'),
        ART,
        'text: "A spokesperson said,"',
        "quotes[0].text",
    ),
    "date-not-printed": (
        edit(ART, "published_date: 2024-11-20", "published_date: 2024-11-21"),
        ART,
        "published_date: 2024-11-21",
        "published_date",
    ),
    "utc-offset-not-printed": (
        edit(ART, "published_date: 2024-11-20\n", 'published_date: 2024-11-20\nutc_offset: "+05:30"\n'),
        ART,
        'utc_offset: "+05:30"',
        "utc_offset",
    ),
    "attributed-not-named": (
        edit(ART, "mentions:\n", "attributed_to:\n  - tiny-state\nmentions:\n"),
        ART,
        "  - tiny-state\nmentions",
        "attributed_to[0]",
    ),
    "label-names-co-speaker": (
        edit(
            ART,
            "    speaker: tiny-spokesperson\n",
            "    speaker: tiny-spokesperson\n    co_speakers:\n      - tiny-critics\n    speaker_label: Critics\n",
        ),
        ART,
        "speaker_label: Critics",
        "quotes[0].speaker_label",
    ),
    "member-basis-unnamed": (
        edit(
            "actors/tiny-spokesperson.yaml", "A spokesperson of Tinyland, as the page says", "'\"A spokesperson\" (tiny-article)'"
        ),
        "actors/tiny-spokesperson.yaml",
        "member_of_basis",
        "member_of_basis",
    ),
    "alias-redundant": (
        edit("actors/tiny-state.yaml", "  - TL\n", "  - TL\n  - The Tinyland\n"),
        "actors/tiny-state.yaml",
        "- The Tinyland",
        "aliases[1]",
    ),
    "suggestion-unconfirmed": (
        edit(ART, "    point: 5000", "    point: 5000\n    notes: 'suggested by landmine-news suggest: confirm the unit'"),
        ART,
        "notes: 'suggested",
        "figures[0].notes",
    ),
    "value-control-character": (
        edit("actors/tiny-critics.yaml", "name: Critics", 'name: "Crit\\x1b[31mics\\u202e"'),
        "actors/tiny-critics.yaml",
        "name: ",
        "name",
    ),
    "text-swallowed-structure": (
        edit(ART, "mentions:\n  - tiny-state\nquotes:\n", "mentions:\n  - tiny-state\nnotes: >\n  A note.\n"),
        ART,
        "  - id: tiny-q1",
        None,
    ),
    "value-out-of-range": (
        edit(ART, "    value: 5000\n    low: 5000\n    low_inclusive: false\n    point: 5000", "    value: -5"),
        ART,
        "value: -5",
        "figures[0].value",
    ),
    "value-formula-like": (
        edit("actors/tiny-critics.yaml", "name: Critics", "name: '=Critics'"),
        "actors/tiny-critics.yaml",
        "name: '=Critics'",
        "name",
    ),
    "member-of-cycle": (
        edit("actors/tiny-state.yaml", "kind: state", "kind: state\nmember_of:\n  - tiny-state\nmember_of_basis: as printed"),
        "actors/tiny-state.yaml",
        "  - tiny-state",
        "member_of[0]",
    ),
    "text-splits-character": (split_character, ART, 'text: "the plan is unsafe"', "quotes[1].text"),
    "number-not-decimal": (edit(ART, "    value: 5000", "    value: 010"), ART, "value: 010", "figures[0].value"),
    "rule-row-invalid": (write(RULES, rule_row(match="^(?:within N years")), RULES, "match = ", "row[0].match"),
    "rule-example-unmatched": (
        write(RULES, rule_row(examples='"within 10 years", "within ten years"')),
        RULES,
        '"within ten years"',
        "row[0].examples[1]",
    ),
    "rule-row-overlap": (
        write(RULES, rule_row(match="^(?:within|over) N years\\b", examples='"within 10 years",\n  "over 10 years"')),
        RULES,
        '"over 10 years"',
        "row[0].examples[1]",
    ),
    "rule-row-released": (write(RULES, rule_row(row_id="exact-n")), RULES, 'id = "exact-n"', "row[0].id"),
    "fidelity-contradicted": (
        edit(
            ART,
            Q1_ATTRIBUTION,
            Q1_ATTRIBUTION + "    statement: tiny-act\n    first_publisher: Tinyland Gazette\n"
            '    first_words: "We will not act."\n    checked_on: 2026-12-07\n    fidelity: verbatim\n',
        ),
        ART,
        "fidelity: verbatim",
        "quotes[0].fidelity",
    ),
    "statement-mismatch": (
        both(
            edit(ART, Q1_ATTRIBUTION, Q1_ATTRIBUTION + "    statement: tiny-act\n"),
            edit(ART, "    stance: opposes\n", "    stance: opposes\n    statement: tiny-act # the critics'\n"),
        ),
        ART,
        "speaker: tiny-critics",
        "quotes[1].speaker",
    ),
    "relay-invalid": (relay("    relays: tiny-q9\n"), RELAY, "relays: tiny-q9", "quotes[0].relays"),
    "statement-unmatched": (
        both(
            edit(ART, Q1_ATTRIBUTION, Q1_ATTRIBUTION + "    statement: tiny-act-now\n"),
            relay("    statement: tiny-act-nov\n"),
        ),
        ART,  # both are named once, each spelled almost as the other: both warn, the article's first
        "statement: tiny-act-now",
        "quotes[0].statement",
    ),
    "relay-cycle": (
        both(edit(ART, Q1_ATTRIBUTION, Q1_ATTRIBUTION + "    relays: tiny-relay-q1\n"), relay("    relays: tiny-q1\n")),
        ART,
        "relays: tiny-relay-q1",
        "quotes[0].relays",
    ),
    "first-published-after": (
        edit(
            ART,
            Q1_ATTRIBUTION,
            Q1_ATTRIBUTION + "    statement: tiny-act\n    first_publisher: Tinyland Gazette\n"
            '    first_words: "We will act."\n    first_date: 2024-11-25\n    checked_on: 2026-12-07\n',
        ),
        ART,
        "first_date: 2024-11-25",
        "quotes[0].first_date",
    ),
}
WARNINGS = {
    "statement-unmatched",
    "member-basis-unnamed",
    "coverage-unreviewed",
    "coverage-review-unused",
    "file-unexpected",
    "file-hidden",
    "source-orphan",
    "actor-unreferenced",
    "source-line-endings",
    "source-bom",
}


def test_every_code_has_a_fixture():
    assert set(CASES) | set(RELEASE_CASES) | {"internal-error", "file-unreadable"} == set(CODES)
    assert not set(CASES) & set(RELEASE_CASES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_problem_code_fixture(tiny: Path, code: str):
    mutate, rel, marker, field = CASES[code]
    mutate(tiny)
    report = check(tiny).report
    hits = [p for p in report.problems if p.code == code]
    assert hits, f"expected {code}, got {[(p.code, p.message) for p in report.problems]}"
    p = hits[0]
    assert p.file == (tiny / rel).as_posix()
    assert p.hint, "every problem carries a hint"
    if field is not None:
        assert p.field == field
    if marker is not None:
        text = (tiny / rel).read_bytes().decode("utf-8", errors="replace")
        expected_line = (
            text[: text.index(marker)].count("\n") + 1 + marker[: marker.find("\n") if "\n" in marker else 0].count("\n")
        )
        assert p.line == expected_line, f"{code}: reported line {p.line}, expected {expected_line} ({marker!r})"
        assert p.column is not None and p.column >= 1
    severity = "warning" if code in WARNINGS else "error"
    assert p.severity == severity
    assert report.ok == (severity == "warning")


def test_unreadable_source_is_reported(tiny: Path, monkeypatch: pytest.MonkeyPatch):
    # Running as root defeats chmod, so the read itself is made to fail.
    import landmine_news.checks.reading.files as files

    real = files.open_no_wait

    def failing(path: Path) -> int:
        if Path(path).name == "tiny.txt":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(files, "open_no_wait", failing)
    report = check(tiny).report
    [p] = [p for p in report.problems if p.code == "file-unreadable"]
    assert p.file == (tiny / "sources/tiny.txt").as_posix()
    assert "Permission denied" in p.message and not report.ok


def test_internal_error_is_reported_not_raised(tiny: Path, monkeypatch: pytest.MonkeyPatch):
    import landmine_news.checks.engine.file_check as v

    def boom(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(v, "check_file", boom)
    report = check(tiny, workers=1).report
    assert {p.code for p in report.errors} == {"internal-error"}
    assert len(report.errors) == 4  # one per record file, none skipped
    assert all("simulated bug" in p.message for p in report.errors)
    assert not report.ok


def test_text_not_found_hint_shows_closest_passage_and_difference(tiny: Path):
    edit(ART, '"We will act."', '"Officials announce a \\"new\\" policy."')(tiny)
    report = check(tiny).report
    [p] = [p for p in report.problems if p.code == "text-not-found"]
    assert "Officials announce a “new” policy." in p.hint
    assert "curly vs straight" in p.hint


def test_text_not_found_hint_names_the_changed_word(tiny: Path):
    edit(ART, '"the plan is unsafe"', '"the scheme is unsafe"')(tiny)
    [p] = [p for p in check(tiny).report.problems if p.code == "text-not-found"]
    assert "source has 'plan' where you wrote 'scheme'" in p.hint


def test_time_read_as_number_gets_a_quoting_hint(tiny: Path):
    edit(ART, "language: en", "language: en\npublished_time: 21:00")(tiny)
    [p] = [p for p in check(tiny).report.problems if p.field == "published_time"]
    assert p.code == "field-type"
    assert "1260" in p.hint and "Quote" in p.hint


def test_alias_bomb_is_refused_quickly(tiny: Path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    (tiny / "actors" / "tiny-critics.yaml").write_text(bomb, encoding="utf-8")
    report = check(tiny).report
    assert any(p.code == "yaml-alias" and p.file.endswith("tiny-critics.yaml") for p in report.problems)


def test_broken_dataset_reports_all_problems_in_one_run(tiny: Path):
    # Each break hits a different record or field, so none can mask another.
    for code in ("field-type", "reference-unresolved", "text-not-found", "yaml-duplicate-key", "actor-unreferenced"):
        CASES[code][0](tiny)
    edit("actors/tiny-state.yaml", "kind: state", "kind: state\nwikidata: Q012")(tiny)
    codes = {p.code for p in check(tiny).report.problems}
    assert {
        "field-type",
        "reference-unresolved",
        "text-not-found",
        "yaml-duplicate-key",
        "field-pattern",
        "actor-unreferenced",
    } <= codes


def test_unreadable_actor_file_does_not_cascade_into_unresolved_references(tiny: Path):
    (tiny / "actors" / "tiny-state.yaml").write_text("", encoding="utf-8")
    codes = [p.code for p in check(tiny).report.problems]
    assert codes == ["yaml-empty"], codes


def test_unparseable_article_does_not_make_its_actors_orphans(tiny: Path):
    edit(ART, "    kind: direct", "   kind: direct")(tiny)  # broken indentation
    report = check(tiny).report
    assert [p.code for p in report.problems] == ["yaml-syntax"]
    assert report.problems[0].file.endswith(ART) and report.problems[0].line is not None


def test_errors_are_listed_before_warnings(tiny: Path):
    CASES["actor-unreferenced"][0](tiny)
    CASES["field-enum"][0](tiny)
    severities = [p.severity for p in check(tiny).report.problems]
    assert severities == sorted(severities, key=lambda s: s != "error")
    assert severities[0] == "error" and "warning" in severities


def test_a_duplicate_id_names_its_first_use_file_and_field(tiny: Path):
    # Within one file, across files, and across tables: the message names where the id was first used.
    edit(ART, "  - id: tiny-q2", "  - id: tiny-q1")(tiny)
    write("actors/tiny-article.yaml", "id: tiny-article\nname: Clash\nkind: group\n")(tiny)
    found = {(p.file, p.field): p.message for p in check(tiny, workers=1).report.problems if p.code == "id-duplicate"}
    root = tiny.as_posix()
    assert found[(f"{root}/{ART}", "quotes[1].id")] == f"id 'tiny-q1' is already used in {root}/{ART} at quotes[0]"
    # Actor files are read first, so the article's own id is the second use.
    assert found[(f"{root}/{ART}", "id")] == f"id 'tiny-article' is already used in {root}/actors/tiny-article.yaml"
    assert len(found) == 2


def test_unresolved_references_are_reported_per_record_and_list_entry_in_file_order(tiny: Path):
    edit(ART, "speaker: tiny-critics", "speaker: tiny-nobody")(tiny)
    edit(ART, "mentions:\n  - tiny-state", "mentions:\n  - tiny-state\n  - tiny-ghost")(tiny)
    edit("actors/tiny-spokesperson.yaml", "  - tiny-state", "  - tiny-nation")(tiny)
    found = [
        (Path(p.file or "").name, p.field, p.value)
        for p in check(tiny, workers=1).report.problems
        if p.code == "reference-unresolved"
    ]
    assert sorted(found) == sorted(
        [
            ("tiny-article.yaml", "mentions[1]", "tiny-ghost"),
            ("tiny-article.yaml", "quotes[1].speaker", "tiny-nobody"),
            ("tiny-spokesperson.yaml", "member_of[0]", "tiny-nation"),
        ]
    )


# -- release problems: what `verify` reports of a built release -----------------------------
def append_to(name: str, data: bytes) -> Callable[[Path], None]:
    def apply(release: Path) -> None:
        with (release / name).open("ab") as fh:
            fh.write(data)

    return apply


def resealed(change: Callable[[Path], None]) -> Callable[[Path], None]:
    """`change`, then every checksum regenerated, as a forger would."""
    from .test_hardening_release import reseal

    def apply(release: Path) -> None:
        change(release)
        reseal(release)

    return apply


def parquet_rows(table: str, change: Callable[[list[dict]], list[dict]]) -> Callable[[Path], None]:
    from .test_hardening_release import edit_parquet

    return resealed(lambda release: edit_parquet(release, table, change))


def replace_in(name: str, old: bytes, new: bytes) -> Callable[[Path], None]:
    def apply(release: Path) -> None:
        data = (release / name).read_bytes()
        assert old in data, f"fixture broken: {old!r} not in {name}"
        (release / name).write_bytes(data.replace(old, new, 1))

    return apply


def schema_version(version: str) -> Callable[[Path], None]:
    def apply(release: Path) -> None:
        package = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
        package["landmine_news:schema_version"] = version
        (release / "datapackage.json").write_text(json.dumps(package, indent=2) + "\n", encoding="utf-8")

    return resealed(apply)


def sqlite(*statements: str) -> Callable[[Path], None]:
    from landmine_news.release.sqlite_db import SQLITE_FILE

    def apply(release: Path) -> None:
        with closing(sqlite3.connect(release / SQLITE_FILE)) as db:
            for sql in statements:
                db.execute(sql)
            db.commit()

    return resealed(apply)


def symlink_in(name: str) -> Callable[[Path], None]:
    def apply(release: Path) -> None:
        os.symlink(release / "actors.csv", release / name)

    return apply


def _last_row(rows: list[dict]) -> list[dict]:
    return [*rows[:-1], dict(rows[-1], end=rows[-1]["end"] + 3)]


SQLITE = "landmine-news.sqlite"
# code -> (mutation of a built release, release file, field (None: none), whether the problem is at its last line)
RELEASE_CASES: dict[str, tuple[Callable[[Path], None], str, str | None, bool]] = {
    "release-file-missing": (lambda release: (release / "quotes.csv").unlink(), "quotes.csv", None, False),
    "release-file-unlisted": (append_to("notes.txt", b"mine"), "notes.txt", None, False),
    "release-file-unexpected": (resealed(append_to("macro.xlsm", b"PK")), "macro.xlsm", None, False),
    "release-file-not-regular": (symlink_in("extra.csv"), "extra.csv", None, False),
    "release-name-unsafe": (append_to("SHA256SUMS", b"0" * 64 + b"  ../secret.txt\n"), "SHA256SUMS", None, True),
    "release-checksum-mismatch": (append_to("actors.csv", b"\r\n"), "actors.csv", None, False),
    "release-manifest-invalid": (append_to("SHA256SUMS", b"not a checksum line\n"), "SHA256SUMS", None, True),
    "release-schema-version": (schema_version("1.0.0"), "datapackage.json", None, False),
    "release-table-unreadable": (resealed(append_to("quotes.parquet", b"garbage")), "quotes.parquet", None, False),
    "release-row-invalid": (
        parquet_rows("figures", lambda rows: [dict(rows[0], unit="furlong")]),
        "figures.parquet",
        "unit",
        False,
    ),
    "release-span-invalid": (parquet_rows("quotes", _last_row), "quotes.parquet", "end", False),
    "release-link-mismatch": (
        resealed(replace_in("article_mentions.csv", b"tiny-state", b"tiny-critics")),
        "article_mentions.csv",
        None,
        False,
    ),
    "release-csv-parquet-differ": (
        resealed(replace_in("articles.csv", b"A tiny article", b"A tiny article (edited)")),
        "articles.csv",
        None,
        False,
    ),
    "release-sqlite-unreadable": (resealed(lambda release: (release / SQLITE).write_bytes(b"")), SQLITE, None, False),
    "release-sqlite-mismatch": (sqlite("CREATE TABLE evil(x)"), SQLITE, None, False),
}


@pytest.fixture
def release(tiny: Path, tmp_path: Path) -> Path:
    from landmine_news.release.writer import build

    out = tmp_path / "release"
    assert build(tiny, out).report.ok
    return out


@pytest.mark.parametrize("code", sorted(RELEASE_CASES))
def test_release_problem_code_fixture(release: Path, code: str):
    from landmine_news.release.verification import verify

    mutate, rel, field, last_line = RELEASE_CASES[code]
    mutate(release)
    report = verify(release)
    hits = [p for p in report.problems if p.code == code]
    assert hits, f"expected {code}, got {[(p.code, p.file, p.message) for p in report.problems]}"
    p = hits[0]
    assert p.file == rel and p.hint == CODES[code] and p.severity == "error" and not report.ok
    assert p.field == field
    if last_line:
        assert p.line == len((release / rel).read_bytes().splitlines())
    assert main(["verify", str(release), "--format", "json"]) == 1


def test_an_id_in_two_release_tables_is_reported_as_validate_reports_it(tiny: Path, release: Path, tmp_path: Path):
    """One id rule: an actor whose id is a quote's is `id-duplicate` in a release as in a dataset."""
    from landmine_news.release.verification import verify

    parquet_rows("actors", lambda rows: [*rows, dict(rows[0], id="tiny-q1")])(release)
    [problem] = verify(release).problems
    assert (problem.code, problem.file, problem.field, problem.value) == ("id-duplicate", "quotes.parquet", "id", "tiny-q1")
    assert problem.message.endswith("id 'tiny-q1' is already used in actors.parquet at row 4")
    with pytest.raises(ReleaseInvalid) as caught:
        load(release)
    assert caught.value.problems == [problem]
    # The dataset with the same clash: validate reports the same code, value and hint, at the quote.
    write("actors/tiny-q1.yaml", "id: tiny-q1\nname: Clash\nkind: group\n")(tiny)
    [found] = [p for p in check(tiny, workers=1).report.problems if p.code == "id-duplicate"]
    assert (found.value, found.hint, found.field) == (problem.value, problem.hint, "quotes[0].id")
    assert found.message.startswith("id 'tiny-q1' is already used in ")


def test_verify_renders_as_validate_does(release: Path, capsys: pytest.CaptureFixture[str]):
    from landmine_news.checks.report import render
    from landmine_news.release.verification import verify

    broken = ("release-file-unlisted", "release-checksum-mismatch")
    for code in broken:
        RELEASE_CASES[code][0](release)
    report = verify(release)
    assert {p.code for p in report.problems} == set(broken)
    capsys.readouterr()
    assert main(["verify", str(release), "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert out == render.as_json(report)
    data = json.loads(out)
    assert not data["ok"] and {p["code"] for p in data["problems"]} == set(broken)
    assert main(["verify", str(release), "--format", "github", "--max-problems", "1"]) == 1
    out = capsys.readouterr().out
    assert out == render.github(report, 1)
    assert out.startswith("::error file=actors.csv,title=release-checksum-mismatch::")
    assert main(["verify", str(release)]) == 1
    out = capsys.readouterr().out
    assert len(report.problems) == 4  # actors.csv differs from SHA256SUMS, and in hash and size from datapackage.json
    assert out == render.text(report) + f"release {release} FAILED verification: 4 problems\n"
    assert "notes.txt: error[release-file-unlisted] not listed in SHA256SUMS" in out


def test_load_and_validate_refuse_a_missing_folder_alike(tmp_path: Path):
    from landmine_news.release.verification import verify

    missing = tmp_path / "missing"
    for call in (load, check, verify):
        with pytest.raises(DatasetNotFound):
            call(missing)
    with pytest.raises(FolderNotFound):
        load(missing)
    with pytest.raises(NotADirectoryError):  # as before the two were one
        load(missing)
