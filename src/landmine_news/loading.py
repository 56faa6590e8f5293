"""Turning one record file into models, with every problem located.

This is the per-file stage of validation: it needs nothing but the file, so it can run in
parallel worker processes (see `validate.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .actor import Actor
from .article import Article
from .figure import Figure
from .problem import Problem
from .quote import Quote
from .yamlfile import MAX_YAML_BYTES, compose, locate, parse, read_text

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
_SLUG_FIELDS = {"article", "speaker", "co_speakers", "reported_by", "member_of", "publisher",
                "attributed_to", "mentions", "image_credited_to"}


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
            for key in _SLUG_FIELDS & data.keys():
                value = data[key]
                loaded.raw_refs.update(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
        for err in exc.errors(include_url=False):
            loaded.problems.append(_problem_from_error(err, prefix, loaded.display, pos))
        return None


def load_file(path: Path, display: str, kind: str) -> Loaded:
    """Read one `articles/*.yaml` (kind 'article') or `actors/*.yaml` (kind 'actor') file."""
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
    pos = Positions(text)
    if kind == "actor":
        model = _model(Actor, data, (), loaded, pos)
        if model is not None:
            loaded.models.append(((), model))
        return loaded

    article_data = dict(data)
    children = {name: article_data.pop(name, None) for name in ("quotes", "figures")}
    article_id = article_data.get("id") if isinstance(article_data.get("id"), str) else path.stem
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
            model = _model(model_cls, item, prefix, loaded, pos)
            if model is not None:
                loaded.models.append((prefix, model))
    return loaded
