"""Problems are data: every check yields `Problem` records collected into a `Report`.

Nothing in validation raises for bad input; renderers (text, JSON, GitHub annotations)
live in `render` so the API and the CLI report exactly the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

Severity = Literal["error", "warning"]

# Stable codes with the hint shown when a check gives none of its own. Codes are part of
# the public contract: renaming one breaks contributors' tooling, so only add.
CODES: dict[str, str] = {
    "yaml-syntax": "Fix the YAML syntax at the marked position; indentation and unclosed quotes are the usual causes.",
    "yaml-alias": "Write the value out in full: anchors (&) and aliases (*) are not allowed in records.",
    "yaml-duplicate-key": "Remove or rename one of the keys: YAML would silently keep only the last value.",
    "yaml-tag": "Remove the explicit tag (!!...): records hold plain strings, numbers, booleans, dates, lists and mappings.",
    "yaml-not-mapping": "A record file holds one mapping (key: value lines) at the top level.",
    "yaml-empty": "The file is empty: add the record or delete the file.",
    "not-utf8": "Save the file as UTF-8.",
    "file-too-large": "Split the content: record files are small by design.",
    "file-unreadable": "Check the file's permissions and that it is a regular file.",
    "path-escapes": "Keep every file inside the dataset folder; do not use symlinks that point outside it.",
    "file-unexpected": "Only `<id>.yaml` files belong in articles/ and actors/, and `.txt` files in sources/.",
    "field-missing": "Add the field; see docs/codebook.md for what it holds.",
    "field-unknown": "Remove the field or fix its spelling; see docs/codebook.md for the allowed fields.",
    "field-type": "Give a value of the right type; quote strings that YAML could read as numbers, dates or booleans.",
    "field-pattern": "Make the value match the required pattern.",
    "field-enum": "Use one of the allowed values listed in the message.",
    "field-invalid": "Correct the value as the message says.",
    "id-duplicate": "Ids are unique across the whole dataset: pick a new, unused id.",
    "id-filename-mismatch": "Rename the file or the id so that the file is `<id>.yaml`.",
    "article-mismatch": "Omit `article` inside an article file, or make it the enclosing article's id.",
    "reference-unresolved": "Create the referenced actor in dataset/actors/ or correct the id.",
    "source-missing": "Add the source text to dataset/sources/ or correct `source_file`.",
    "source-hash-mismatch": "Sources are never edited: restore the original text, or record the hash of a new source.",
    "length-mismatch": "Remove `length` (it is computed) or correct it.",
    "text-not-found": "Copy the text from the source file exactly, character for character.",
    "text-ambiguous": "Add `occurrence: N` (1-based) to say which occurrence is meant.",
    "occurrence-out-of-range": "Use an occurrence between 1 and the number of times the text occurs.",
    "offset-mismatch": "Remove `start`/`end` (they are computed) or correct them.",
    "source-orphan": "Reference the source from an article or remove it.",
    "actor-unreferenced": "Reference the actor from a record or remove it.",
    # Added when hardening file and YAML reading.
    "file-wrong-extension": "Rename the file to `<id>.yaml` (lowercase): only `.yaml` files are read, so this record is not in the dataset.",
    "file-not-regular": "Replace it with a regular `<id>.yaml` file: folders, named pipes, devices and broken or looping symlinks are not read.",
    "file-hidden": "Hidden files are not read: rename it to `<id>.yaml` if it is a record, or delete it.",
    "yaml-too-deep": "Flatten the structure: record files nest a few levels; more than 64 is refused unread.",
    "text-swallowed-structure": "A key line above is missing or mis-indented: restore it (for example `quotes:`) so these lines are read as fields.",
    "file-misplaced": "Move the records into articles/ or actors/ (lowercase): files elsewhere are not read.",
    "folder-missing": "A dataset folder holds articles/, actors/ and sources/: create the missing folder or fix its name.",
    "number-not-decimal": "Write numbers as plain decimals (10, 0.5, -3); YAML reads 010, 0x10, 1:30, 1_000 and yes differently.",
    "value-out-of-range": "Correct the value or its unit: counts are not negative, proportions lie in 0..1, percents in 0..100.",
    "value-formula-like": "Do not start a name or alias with =, +, - or @: spreadsheets run such cells as formulas.",
    "member-of-cycle": "Remove the member_of entry that leads back: an actor cannot belong to itself, directly or via others.",
    "text-splits-character": "Extend the text to whole characters: a span may not cut an accent, joiner or variation selector off.",
    "source-line-endings": "Keep the source as collected; if an editor or git (core.autocrlf) converted it, restore the original bytes and mark sources as binary in .gitattributes.",
    "value-control-character": "Delete the invisible character (a control or bidirectional override): it changes how the value prints in a terminal, a spreadsheet or a web page.",
    "source-not-text": "Collect the page's text again: a text holds no NUL character, so the file is damaged or not text.",
    "source-bom": "Keep the source as collected; if an editor added the byte-order mark, save the source again without it (UTF-8, no BOM) and record its new sha256.",
    # Added with schema 2.0.
    "verb-not-in-sentence": "Copy the reporting verb as written in the sentence of the text; with no verb on the page, write `attribution: inferred`.",
    "figure-rule-mismatch": "Code the figure as its wording's row of the rule table says (CONTRIBUTING.md, Figures).",
    "figure-wording-unknown": "Start the mention at the quantity words, or add a row for the new wording, with examples, to dataset/figure_rules.toml (CONTRIBUTING.md, Figures).",
    "figure-outside-quote": "Link a figure only to the quote whose text contains it, or leave `quote` out.",
    # Added with the coverage check (#14).
    "coverage-unreviewed": 'Record the statement or number (landmine-news suggest --article ID drafts entries), or add `"<text> | <reason>"` to the article\'s coverage_reviewed.',
    "coverage-review-unused": "Remove the entry, or fix its text or occurrence: no uncovered finding overlaps it.",
    # Added when `verify` and `load` reported releases as problems (file: the release file, relative to the release).
    "release-file-missing": "Download the release again (or rebuild it with `landmine-news build`): a file it lists or needs is missing.",
    "release-file-unexpected": "A build writes no such file: download the release again or rebuild it; keep your own files elsewhere.",
    "release-file-unlisted": "Remove the file, or rebuild the release: a release holds only the files its SHA256SUMS lists.",
    "release-file-not-regular": "Replace it with the regular file of the original release: a release holds no symbolic links or special files.",
    "release-name-unsafe": "Do not use this release: it names a file outside itself. Download it again from a source you trust.",
    "release-checksum-mismatch": "The file was corrupted or edited after the release was built: download the release again, or rebuild it.",
    "release-manifest-invalid": "SHA256SUMS and datapackage.json are written by `landmine-news build`: download the release again or rebuild it; never edit them by hand.",
    "release-schema-version": "Install the landmine-news version that reads this release's schema (its datapackage.json names it), or rebuild the release with this one.",
    "release-table-unreadable": "The table is not one a build writes (truncated, edited, or another format): download the release again or rebuild it.",
    "release-row-invalid": "The row is not a valid record of this schema, so the release was edited: correct the record in the dataset and rebuild the release.",
    "release-span-invalid": "A span's start..end must cover its text exactly, so the release was edited: rebuild it from the dataset.",
    "release-link-mismatch": "Link tables are derived from their list columns: rebuild the release rather than edit either by hand.",
    "release-csv-parquet-differ": "The CSV and Parquet files hold the same rows in a build, so one was edited: download the release again or rebuild it.",
    "release-sqlite-unreadable": "The SQLite file must be the one a build writes (SQLite 3, rollback-journal mode): download the release again or rebuild it.",
    "release-sqlite-mismatch": "The SQLite file must hold exactly the schema a build writes and the Parquet files' rows: download the release again or rebuild it.",
    "quote-edge-marks": "Keep quotation marks and the article's comma out of `text` and `verb`: copy the words between the marks.",
    "date-not-printed": "Set published_date only from a date the page prints; otherwise null, with the inference in notes.",
    "utc-offset-not-printed": "Set utc_offset only from a printed offset or a single-offset zone; otherwise null, zone in notes.",
    "attributed-not-named": "List in attributed_to only the outlets the page credits, or add the printed form as an alias.",
    "label-names-co-speaker": "With a joint subject, speaker_label is the words for the first subject only.",
    "member-basis-unnamed": "Quote the words that state the membership (they name the body), or cite the source.",
    "alias-redundant": "Delete the alias: names are compared without case, a leading `the` or a possessive.",
    "suggestion-unconfirmed": "Confirm the drafted record against the source, correct it, and delete the 'suggested by landmine-news suggest' text.",
    # Added when the rule table opened to contributions (#25): a dataset's own rows (dataset/figure_rules.toml).
    "rule-row-invalid": "Fix the row as the message says: a row has id, wordings, match (N and M for numbers), qualifier, the coded fields, and examples (CONTRIBUTING.md, Figures).",
    "rule-example-unmatched": "Make the row's `match` and coding fit the example, or correct the example: every example is a mention the row must code, and code possibly.",
    "rule-row-overlap": "An earlier row decides this example (the first row that matches wins): drop the example, or narrow the new row to wordings no earlier row matches.",
    "rule-row-released": "Give the new row an id of its own: the package's rows are released and never change; a change to one is a change to the package, not a dataset row.",
    # Added with schema 2.1 (#27): quote provenance and statements across articles.
    "fidelity-contradicted": "Leave `fidelity` out to have it computed from the two wordings, or correct the first words you recorded.",
    "statement-mismatch": "The quotes of one statement share one speaker and one first publication: correct the record, or name another statement.",
    "relay-invalid": "Point `relays` at the quote, in another article, whose reporting this one passes on: same speaker, same statement.",
    "statement-unmatched": "Check the statement id: a relay or report of the same utterance names the same id; a new utterance gets an id unlike the others.",
    "relay-cycle": "Remove the `relays` entry that leads back: a relay passes on an earlier report, never a later one.",
    "first-published-after": "A first publication comes before every report of it: check first_date and the articles' published_date.",
    "internal-error": "This is a bug in landmine-news, not in your data: please report it with the file attached.",
}


_DIGITS = re.compile(r"(\d+)")


def _natural(text: str) -> tuple[str | tuple[int, str], ...]:
    """`text` split into the text between runs of digits and the runs, each run as (length,
    digits): numeric order without `int()`, which refuses runs over 4,300 digits. A key
    always starts with text, so two keys hold the same type at each place."""
    return tuple((len(part), part) if i % 2 else part for i, part in enumerate(_DIGITS.split(text)))


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the dataset, located as precisely as the check can."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    severity: Severity = "error"
    hint: str | None = None
    value: Any = None

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}")
        if self.hint is None:
            object.__setattr__(self, "hint", CODES[self.code])

    def at(self, line: int | None, column: int | None) -> Problem:
        return replace(self, line=line, column=column)

    def sort_key(self) -> tuple[bool, str, int, int, str, str, tuple[str | tuple[int, str], ...]]:
        # Errors first: they are what stops a pull request; warnings follow. Messages that
        # tie on everything else (an article's coverage warnings, all at its `id:` line)
        # compare their numbers as numbers, so "source line 3" comes before "line 10".
        return (
            self.severity != "error",
            self.file or "",
            self.line or 0,
            self.column or 0,
            self.field or "",
            self.code,
            _natural(self.message),
        )

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["value"] = _jsonable(self.value)
        return d


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return repr(value) if not hasattr(value, "isoformat") else value.isoformat()


@dataclass
class Report:
    """All problems found in one run, sorted by file and position."""

    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    records_checked: int = 0

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings do not fail validation)."""
        return not self.errors

    def sorted(self) -> Report:
        self.problems.sort(key=Problem.sort_key)
        return self

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "files_checked": self.files_checked,
            "records_checked": self.records_checked,
            "problems": [p.to_dict() for p in self.problems],
        }
