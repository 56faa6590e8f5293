"""An `Agreement` as text, JSON or a Markdown section (for the dataset card)."""

from __future__ import annotations

import json
from typing import Any, Literal

from ..errors import UnknownFormat
from ..release.markdown import code_span
from .agree import Agreement, TableAgreement

AgreeFormat = Literal["text", "json", "markdown"]
FORMATS: tuple[str, ...] = ("text", "json", "markdown")


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def _table_dict(t: TableAgreement) -> dict[str, Any]:
    return {
        "matched": len(t.pairs),
        "matched_exact": sum(p.exact for p in t.pairs),
        "missing": t.missing,
        "extra": t.extra,
        "exact": t.scores(exact=True),
        "overlap": t.scores(exact=False),
        "agreement": {k: {"agree": a, "of": n} for k, (a, n) in t.agreement.items()},
        "alpha": t.alpha,
        "disagreements": [{"a": d.a_id, "b": d.b_id, "field": d.field, "a_value": d.a, "b_value": d.b} for d in t.disagreements],
    }


def as_dict(result: Agreement) -> dict[str, Any]:
    """The whole comparison as JSON-ready data."""
    return {"articles": result.articles, "quotes": _table_dict(result.quotes), "figures": _table_dict(result.figures)}


def _text_table(t: TableAgreement) -> list[str]:
    ex, ov = t.scores(exact=True), t.scores(exact=False)
    lines = [
        f"{t.table}: {len(t.pairs)} matched ({sum(p.exact for p in t.pairs)} exact), {len(t.missing)} missing in B, {len(t.extra)} extra in B",
        f"  exact spans:   precision {_pct(ex['precision'])}  recall {_pct(ex['recall'])}  F1 {_pct(ex['f1'])}",
        f"  overlapping:   precision {_pct(ov['precision'])}  recall {_pct(ov['recall'])}  F1 {_pct(ov['f1'])}",
    ]
    lines += [f"  {name}: {a}/{n} agree" for name, (a, n) in t.agreement.items()]
    lines += [f"  Krippendorff's alpha ({name}): {_pct(v)}" for name, v in t.alpha.items()]
    lines += [f"  - missing in B: {rid}" for rid in t.missing] + [f"  + extra in B: {rid}" for rid in t.extra]
    lines += [f"  ~ {d.a_id} / {d.b_id}: {d.field} {json.dumps(d.a)} vs {json.dumps(d.b)}" for d in t.disagreements]
    return lines


def _markdown(result: Agreement) -> str:
    lines = ["| | quotes | figures |", "|---|---:|---:|"]
    q, f = result.quotes, result.figures
    for label, key, exact in (("F1, exact spans", "f1", True), ("F1, overlapping spans", "f1", False)):
        lines.append(f"| {label} | {_pct(q.scores(exact=exact)[key])} | {_pct(f.scores(exact=exact)[key])} |")
    lines.append(
        f"| matched / missing / extra | {len(q.pairs)} / {len(q.missing)} / {len(q.extra)} | {len(f.pairs)} / {len(f.missing)} / {len(f.extra)} |"
    )
    for t in (q, f):
        for name, (a, n) in t.agreement.items():
            lines.append(f"| {t.table}: {name} agree | " + (f"{a}/{n} |  |" if t is q else f" | {a}/{n} |"))
    lines.append(f"| alpha, stance | {_pct(q.alpha.get('stance'))} | |")
    lines.append(f"| alpha, kind | {_pct(q.alpha.get('kind'))} | |")
    lines.append(f"| alpha, qualifier | | {_pct(f.alpha.get('qualifier'))} |")
    listed = [*(f"- missing in B: {code_span(r)}" for t in (q, f) for r in t.missing),
              *(f"- extra in B: {code_span(r)}" for t in (q, f) for r in t.extra),
              *(f"- {code_span(d.a_id)} / {code_span(d.b_id)}: {d.field} {code_span(json.dumps(d.a))} vs {code_span(json.dumps(d.b))}"
                for t in (q, f) for d in t.disagreements)]  # fmt: skip
    if listed:
        lines += ["", "Disagreements:", "", *listed]
    return "\n".join(lines) + "\n"


def render_agreement(result: Agreement, fmt: AgreeFormat = "text") -> str:
    """The comparison as `text`, `json` or a `markdown` table."""
    if fmt == "json":
        return json.dumps(as_dict(result), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown(result)
    if fmt == "text":
        return (
            "\n".join(
                [
                    f"articles: {', '.join(result.articles) or 'none in common'}",
                    *_text_table(result.quotes),
                    *_text_table(result.figures),
                ]
            )
            + "\n"
        )
    raise UnknownFormat(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
