"""One fixture per problem code: each breaks the tiny dataset in one way and checks the
code, the file, the line and the field path of what validation reports."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from landmine_news.checks.problems import CODES
from landmine_news.checks.validation import check_dataset as check

from .conftest import set_source

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
}
WARNINGS = {
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
    assert set(CASES) | {"internal-error", "file-unreadable"} == set(CODES)


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
    import landmine_news.checks.files as files

    real = files.open_no_wait

    def failing(path: Path) -> int:
        if path.name == "tiny.txt":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(files, "open_no_wait", failing)
    report = check(tiny).report
    [p] = [p for p in report.problems if p.code == "file-unreadable"]
    assert p.file == (tiny / "sources/tiny.txt").as_posix()
    assert "Permission denied" in p.message and not report.ok


def test_internal_error_is_reported_not_raised(tiny: Path, monkeypatch: pytest.MonkeyPatch):
    import landmine_news.checks.worker as v

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
