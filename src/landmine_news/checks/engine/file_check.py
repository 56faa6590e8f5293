"""The per-file check: one record file's bytes (and an article's source) into models and problems.
It needs nothing but the bytes and the sources folder, so it runs in worker processes (`pool`)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from ...models.actor import Actor
from ...models.article import Article
from ...models.base import Record
from ...models.constraints import SLUG_PATTERN
from ...models.figure import Figure
from ...models.figure_rules import RuleTable, effective_table
from ...models.lineage import link_of
from ...models.quote import Quote
from ...models.tables import ACTOR_FIELDS
from ..anchoring.attribution import anchor_label, anchor_verb
from ..anchoring.spans import AnchorFailure, PassageBudget, anchor
from ..coverage.article_coverage import article_findings
from ..coverage.findings import ArticleCoverage
from ..reading.files import decode
from ..reading.positions import Positions, YamlPath, field_path
from ..reading.source_texts import check_source
from ..reading.yaml_reader import parse
from ..report.problems import Problem
from ..rules.date_hints import calendar_hint
from ..rules.figure_coding import mention_start_findings
from ..rules.file_result import FileKind, FileResult
from ..rules.findings import Finding
from ..rules.model_errors import problem_from_error
from ..rules.name_claims import name_claims
from ..rules.number_spelling import number_text_problems
from ..rules.page_facts import page_fact_findings
from ..rules.quote_links import link_findings
from ..rules.record_values import value_findings

_SLUG = re.compile(SLUG_PATTERN)
R = TypeVar("R", bound=Record)

_CHILDREN: tuple[tuple[str, type[Record], str], ...] = (("quotes", Quote, "text"), ("figures", Figure, "mention"))


class _FileCheck:
    """The state of checking one file: its positions, its figure rule table (None: the package's), its result."""

    def __init__(self, result: FileResult, pos: Positions, rules: RuleTable | None = None):
        self.result = result
        self.pos = pos
        self.rules = rules
        self.reported: set[YamlPath] = set()  # paths already reported: their model errors would repeat it
        self.passages = PassageBudget()

    def problem(self, code: str, message: str, path: YamlPath, value: Any = None, hint: str | None = None) -> None:
        line, column = self.pos.at(path)
        field = field_path(path) or None
        self.result.problems.append(Problem(code, message, self.result.display, line, column, field, hint=hint, value=value))

    def found(self, prefix: YamlPath, finding: Finding) -> None:
        """A rule's finding of the record at `prefix`, located."""
        problem = finding.problem
        self.problem(problem.code, problem.message, prefix + (finding.path or ()), problem.value, problem.hint)

    def model(self, model: type[R], data: Any, prefix: YamlPath) -> R | None:
        """Validate one record; keep the model (and return it), or its problems and what it refers to."""
        self.result.records += 1
        try:
            record = model.model_validate(data)
        except ValidationError as exc:
            self.failed(exc, data, prefix)
            return None
        self.result.models.append((prefix, record))
        for found in value_findings(record, self.rules):
            self.found(prefix, found)
        return record

    def failed(self, exc: ValidationError, data: Any, prefix: YamlPath) -> None:
        """A record that failed its model: its problems, and the ids it names (see `raw_ids`)."""
        if isinstance(data, dict):
            if isinstance(data.get("id"), str):
                self.result.raw_ids.append((prefix, data["id"]))
            for key in sorted(ACTOR_FIELDS & data.keys()):
                value = data[key]
                located = enumerate(value) if isinstance(value, list) else [(None, value)]
                # An id that is no slug is the model's to report (field-pattern): as a reference
                # it would only add a second problem, with a `new actor` hint that cannot work.
                self.result.raw_refs += [(prefix, key, i, v) for i, v in located if isinstance(v, str) and _SLUG.fullmatch(v)]
        for err in exc.errors(include_url=False):
            if prefix + tuple(err.get("loc", ())) not in self.reported:
                problem = problem_from_error(dict(err), prefix, self.result.display, self.pos)
                self.result.problems.append(calendar_hint(problem))

    def children(
        self, name: str, items: Any, model: type[Record], text_field: str, article_id: str, source: tuple[str, str] | None
    ) -> None:
        """The quotes or figures of an article: each given the article id and anchored."""
        if not isinstance(items, list):
            self.problem("field-type", f"'{name}' must be a list of mappings, got {type(items).__name__}", (name,))
            return
        for i, item in enumerate(items):
            prefix: YamlPath = (name, i)
            if isinstance(item, dict):
                written = item.get("article")
                if written is not None and written != article_id:
                    message = f"'article' is {written!r} but the enclosing article is {article_id!r}"
                    self.problem("article-mismatch", message, (*prefix, "article"), written)
                    continue
                item = {**item, "article": article_id}
                if source is not None:
                    self.anchor(item, prefix, text_field, *source)
            self.model(model, item, prefix)

    def anchor(self, item: dict[str, Any], prefix: YamlPath, text_field: str, source_name: str, source: str) -> None:
        found = anchor(item, text_field, source, source_name, self.passages)
        if isinstance(found, AnchorFailure):
            self.problem(found.code, found.message, (*prefix, found.field), found.value, found.hint)
        elif found is not None:
            item.update(found.fields())
            if text_field == "text":
                self.anchor_attribution(item, prefix, source, found.start, found.end)

    def anchor_attribution(self, item: dict[str, Any], prefix: YamlPath, source: str, start: int, end: int) -> None:
        """The spans of a quote's verb and speaker label (computed; hand-written ones are checked)."""
        for name, finder in (("verb", anchor_verb), ("speaker_label", anchor_label)):
            found = finder(item, source, start, end)
            if isinstance(found, AnchorFailure):
                self.problem(found.code, found.message, (*prefix, found.field), found.value, found.hint)
                continue
            for attr, computed in zip((f"{name}_start", f"{name}_end"), found or (None, None), strict=True):
                written = item.get(attr)
                if written is not None and written != computed:
                    self.problem(
                        "offset-mismatch", f"{attr} is {written!r} but {name} is at {computed}", (*prefix, attr), written
                    )
                item[attr] = computed


def check_file(
    display: str, kind: FileKind, stem: str, data: bytes, sources: Path | None = None, rules: str | None = None
) -> FileResult:
    """Check the bytes of one `articles/<id>.yaml` (kind 'article') or `actors/<id>.yaml` (kind 'actor') file.

    The result depends only on `data` and `rules` (the text of the dataset's `figure_rules.toml`,
    None: it has none), which the cache key covers. `stem` is the name its id must be. An
    article's source is read from `sources` here, so records are anchored before validation.
    """
    result = FileResult(kind, display)
    text, problems = decode(data, display)
    parsed, parse_problems = parse(text, display) if text is not None else (None, [])
    result.problems.extend(problems + parse_problems)
    if parsed is None:
        return result
    if not isinstance(parsed, dict):
        message = f"top level is a {type(parsed).__name__}, not a mapping"
        result.problems.append(Problem("yaml-not-mapping", message, file=display, line=1, column=1))
        return result
    result.parsed = True
    check = _FileCheck(result, Positions(text or ""), effective_table(rules) if rules is not None else None)
    for number_path, problem in number_text_problems(text or "", parsed, kind, display):
        result.problems.append(problem)
        check.reported.add(number_path)
    record_id = parsed.get("id")
    if isinstance(record_id, str) and record_id != stem:
        check.problem("id-filename-mismatch", f"id {record_id!r} does not match the file name {stem}.yaml", ("id",), record_id)
    if kind == "actor":
        check.model(Actor, parsed, ())
        result.names = [m.name for _, m in result.models] + [a for _, m in result.models for a in m.aliases]
        result.claims = name_claims(result.models, None)
        return result
    article = dict(parsed)
    children = {name: article.pop(name, None) for name, _, _ in _CHILDREN}
    source: tuple[str, str] | None = None
    if sources is not None:
        found = check_source(article, sources, display, check.pos)
        result.source_file, result.source_state = found.name, found.state
        result.problems.extend(found.problems)
        if found.text is not None:
            source = (str(found.name), found.text)
    record = check.model(Article, article, ())
    article_id = record_id if isinstance(record_id, str) else stem
    for name, model, text_field in _CHILDREN:
        if children[name] is not None:
            check.children(name, children[name], model, text_field, article_id, source)
    for prefix, finding in link_findings(result.models, (rid for _, rid in result.raw_ids)):
        check.found(prefix, finding)
    result.claims = name_claims(result.models, source[1] if source else None)
    # The lineage's view of the article's quotes that take part in a statement.
    links = ((prefix, link_of(m, record)) for prefix, m in result.models if isinstance(m, Quote))
    result.quote_links = [(prefix, link) for prefix, link in links if link is not None]
    if source is not None:
        _source_findings(check, source[1])
        _coverage(check, record, article_id, *source)
    return result


def _source_findings(check: _FileCheck, source: str) -> None:
    """What records claim of their source: a figure's mention start, the page's facts."""
    for prefix, model in check.result.models:
        if isinstance(model, Figure):
            found = mention_start_findings(model, source, check.rules)
        elif isinstance(model, Article):
            found = page_fact_findings(model, source)
        else:
            continue
        for f in found:
            check.found(prefix, f)


def _coverage(check: _FileCheck, article: Article | None, article_id: str, source_name: str, source: str) -> None:
    """The article's unreviewed findings (kept for `CoverageCheck`) and its review entries' problems."""
    if article is None:
        return
    models = [m for _, m in check.result.models]
    findings, problems, unused = article_findings(source, article, models, check.rules)
    for p in problems:
        check.problem(p.code, p.message, ("coverage_reviewed", p.entry), article.coverage_reviewed[p.entry])
    for i in unused:
        mark = article.coverage_reviewed[i]
        check.problem("coverage-review-unused", f"review entry {mark!r} reviews no finding", ("coverage_reviewed", i), mark)
        check.result.problems[-1] = replace(check.result.problems[-1], severity="warning")
    # Located while the file is at hand, unless every finding is a name (most are then dropped
    # by an actor's name: the parent locates the few that stay).
    at = check.pos.at(("id",)) if any(f.kind != "name" for f in findings) else (None, None)
    check.result.coverage = ArticleCoverage(article_id, check.result.display, source_name, findings, at)
