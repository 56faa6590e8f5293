"""An `Agreement` as text, JSON or a Markdown section (for the dataset card)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, Literal

from ..errors import UnknownFormat
from ..release.markdown import code_span
from .agree import Agreement, Boundary, Disagreement, TableAgreement

AgreeFormat = Literal["text", "json", "markdown"]
FORMATS: tuple[str, ...] = ("text", "json", "markdown")


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def _span(start: int | None, end: int | None) -> str:
    return f"{start}–{end}"


def _table_dict(t: TableAgreement, *, scored: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "matched": len(t.pairs),
        "matched_exact": sum(p.exact for p in t.pairs),
        # Blind curations share no ids: which id of B stands for which of A is part of the result.
        "pairs": [{"a": p.a.id, "b": p.b.id, "exact": p.exact} for p in t.pairs],
        "missing": t.missing,
        "extra": t.extra,
    }
    if scored:
        out |= {"exact": t.scores(exact=True), "overlap": t.scores(exact=False)}
        # Boundary's fields, `a_id` and `b_id` shown as `a` and `b` like the pairs.
        out["overlap_only"] = [{k.removesuffix("_id"): v for k, v in asdict(b).items()} for b in t.boundaries]
    out["agreement"] = {k: {"agree": a, "of": n} for k, (a, n) in t.agreement.items()}
    if t.alpha:
        out["alpha"] = t.alpha
    out["disagreements"] = [{"a": d.a_id, "b": d.b_id, "field": d.field, "a_value": d.a, "b_value": d.b} for d in t.disagreements]
    return out


def as_dict(result: Agreement) -> dict[str, Any]:
    """The whole comparison as JSON-ready data."""
    return {
        "articles": result.articles,
        "article_fields": _table_dict(result.metadata, scored=False),
        "actors": _table_dict(result.actors, scored=False),
        "quotes": _table_dict(result.quotes, scored=True),
        "figures": _table_dict(result.figures, scored=True),
    }


def _ids(a: str, b: str) -> str:
    # The same id on both sides is said once; a blind curation's own id is shown beside A's.
    return a if a == b else f"{a} / {b}"


def _disagreement_line(d: Disagreement) -> str:
    return f"  ~ {_ids(d.a_id, d.b_id)}: {d.field} {json.dumps(d.a, ensure_ascii=False)} vs {json.dumps(d.b, ensure_ascii=False)}"


def _boundary_line(b: Boundary) -> str:
    a_text, b_text = json.dumps(b.a_text, ensure_ascii=False), json.dumps(b.b_text, ensure_ascii=False)
    return f"  ≈ {_ids(b.a_id, b.b_id)}: {_span(b.a_start, b.a_end)} {a_text} vs {_span(b.b_start, b.b_end)} {b_text}"


def _text_records(t: TableAgreement) -> list[str]:
    ex, ov = t.scores(exact=True), t.scores(exact=False)
    lines = [
        f"{t.table}: {len(t.pairs)} matched ({sum(p.exact for p in t.pairs)} exact), {len(t.missing)} missing in B, {len(t.extra)} extra in B",
        f"  exact spans:   precision {_pct(ex['precision'])}  recall {_pct(ex['recall'])}  F1 {_pct(ex['f1'])}",
        f"  overlapping:   precision {_pct(ov['precision'])}  recall {_pct(ov['recall'])}  F1 {_pct(ov['f1'])}",
    ]
    lines += [f"  {name}: {a}/{n} agree" for name, (a, n) in t.agreement.items()]
    lines += [f"  Krippendorff's alpha ({name}): {_pct(v)}" for name, v in t.alpha.items()]
    lines += [f"  - missing in B: {rid}" for rid in t.missing] + [f"  + extra in B: {rid}" for rid in t.extra]
    if t.boundaries:
        lines.append("  matched by overlap only (settle the boundaries):")
        lines += [_boundary_line(b) for b in t.boundaries]
    lines += [_disagreement_line(d) for d in t.disagreements]
    return lines


def _text_articles(t: TableAgreement) -> list[str]:
    lines = [f"articles (own fields): {len(t.pairs)} matched by source sha256, {len(t.extra)} in B with a source A lacks"]
    lines += [f"  = {_ids(p.a.id, p.b.id)}" for p in t.pairs if p.a.id != p.b.id]
    lines += [f"  + source not in A: {rid}" for rid in t.extra]
    return lines + _text_fields(t)


def _text_actors(t: TableAgreement) -> list[str]:
    lines = [
        f"actors: {len(t.pairs)} matched by name or alias ({sum(p.exact for p in t.pairs)} by name), "
        f"{len(t.missing)} missing in B, {len(t.extra)} extra in B"
    ]
    lines += [f"  - missing in B: {rid}" for rid in t.missing] + [f"  + extra in B: {rid}" for rid in t.extra]
    return lines + _text_fields(t)


def _text_fields(t: TableAgreement) -> list[str]:
    return [f"  {name}: {a}/{n} agree" for name, (a, n) in t.agreement.items()] + [_disagreement_line(d) for d in t.disagreements]


def _sizes(t: TableAgreement) -> str:
    return f"{len(t.pairs)} / {len(t.missing)} / {len(t.extra)}"


def _agreement_rows(left: TableAgreement, right: TableAgreement) -> list[str]:
    """Each field's agreement, as a row with the count in the column of its table."""
    return [
        f"| {t.table}: {name} agree | " + (f"{a}/{n} |  |" if t is left else f" | {a}/{n} |")
        for t in (left, right)
        for name, (a, n) in t.agreement.items()
    ]


def _markdown(result: Agreement) -> str:
    q, f, m, act = result.quotes, result.figures, result.metadata, result.actors
    lines = ["| | quotes | figures |", "|---|---:|---:|"]
    for label, exact in (("F1, exact spans", True), ("F1, overlapping spans", False)):
        lines.append(f"| {label} | {_pct(q.scores(exact=exact)['f1'])} | {_pct(f.scores(exact=exact)['f1'])} |")
    lines.append(f"| matched / missing / extra | {_sizes(q)} | {_sizes(f)} |")
    lines.append(f"| matched by overlap only | {len(q.boundaries)} | {len(f.boundaries)} |")
    lines += _agreement_rows(q, f)
    lines.append(f"| alpha, stance | {_pct(q.alpha.get('stance'))} | |")
    lines.append(f"| alpha, kind | {_pct(q.alpha.get('kind'))} | |")
    lines.append(f"| alpha, qualifier | | {_pct(f.alpha.get('qualifier'))} |")
    lines += ["", "| | articles | actors |", "|---|---:|---:|", f"| matched / missing / extra | {_sizes(m)} | {_sizes(act)} |"]
    lines += _agreement_rows(m, act)
    tables = (m, act, q, f)
    boundaries = [f"- {code_span(_ids(b.a_id, b.b_id))}: {_span(b.a_start, b.a_end)} {code_span(b.a_text)} vs "
                  f"{_span(b.b_start, b.b_end)} {code_span(b.b_text)}" for t in (q, f) for b in t.boundaries]  # fmt: skip
    if boundaries:
        lines += ["", "Matched by overlap only (settle the boundaries):", "", *boundaries]
    listed = [*(f"- {t.table} missing in B: {code_span(r)}" for t in tables for r in t.missing),
              *(f"- {t.table} extra in B: {code_span(r)}" for t in tables for r in t.extra),
              *(f"- {code_span(d.a_id)} / {code_span(d.b_id)}: {d.field} {code_span(json.dumps(d.a, ensure_ascii=False))} "
                f"vs {code_span(json.dumps(d.b, ensure_ascii=False))}" for t in tables for d in t.disagreements)]  # fmt: skip
    if listed:
        lines += ["", "Disagreements:", "", *listed]
    return "\n".join(lines) + "\n"


def render_agreement(result: Agreement, fmt: AgreeFormat = "text") -> str:
    """The comparison as `text`, `json` or a `markdown` table."""
    if fmt == "json":
        return json.dumps(as_dict(result), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown(result)
    if fmt != "text":
        raise UnknownFormat(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    lines = [f"articles: {', '.join(result.articles) or 'none in common'}", *_text_records(result.quotes)]
    lines += [*_text_records(result.figures), *_text_articles(result.metadata), *_text_actors(result.actors)]
    return "\n".join(lines) + "\n"
