"""Scaffolding for contributors: a new article file from a source text (named by a
transliterated slug), new quote / figure entries.

Nothing is overwritten. Entries are appended as text, so comments and layout survive, and
the result is re-parsed before it replaces the file. Files are read and written under
`validate`'s containment rules (`dataset_files`).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from ..checks.anchoring.spans import AnchorFailure, anchor
from ..checks.reading.files import MAX_SOURCE_BYTES, MAX_YAML_BYTES, read_text
from ..checks.reading.yaml_reader import parse
from ..checks.rules.rule_rows import dataset_rule_table
from ..digests import sha256_hex
from ..errors import ScaffoldError
from ..models.constraints import BCP47_PATTERN, SLUG_PATTERN
from ..models.lookup import closest
from .dataset_files import atomic_write, dataset_folder, member, read_member, read_member_bytes, record_files
from .entry_fields import entry_lines, refuse_uncoded

# Cyrillic (Ukrainian and Russian) and Greek letters to Latin; an empty string drops the
# letter (hard and soft signs). Accented Latin letters are handled by NFKD below.
_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ё": "io", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
    "α": "a", "β": "b", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
    "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
    "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}  # fmt: skip
_TABLE = str.maketrans(_LATIN)


def transliterate(text: str) -> str:
    """Latin letters for a title: accents dropped (NFKD), Cyrillic and Greek by a small table."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.translate(_TABLE)


def slugify(text: str) -> str:
    """A lowercase slug for `text` ("Über die Minen" -> "uber-die-minen"), or "article"."""
    slug = re.sub(r"[^a-z0-9]+", "-", transliterate(text)).strip("-")
    return slug[:80].strip("-") or "article"


def new_article(dataset: str | Path, source: str | Path, article_id: str | None = None, language: str = "en") -> Path:
    """Copy `source` into `dataset/sources/` and write `articles/<id>.yaml` with its hash."""
    root, source = Path(dataset), Path(source)
    if not root.is_dir():
        raise ScaffoldError(f"{root} is not a folder: give the dataset folder with --dataset (nothing is created for a typo)")
    if not source.is_file():
        raise ScaffoldError(f"{source} is not a file")
    if not re.fullmatch(BCP47_PATTERN, language):
        raise ScaffoldError(f"--language {language!r} is not a BCP 47 language tag such as en, uk or pt-BR")
    data = read_member_bytes(source, MAX_SOURCE_BYTES)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScaffoldError(f"{source} is not UTF-8 (byte {exc.start}); convert it without changing its text") from None
    article_id = article_id or slugify(source.stem)
    if not re.fullmatch(SLUG_PATTERN, article_id):
        raise ScaffoldError(f"id {article_id!r} is not a lowercase slug (letters, digits, single hyphens)")
    # Transliterated like the id, so `Über die Minen.txt` is stored as `uber-die-minen.txt`.
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", transliterate(source.stem)).strip("-") + source.suffix.lower()
    if not name.endswith(".txt"):
        name += ".txt"
    target_source = member(root, "sources", name)
    article_path = member(root, "articles", f"{article_id}.yaml")
    if article_path.exists():
        raise ScaffoldError(f"{article_path} already exists; refusing to overwrite it")
    if target_source.exists() and read_member_bytes(target_source, MAX_SOURCE_BYTES) != data:
        raise ScaffoldError(f"{target_source} already exists with other content; refusing to overwrite it")
    target_source.parent.mkdir(parents=True, exist_ok=True)
    article_path.parent.mkdir(parents=True, exist_ok=True)
    if not target_source.exists():
        atomic_write(target_source, data)
    text = f"""id: {article_id}
title: null  # the headline exactly as printed; keep null if the page shows none
published_date: null  # YYYY-MM-DD as printed
published_time: null  # "HH:MM" (quoted, 24-hour) as printed
utc_offset: null  # "+HH:MM" only if the page states a time zone
publisher: null  # actor id of the outlet, if the page names it
url: null
language: {language}
source_file: {name}
sha256: {sha256_hex(data)}
reading_time_minutes: null  # the page's own reading time, e.g. 2 for "2 minutes read"
image_caption: null  # the lead image's caption, verbatim, without the credit
image_credit: null  # the credit line, verbatim
image_credited_to: []  # actor ids of the names in the credit, in order
section_headings: []  # the headings printed in the body, in order
attributed_to: []  # actor ids of outlets whose reporting the page relays
mentions: []  # actor ids named but neither quoted nor reporting a figure
record_prefix: null  # a short prefix for quote and figure ids, e.g. sputnik-hrw
notes: null
quotes: []
figures: []
"""
    atomic_write(article_path, text)
    return article_path


def _article(root: Path, article_id: str) -> tuple[Path, str, dict[str, Any]]:
    if not re.fullmatch(SLUG_PATTERN, article_id):
        raise ScaffoldError(f"{article_id!r} is not an article id (a lowercase slug: letters, digits, single hyphens)")
    path = member(root, "articles", f"{article_id}.yaml")
    if not path.is_file():
        raise ScaffoldError(f"no article {article_id!r} ({path} does not exist)")
    text = read_member(path, MAX_YAML_BYTES)
    data, _problems = parse(text, str(path))
    if data is None or not isinstance(data, dict):
        raise ScaffoldError(f"{path} does not parse; run `landmine-news validate` and fix it first")
    return path, text, data


def _all_ids(root: Path) -> set[str]:
    """Every id in the dataset, from the files `validate` reads (one it cannot read holds none here)."""
    articles, actors = record_files(root, "articles"), record_files(root, "actors")
    ids = {p.stem for p in actors} | {p.stem for p in articles}
    for p in articles:
        text, _ = read_text(p, str(p), MAX_YAML_BYTES)
        data, _ = parse(text, str(p)) if text is not None else (None, [])
        items = [*(data.get("quotes") or []), *(data.get("figures") or [])] if isinstance(data, dict) else []
        ids.update(item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str))
    return ids


def _append_entry(text: str, key: str, entry: list[str]) -> str:
    lines = text.splitlines()
    head = re.compile(rf"^{key}:\s*(\[\s*\])?\s*(#.*)?$")
    for i, line in enumerate(lines):
        if head.match(line):
            if "[" in line.split("#", 1)[0]:
                lines[i] = f"{key}:"
            end = i + 1
            while end < len(lines) and (not lines[end].strip() or lines[end][0] in " -#"):
                end += 1
            while end > i + 1 and not lines[end - 1].strip():
                end -= 1
            return "\n".join(lines[:end] + entry + lines[end:]) + "\n"
    return text.rstrip("\n") + f"\n{key}:\n" + "\n".join(entry) + "\n"


def _check_anchor(root: Path, source_file: object, text: str, occurrence: int | None) -> None:
    """Refuse text that `validate` would not anchor: the same check, so the two never disagree."""
    if not isinstance(source_file, str):
        raise ScaffoldError("the article names no source_file; set it (a file in sources/) first")
    source_path = member(root, "sources", source_file)
    if not source_path.is_file():
        raise ScaffoldError(f"the article's source {source_path} does not exist")
    source = read_member(source_path, MAX_SOURCE_BYTES)
    if text != text.strip() or not text:
        raise ScaffoldError("the text must be non-empty and start and end on a visible character")
    found = anchor({"text": text, "occurrence": occurrence}, "text", source, source_path.name)
    if isinstance(found, AnchorFailure):
        flag = {"occurrence-out-of-range": "--occurrence is out of range", "text-ambiguous": "pass --occurrence N"}
        raise ScaffoldError(f"{found.message}: {flag.get(found.code, found.hint or '')}")
    if found is None:
        raise ScaffoldError("--occurrence must be a whole number from 1")


def _known_actors(root: Path, fields: dict[str, object]) -> None:
    """Refuse an actor id that names no actor file, naming the closest ones."""
    dataset_folder(root, "actors")  # an actors/ that leads outside is the problem to name, not a missing actor
    actors = {p.stem for p in record_files(root, "actors")}
    wanted = [fields.get(n) for n in ("speaker", "reported_by", "via")]
    co = fields.get("co_speakers")
    wanted += co if isinstance(co, list) else []
    for value in wanted:
        if isinstance(value, str) and value not in actors:
            near = closest(value, actors)
            hint = f"; did you mean {', '.join(near)}?" if near else f"; add it with landmine-news new actor --id {value} ..."
            raise ScaffoldError(f"no actor {value!r} in {root / 'actors'}{hint}")


def _known_quotes(fields: dict[str, object], article_id: str, quotes: set[str]) -> None:
    """Refuse a `part_of` or `quote` that names no quote of this article (links stay inside
    one article), naming the closest of its quotes."""
    for name in ("part_of", "quote"):
        value = fields.get(name)
        if isinstance(value, str) and value not in quotes:
            near = closest(value, quotes)
            hint = f"; did you mean {', '.join(near)}?" if near else "; add that quote first"
            raise ScaffoldError(f"--{name.replace('_', '-')} {value!r} names no quote of article {article_id}{hint}")


def next_id(data: dict[str, Any], article_id: str, kind: str, existing: set[str], planned: int = 0) -> str:
    """The next free `<prefix>-qNN` / `<prefix>-fNN` id of an article (prefix: `record_prefix` or the id),
    after `planned` entries of the kind still to be appended."""
    prefix = data.get("record_prefix") if isinstance(data.get("record_prefix"), str) else article_id
    n = len(data.get("quotes" if kind == "quote" else "figures") or []) + planned + 1
    while f"{prefix}-{kind[0]}{n:02d}" in existing:
        n += 1
    return f"{prefix}-{kind[0]}{n:02d}"


def planned_ids(dataset: str | Path, article_id: str, kinds: list[str]) -> list[str]:
    """The ids `new_entry` would give to entries of `kinds` appended in this order."""
    root = Path(dataset)
    _, _, data = _article(root, article_id)
    existing = _all_ids(root)
    out: list[str] = []
    for i, kind in enumerate(kinds):
        out.append(next_id(data, article_id, kind, existing | set(out), kinds[:i].count(kind)))
    return out


def new_entry(
    dataset: str | Path,
    kind: str,
    article_id: str,
    text: str,
    fields: dict[str, object],
    entry_id: str | None = None,
    occurrence: int | None = None,
    *,
    coded: bool = False,
) -> str:
    """Append a quote (`kind='quote'`) or figure to an article, after checking the anchor; with
    `coded=True` (`new figure`), a figure the rule table does not code in full is refused."""
    root = Path(dataset)
    path, file_text, data = _article(root, article_id)
    _check_anchor(root, data.get("source_file"), text, occurrence)
    key = "quotes" if kind == "quote" else "figures"
    existing = _all_ids(root)
    if entry_id is None:
        entry_id = next_id(data, article_id, kind, existing)
    _known_actors(root, fields)
    own = {str(q["id"]) for q in data.get("quotes") or [] if isinstance(q, dict) and isinstance(q.get("id"), str)}
    _known_quotes(fields, article_id, own)
    if not re.fullmatch(SLUG_PATTERN, entry_id):
        raise ScaffoldError(f"id {entry_id!r} is not a lowercase slug")
    if entry_id in existing:
        raise ScaffoldError(f"id {entry_id!r} is already used; refusing to overwrite it")
    if coded and kind == "figure":
        # The dataset's own rows code figures too, as `validate` will.
        refuse_uncoded(text, fields, dataset_rule_table(root).rules)
        low, high = fields.get("low"), fields.get("high")
        if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
            raise ScaffoldError(f"--low {low:g} is above --high {high:g}: bounds go low <= value <= high")
    entry = entry_lines(entry_id, "text" if kind == "quote" else "mention", text, fields)
    if occurrence is not None:
        entry.append(f"    occurrence: {occurrence}")
    new_text = _append_entry(file_text, key, entry)
    parsed, _problems = parse(new_text, str(path))
    items = parsed.get(key) if isinstance(parsed, dict) else None
    if not isinstance(items, list) or not any(isinstance(i, dict) and i.get("id") == entry_id for i in items):
        raise ScaffoldError(f"could not append to {path} safely (its layout is unusual); add the entry by hand")
    atomic_write(path, new_text)
    return entry_id
