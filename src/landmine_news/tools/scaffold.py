"""Scaffolding for contributors: a new article file from a source text, new quote / figure entries.

Nothing is overwritten: an existing article file, source file with other content, or record
id is refused. Entries are appended as text so comments and layout in the file survive,
and the result is re-parsed before it replaces the file.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from ..checks.anchoring import AnchorFailure, anchor
from ..checks.yaml_reader import parse
from ..errors import ScaffoldError
from ..models.constraints import SLUG_PATTERN
from ..release.checksums import sha256_bytes
from .yaml_writer import quote_str

PLACEHOLDER = "null  # fill in"


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


_TRANSLIT = dict(
    zip(
        "абвгґдеєёжзиіїйклмнопрстуфхцчшщъыьэюяαβγδεζηθικλμνξοπρσςτυφχψω",
        [
            "a",
            "b",
            "v",
            "h",
            "g",
            "d",
            "e",
            "ie",
            "io",
            "zh",
            "z",
            "y",
            "i",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "-",
            "y",
            "-",
            "e",
            "iu",
            "ia",
            "a",
            "b",
            "g",
            "d",
            "e",
            "z",
            "i",
            "th",
            "i",
            "k",
            "l",
            "m",
            "n",
            "x",
            "o",
            "p",
            "r",
            "s",
            "s",
            "t",
            "y",
            "f",
            "ch",
            "ps",
            "o",
        ],
        strict=True,
    )
)


def transliterate(text: str) -> str:
    """Latin letters for a title: accents dropped (NFKD), Cyrillic and Greek by a small table."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(_TRANSLIT.get(ch, ch).replace("-", "") for ch in plain)


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", transliterate(text)).strip("-")
    return slug[:80].strip("-") or "article"


def new_article(dataset: str | Path, source: str | Path, article_id: str | None = None, language: str = "en") -> Path:
    """Copy `source` into `dataset/sources/` and write `articles/<id>.yaml` with its hash."""
    root, source = Path(dataset), Path(source)
    if not source.is_file():
        raise ScaffoldError(f"{source} is not a file")
    data = source.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScaffoldError(f"{source} is not UTF-8 (byte {exc.start}); convert it without changing its text") from None
    article_id = article_id or slugify(source.stem)
    if not re.fullmatch(SLUG_PATTERN, article_id):
        raise ScaffoldError(f"id {article_id!r} is not a lowercase slug (letters, digits, single hyphens)")
    name = re.sub(r"[^A-Za-z0-9._-]", "-", source.name)
    if not name.endswith(".txt"):
        name += ".txt"
    target_source = root / "sources" / name
    article_path = root / "articles" / f"{article_id}.yaml"
    if article_path.exists():
        raise ScaffoldError(f"{article_path} already exists; refusing to overwrite it")
    if target_source.exists() and target_source.read_bytes() != data:
        raise ScaffoldError(f"{target_source} already exists with other content; refusing to overwrite it")
    target_source.parent.mkdir(parents=True, exist_ok=True)
    article_path.parent.mkdir(parents=True, exist_ok=True)
    if not target_source.exists():
        target_source.write_bytes(data)
    text = "\n".join(
        [
            f"id: {article_id}",
            "title: null  # the headline exactly as printed; keep null if the page shows none",
            "published_date: null  # YYYY-MM-DD as printed",
            'published_time: null  # "HH:MM" (quoted, 24-hour) as printed',
            'utc_offset: null  # "+HH:MM" only if the page states a time zone',
            "publisher: null  # actor id of the outlet, if the page names it",
            "url: null",
            f"language: {language}",
            f"source_file: {name}",
            f"sha256: {sha256_bytes(data)}",
            "attributed_to: []  # actor ids of outlets whose reporting the page relays",
            "mentions: []  # actor ids named but neither quoted nor reporting a figure",
            "notes: null",
            "quotes: []",
            "figures: []",
            "",
        ]
    )
    _atomic_write(article_path, text)
    return article_path


def _article(root: Path, article_id: str) -> tuple[Path, str, dict[str, Any]]:
    path = root / "articles" / f"{article_id}.yaml"
    if not path.is_file():
        raise ScaffoldError(f"no article {article_id!r} ({path} does not exist)")
    text = path.read_text(encoding="utf-8")
    data, _problems = parse(text, str(path))
    if data is None or not isinstance(data, dict):
        raise ScaffoldError(f"{path} does not parse; run `landmine-news validate` and fix it first")
    return path, text, data


def _all_ids(root: Path) -> set[str]:
    ids = {p.stem for p in (root / "actors").glob("*.yaml")} | {p.stem for p in (root / "articles").glob("*.yaml")}
    for p in (root / "articles").glob("*.yaml"):
        data, _ = parse(p.read_text(encoding="utf-8"), str(p))
        if isinstance(data, dict):
            for key in ("quotes", "figures"):
                for item in data.get(key) or []:
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        ids.add(item["id"])
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


def figure_fields(mention: str, given: dict[str, object]) -> dict[str, object]:
    """The fields of a new figure: those `given` (None: not given), completed from the rule table.

    The row of the mention's wording supplies qualifier, value, bounds, inclusivity, point
    and (where the row decides it) unit, so a scaffolded figure is coded as `validate`
    will require; a value the curator gives wins, and `validate` then says if it breaks
    the row.
    """
    from ..models.figure_rules import match, unit_required

    found = match(mention)
    coded: dict[str, object] = dict(found.expected) if found else {}
    unit = (found.row.unit if found and found.row.unit else None) or (unit_required(mention) or (None, None))[1]
    if unit is not None:
        coded["unit"] = unit
    merged = {**coded, **{k: v for k, v in given.items() if v is not None}}
    order = (
        "measures",
        "value",
        "low",
        "low_inclusive",
        "high",
        "high_inclusive",
        "point",
        "unit",
        "base",
        "qualifier",
        "reported_by",
    )
    out: dict[str, object] = {}
    for name in order:
        if name in merged and merged[name] is not None:
            out[name] = merged[name]
        elif name in ("measures", "unit", "qualifier") or (name == "base" and unit in ("proportion", "percent")):
            out[name] = None  # required: written as a placeholder to fill in
    return out


def _check_anchor(source_path: Path, text: str, occurrence: int | None) -> None:
    """Refuse text that `validate` would not anchor: the same check, so the two never disagree."""
    if not source_path.is_file():
        raise ScaffoldError(f"the article's source {source_path} does not exist")
    source = source_path.read_text(encoding="utf-8")
    if text != text.strip() or not text:
        raise ScaffoldError("the text must be non-empty and start and end on a visible character")
    found = anchor({"text": text, "occurrence": occurrence}, "text", source, source_path.name)
    if isinstance(found, AnchorFailure):
        flag = {"occurrence-out-of-range": "--occurrence is out of range", "text-ambiguous": "pass --occurrence N"}
        raise ScaffoldError(f"{found.message}: {flag.get(found.code, found.hint or '')}")
    if found is None:
        raise ScaffoldError("--occurrence must be a whole number from 1")


def _entry_lines(entry_id: str, field_name: str, text: str, fields: dict[str, object]) -> list[str]:
    entry = [f"  - id: {entry_id}", f"    {field_name}: {quote_str(text)}"]
    for name, value in fields.items():
        if value is None:
            entry.append(f"    {name}: {PLACEHOLDER}")
        elif isinstance(value, str):
            entry.append(f"    {name}: {quote_str(value)}")
        else:
            entry.append(f"    {name}: {json.dumps(value)}")
    return entry


def _known_actors(root: Path, fields: dict[str, object]) -> None:
    """Refuse an actor id that names no actor file, naming the closest ones."""
    from ..models.lookup import closest

    actors = {p.stem for p in (root / "actors").glob("*.yaml")}
    for name in ("speaker", "reported_by", "via"):
        value = fields.get(name)
        if isinstance(value, str) and value not in actors:
            near = closest(value, actors)
            hint = f"; did you mean {', '.join(near)}?" if near else f"; add it with landmine-news new actor --id {value} ..."
            raise ScaffoldError(f"no actor {value!r} in {root / 'actors'}{hint}")


def new_entry(
    dataset: str | Path,
    kind: str,
    article_id: str,
    text: str,
    fields: dict[str, object],
    entry_id: str | None = None,
    occurrence: int | None = None,
) -> str:
    """Append a quote (`kind='quote'`) or figure to an article, after checking the anchor."""
    root = Path(dataset)
    path, file_text, data = _article(root, article_id)
    _check_anchor(root / "sources" / str(data.get("source_file")), text, occurrence)
    key = "quotes" if kind == "quote" else "figures"
    existing = _all_ids(root)
    if entry_id is None:
        prefix = data.get("record_prefix") if isinstance(data.get("record_prefix"), str) else article_id
        n = len(data.get(key) or []) + 1
        while f"{prefix}-{kind[0]}{n:02d}" in existing:
            n += 1
        entry_id = f"{prefix}-{kind[0]}{n:02d}"
    _known_actors(root, fields)
    if not re.fullmatch(SLUG_PATTERN, entry_id):
        raise ScaffoldError(f"id {entry_id!r} is not a lowercase slug")
    if entry_id in existing:
        raise ScaffoldError(f"id {entry_id!r} is already used; refusing to overwrite it")
    entry = _entry_lines(entry_id, "text" if kind == "quote" else "mention", text, fields)
    if occurrence is not None:
        entry.append(f"    occurrence: {occurrence}")
    new_text = _append_entry(file_text, key, entry)
    parsed, _problems = parse(new_text, str(path))
    items = parsed.get(key) if isinstance(parsed, dict) else None
    if not isinstance(items, list) or not any(isinstance(i, dict) and i.get("id") == entry_id for i in items):
        raise ScaffoldError(f"could not append to {path} safely (its layout is unusual); add the entry by hand")
    _atomic_write(path, new_text)
    return entry_id
