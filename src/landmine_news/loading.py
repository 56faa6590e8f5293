"""Turning one record file into models, with every problem located.

This is the per-file stage of validation: it needs nothing but the file, so it can run in
parallel worker processes (see `validate.py`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .actor import Actor
from .article import Article
from .dataset import REFERENCES
from .figure import Figure
from .problem import Problem
from .quote import Quote
from .anchor import closest_passage, occurrences, span_at
from .constraints import SHA256_PATTERN, SOURCE_FILE_PATTERN
from .yamlfile import MAX_YAML_BYTES, compose, decode, locate, parse, read_bytes, read_text

MAX_SOURCE_BYTES = 16 << 20

YamlPath = tuple[Any, ...]


@dataclass
class Loaded:
    """What one record file yielded: models (with their place in the file) and problems."""

    kind: str
    display: str
    models: list[tuple[YamlPath, BaseModel]] = field(default_factory=list)
    # Ids of records that failed model checks: references to them are not reported as
    # unresolved, which would only bury the real problem under noise.
    raw_ids: list[tuple[YamlPath, str]] = field(default_factory=list)
    # Actor ids that records failing model checks refer to: their actors are not orphans.
    raw_refs: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    records: int = 0
    source_file: str | None = None
    parsed: bool = False
    """Whether the file parsed into a mapping; if not, what it references is unknown."""


def field_path(path: YamlPath) -> str:
    """`('quotes', 2, 'speaker')` -> `quotes[2].speaker`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


_PATTERN_HINTS = {
    "id": "Ids are lowercase letters, digits and single hyphens, e.g. 'mary-wareham'.",
    "wikidata": "A Wikidata id is Q followed by digits without leading zero, e.g. 'Q30'; leave it out when unsure.",
    "language": "Use a BCP 47 tag such as 'en', 'uk' or 'en-GB'.",
    "url": "Give a full http(s) address, e.g. 'https://example.org/story'.",
    "sha256": "64 lowercase hex digits: run `sha256sum dataset/sources/FILE`.",
    "published_time": "24-hour HH:MM, quoted: published_time: \"21:00\".",
    "utc_offset": "Write it as +HH:MM or -HH:MM, quoted, e.g. \"-05:00\".",
    "source_file": "Just the file name under dataset/sources/, ending in .txt.",
}
_ACTOR_FIELDS = {name for refs in REFERENCES.values() for name, _ in refs}
_SLUG_FIELDS = _ACTOR_FIELDS | {"article"}


class Positions:
    """Lines and columns in one file's text; the node tree is composed on first use only."""

    def __init__(self, text: str):
        self.text = text
        self._root: Any = None
        self._composed = False

    def at(self, path: YamlPath, key: bool = False) -> tuple[int | None, int | None]:
        if not self._composed:
            self._root, self._composed = compose(self.text), True
        return locate(self._root, path, key) or (None, None)


def _problem_from_error(err: dict[str, Any], prefix: YamlPath, display: str, pos: Positions) -> Problem:
    loc = tuple(err.get("loc", ()))
    kind = err.get("type", "")
    path = prefix + loc
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    value = err.get("input")
    hint = None
    if kind == "missing":
        code, message, where = "field-missing", f"required field '{name}' is missing", pos.at(prefix + loc[:-1])
    elif kind == "extra_forbidden":
        code, message, where = "field-unknown", f"unknown field '{name}'", pos.at(path, key=True)
    elif kind == "string_pattern_mismatch":
        code = "field-pattern"
        message = f"'{name}' value {value!r} does not match the required pattern"
        hint = _PATTERN_HINTS.get(name) or (_PATTERN_HINTS["id"] if name in _SLUG_FIELDS else None)
        where = pos.at(path)
    elif kind == "enum":
        code, message, where = "field-enum", f"'{name}': {err.get('msg')}, got {value!r}", pos.at(path)
    elif kind.endswith("_type") or kind.endswith("_parsing") or kind in {"model_type", "list_type", "dict_type"}:
        code, message, where = "field-type", f"'{name or field_path(path)}': {err.get('msg')}, got {value!r}", pos.at(path)
        if name == "published_time" and isinstance(value, int):
            hint = f"Quote the time: unquoted, YAML reads it as the number {value}. Write published_time: \"HH:MM\"."
        elif kind == "string_type" and isinstance(value, (bool, int, float)) or hasattr(value, "isoformat"):
            hint = "Quote the value: YAML read it as a number, boolean or date, but this field holds text."
    else:
        code = "field-invalid"
        label = f"'{name}'" if name else "record"
        message = f"{label}: {err.get('msg')}"
        where = pos.at(path)
    if value is None and code in {"field-type", "field-enum"}:
        hint = f"'{name}' is required and may not be null: fill it in."
    line, column = where
    return Problem(code, message, file=display, line=line, column=column, field=field_path(path) or None,
                   hint=hint, value=value if not isinstance(value, dict) else None)


def _model(model: type[BaseModel], data: Any, prefix: YamlPath, loaded: Loaded, pos: Positions) -> BaseModel | None:
    loaded.records += 1
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        if isinstance(data, dict):
            if isinstance(data.get("id"), str):
                loaded.raw_ids.append((prefix, data["id"]))
            for key in _ACTOR_FIELDS & data.keys():
                value = data[key]
                loaded.raw_refs.update(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
        for err in exc.errors(include_url=False):
            loaded.problems.append(_problem_from_error(err, prefix, loaded.display, pos))
        return None


def load_file(path: Path, display: str, kind: str, sources: Path | None = None) -> Loaded:
    """Read one `articles/*.yaml` (kind 'article') or `actors/*.yaml` (kind 'actor') file.

    For an article, the source text in `sources` is read here too: its hash is checked and
    every quote and figure anchored before the models are built, so the whole per-article
    cost runs in the worker processes and each record is validated exactly once.
    """
    loaded = Loaded(kind, display)
    text, problems = read_text(path, display, MAX_YAML_BYTES)
    if text is None:
        loaded.problems.extend(problems)
        return loaded
    data, problems = parse(text, display)
    loaded.problems.extend(problems)
    if data is None:
        return loaded
    if not isinstance(data, dict):
        loaded.problems.append(Problem("yaml-not-mapping", f"top level is a {type(data).__name__}, not a mapping", file=display, line=1, column=1))
        return loaded
    loaded.parsed = True
    pos = Positions(text)
    record_id = data.get("id")
    if isinstance(record_id, str) and record_id != path.stem:
        line, column = pos.at(("id",))
        loaded.problems.append(Problem("id-filename-mismatch", f"id {record_id!r} does not match the file name {path.stem}.yaml",
                                       file=display, line=line, column=column, field="id", value=record_id))
    if kind == "actor":
        model = _model(Actor, data, (), loaded, pos)
        if model is not None:
            loaded.models.append(((), model))
        return loaded

    article_data = dict(data)
    children = {name: article_data.pop(name, None) for name in ("quotes", "figures")}
    article_id = record_id if isinstance(record_id, str) else path.stem
    source_text = _source(article_data, sources, loaded, pos) if sources is not None else None
    article = _model(Article, article_data, (), loaded, pos)
    if article is not None:
        loaded.models.append(((), article))
    for name, model_cls in (("quotes", Quote), ("figures", Figure)):
        items = children[name]
        if items is None:
            continue
        if not isinstance(items, list):
            line, column = pos.at((name,))
            loaded.problems.append(Problem("field-type", f"'{name}' must be a list of mappings, got {type(items).__name__}",
                                           file=display, line=line, column=column, field=name))
            continue
        for i, item in enumerate(items):
            prefix = (name, i)
            if isinstance(item, dict):
                written = item.get("article")
                if written is not None and written != article_id:
                    line, column = pos.at(prefix + ("article",))
                    loaded.problems.append(Problem(
                        "article-mismatch", f"'article' is {written!r} but the enclosing article is {article_id!r}",
                        file=display, line=line, column=column, field=field_path(prefix + ("article",)), value=written))
                    continue
                item = {**item, "article": article_id}
                if source_text is not None:
                    anchor(item, prefix, "text" if name == "quotes" else "mention", source_text,
                           str(article_data.get("source_file")), loaded, pos)
            model = _model(model_cls, item, prefix, loaded, pos)
            if model is not None:
                loaded.models.append((prefix, model))
    return loaded


def _source(article: dict[str, Any], sources: Path, loaded: Loaded, pos: Positions) -> str | None:
    """The article's source text when it exists and its hash matches; records the problems otherwise.

    Fills in the computed `length`. Returns None (and anchors nothing) when the text cannot
    be trusted, since every offset would be meaningless.
    """
    name = article.get("source_file")
    if not isinstance(name, str) or not re.fullmatch(SOURCE_FILE_PATTERN, name):
        return None  # the model check reports the field
    loaded.source_file = name
    path = sources / name
    display = path.as_posix()
    if path.is_symlink() or not path.is_file():
        line, column = pos.at(("source_file",))
        loaded.problems.append(Problem("source-missing", f"source file {name} is not in {sources.as_posix()}/",
                                       file=loaded.display, line=line, column=column, field="source_file", value=name))
        return None
    data, problems = read_bytes(path, display, MAX_SOURCE_BYTES)
    if data is None:
        loaded.problems.extend(problems)
        return None
    digest = hashlib.sha256(data).hexdigest()
    written = article.get("sha256")
    if digest != written:
        if isinstance(written, str) and re.fullmatch(SHA256_PATTERN, written):
            line, column = pos.at(("sha256",))
            loaded.problems.append(Problem("source-hash-mismatch", f"{name} has sha256 {digest}, the record says {written}",
                                           file=loaded.display, line=line, column=column, field="sha256", value=written))
        return None
    text, problems = decode(data, display)
    if text is None:
        loaded.problems.extend(problems)
        return None
    written_length = article.get("length")
    if written_length is None:
        article["length"] = len(text)
    elif written_length != len(text) and isinstance(written_length, int):
        line, column = pos.at(("length",))
        loaded.problems.append(Problem("length-mismatch", f"length is {written_length} but the source has {len(text)} code points",
                                       file=loaded.display, line=line, column=column, field="length", value=written_length))
    return text


def anchor(item: dict[str, Any], prefix: YamlPath, name: str, source: str, source_name: str, loaded: Loaded, pos: Positions) -> None:
    """Find `item[name]` in the source and fill in the computed span fields, or record why not."""
    needle = item.get(name)
    if not isinstance(needle, str) or not needle:
        return  # the model check reports the field
    starts = occurrences(source, needle)

    def problem(code: str, message: str, at: str, hint: str | None = None, value: Any = needle) -> None:
        line, column = pos.at(prefix + (at,))
        loaded.problems.append(Problem(code, message, file=loaded.display, line=line, column=column,
                                       field=field_path(prefix + (at,)), hint=hint, value=value))

    if not starts:
        passage, diff = closest_passage(source, needle)
        hint = f"Closest passage in the source: {passage!r}; {diff}." if passage else diff[0].upper() + diff[1:] + "."
        problem("text-not-found", f"{name} not found verbatim in source {source_name}", name, hint)
        return
    occ = item.get("occurrence")
    if occ is None:
        if len(starts) > 1:
            problem("text-ambiguous", f"{name} occurs {len(starts)} times in the source (at offsets {', '.join(map(str, starts[:5]))})", name)
            return
        occ = 1
    elif not isinstance(occ, int) or isinstance(occ, bool) or occ < 1:
        return  # the model check reports the field
    elif occ > len(starts):
        problem("occurrence-out-of-range", f"occurrence is {occ} but {name} occurs {len(starts)} time(s)", "occurrence", value=occ)
        return
    span = span_at(source, starts[occ - 1], len(needle), occ)
    for attr in ("start", "end", "prefix", "suffix"):
        written = item.get(attr)
        if written is not None and written != getattr(span, attr):
            problem("offset-mismatch", f"{attr} is {written!r} but the text is at {span.start}..{span.end}"
                    f" (prefix {span.prefix!r}, suffix {span.suffix!r})", attr, value=written)
            return
    item.update(start=span.start, end=span.end, occurrence=occ, prefix=span.prefix, suffix=span.suffix)
