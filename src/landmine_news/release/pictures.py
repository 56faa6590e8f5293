"""Two pictures every release draws: who is quoted and on which side, and one anchored quote.

Plain SVG written as text (a generic font family, integer numbers), so the same records give
the same bytes; fed from the table parts as the build streams them.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from xml.sax.saxutils import escape

SPEAKERS_SVG = "speakers.svg"
QUOTE_SVG = "anchored-quote.svg"
PICTURES = (SPEAKERS_SVG, QUOTE_SVG)

STANCES = (("opposes", "#b03a2e"), ("supports", "#1f618d"), ("neutral", "#7b7d7d"), (None, "#d0d3d4"))
"""Stances in drawing order, with their colours (no stance last)."""
TOP = 20
"""Speakers drawn at most: the rest are counted in a closing line."""
_FONT = 'font-family="sans-serif" font-size="12"'


def _text(x: int, y: int, words: str, extra: str = "") -> str:
    return f'<text x="{x}" y="{y}" {_FONT}{extra}>{escape(words)}</text>'


def _short(words: str, most: int) -> str:
    return words if len(words) <= most else words[: most - 1] + "…"


def _svg(width: int, height: int, title: str) -> list[str]:
    """The opening of a picture: its size, a white ground and its bold title."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        _text(12, 22, title, ' font-weight="bold"'),
    ]


class Pictures:
    """Gathers what the pictures need from the release tables, then draws them."""

    def __init__(self) -> None:
        self.utterances: Counter[tuple[str, str | None]] = Counter()
        self.fidelity: Counter[tuple[str, str]] = Counter()
        """(speaker, verdict) -> direct quotes: how faithful each speaker's quoted words are."""
        self.names: dict[str, str] = {}
        self.example: dict[str, Any] | None = None

    def feed(self, table: str, part: Any) -> None:
        """Take in one part (an Arrow table) of the `quotes` or `actors` table."""
        if table == "actors":
            self.names.update(zip(part.column("id").to_pylist(), part.column("name").to_pylist(), strict=True))
        elif table == "quotes":
            import pyarrow.compute as pc

            # Counted in Arrow: a part as Python values would be far larger than the counts.
            said = part.filter(pc.is_null(part.column("part_of"))).group_by(["speaker", "stance"]).aggregate([("id", "count")])
            for row in said.to_pylist():
                self.utterances[(row["speaker"], row["stance"])] += row["id_count"]
            direct = part.filter(pc.equal(part.column("kind"), "direct"))
            faithful = direct.group_by(["speaker", "fidelity"]).aggregate([("id", "count")])
            for row in faithful.to_pylist():
                self.fidelity[(row["speaker"], row["fidelity"] or "unchecked")] += row["id_count"]
            if self.example is None:
                # The first direct quote by id that names its speaker and verb.
                named = direct.filter(pc.and_(pc.is_valid(direct.column("verb")), pc.is_valid(direct.column("speaker_label"))))
                if named.num_rows:
                    wanted = ["id", "article", "speaker", "kind", "text", "verb", "speaker_label"]
                    wanted += ["start", "end", "verb_start", "verb_end", "speaker_label_start", "speaker_label_end"]
                    self.example = named.select(wanted).slice(0, 1).to_pylist()[0]

    def files(self) -> dict[str, bytes]:
        """The pictures, by file name."""
        drawn = {SPEAKERS_SVG: self.speakers(), QUOTE_SVG: self.quote()}
        return {name: ("\n".join([*lines, "</svg>"]) + "\n").encode("utf-8") for name, lines in drawn.items()}

    def speakers(self) -> list[str]:
        """Utterances per speaker (records whose `part_of` is null), split by stance: the SVG lines, unclosed."""
        totals: Counter[str] = Counter()
        for (speaker, _), n in self.utterances.items():
            totals[speaker] += n
        ranked = sorted(totals, key=lambda s: (-totals[s], s))
        shown, rest = ranked[:TOP], ranked[TOP:]
        width, label_w, bar_w, row_h, top = 980, 300, 380, 22, 64
        height = top + row_h * len(shown) + (row_h if rest else 0) + 16
        most = max(totals.values(), default=1)
        out = _svg(
            width, height, "Who is quoted, on which side of the decision (utterances), and how faithful their direct quotes are"
        )
        x = 12
        for stance, colour in STANCES:
            out.append(f'<rect x="{x}" y="34" width="12" height="12" fill="{colour}"/>')
            out.append(_text(x + 16, 45, stance or "no stance"))
            x += 110
        for i, speaker in enumerate(shown):
            y = top + i * row_h
            out.append(_text(12, y + 14, _short(self.names.get(speaker, speaker), 44)))
            x = label_w
            for stance, colour in STANCES:
                n = self.utterances.get((speaker, stance), 0)
                if n:
                    w = max(1, round(bar_w * n / most))
                    out.append(f'<rect x="{x}" y="{y + 3}" width="{w}" height="{row_h - 6}" fill="{colour}"/>')
                    x += w
            out.append(_text(x + 6, y + 14, str(totals[speaker]) + self._faithful(speaker)))
        if rest:
            out.append(_text(12, top + len(shown) * row_h + 14, f"and {len(rest)} more speakers"))
        return out

    def _faithful(self, speaker: str) -> str:
        """`  (direct: 1 verbatim, 1 not found)`: the verdicts on the speaker's direct quotes."""
        found = sorted((verdict, n) for (who, verdict), n in self.fidelity.items() if who == speaker)
        if not found:
            return ""
        return "  (direct: " + ", ".join(f"{n} {verdict.replace('_', ' ')}" for verdict, n in found) + ")"

    def quote(self) -> list[str]:
        """One anchored quote: its speaker label, verb and text, where each lies in the source (unclosed)."""
        width, height = 760, 236
        out = _svg(width, height, "One quote as the release records it: three spans of the source text")
        q = self.example
        if q is None:
            return [*out, _text(12, 60, "No direct quote with a speaker label and a verb yet.")]
        parts = [
            ("speaker_label", q["speaker_label"], q["speaker_label_start"], q["speaker_label_end"], "#f5cba7"),
            ("verb", q["verb"], q["verb_start"], q["verb_end"], "#aed6f1"),
            ("text", q["text"], q["start"], q["end"], "#d5f5e3"),
        ]
        lo = min(p[2] for p in parts if p[2] is not None)
        hi = max(p[3] for p in parts if p[3] is not None)
        out.append(_text(12, 44, f"{q['id']} in article {q['article']}, spoken by {q['speaker']}"))
        # The strip is the stretch of the source from the first span's start to the last one's end.
        strip_x, strip_w, strip_y = 12, width - 24, 58
        out.append(f'<rect x="{strip_x}" y="{strip_y}" width="{strip_w}" height="18" fill="#f2f3f4" stroke="#bfc9ca"/>')
        for i, (field, words, start, end, colour) in enumerate(parts):
            if start is None or end is None:
                continue
            x = strip_x + round(strip_w * (start - lo) / max(1, hi - lo))
            w = max(2, round(strip_w * (end - start) / max(1, hi - lo)))
            out.append(f'<rect x="{x}" y="{strip_y}" width="{w}" height="18" fill="{colour}" stroke="#566573"/>')
            y = 120 + i * 36
            out.append(f'<rect x="12" y="{y - 12}" width="14" height="14" fill="{colour}" stroke="#566573"/>')
            out.append(_text(32, y, f"{field}: code points {start}–{end}"))
            out.append(_text(32, y + 16, f"“{_short(words, 110)}”"))
        out.append(_text(strip_x, strip_y + 32, f"source code points {lo}–{hi}", ' fill="#566573"'))
        return out
