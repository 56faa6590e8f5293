"""`claimreview.json`: the dataset's checks as schema.org ClaimReview items, as fact-checkers publish them.

A figure's claim check (`check_verdict`) and a checked quote's provenance (`fidelity`) become
reviews, rated by the verdict as a word (the dataset has no numeric scale) and dated by
`checked_on`, never the clock. Fed from the table parts as the build streams them.
"""

from __future__ import annotations

from typing import Any

CLAIMREVIEW_FILE = "claimreview.json"
PUBLISHER = {"@type": "Organization", "name": "landmine-news contributors"}
_PERSON_KINDS = {"person", "anonymous"}

_QUOTE_FIELDS = [
    "id",
    "kind",
    "article",
    "speaker",
    "text",
    "fidelity",
    "fidelity_changes",
    "edit_ratio",
    "first_publisher",
    "first_url",
    "first_date",
    "seen_at",
    "searched",
    "checked_on",
    "statement",
]
_FIGURE_FIELDS = ["id", "article", "mention", "measures", "reported_by", "check_verdict", "check_reference", "check_source"]


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """The mapping without its null and empty values (JSON-LD reads an absent key as unknown)."""
    return {k: v for k, v in data.items() if v not in (None, [], {})}


class ClaimReviews:
    """Gathers the checks and the names and pages they need, then writes the reviews."""

    def __init__(self) -> None:
        self.articles: dict[str, dict[str, Any]] = {}
        self.actors: dict[str, tuple[str, str]] = {}
        self.quotes: list[dict[str, Any]] = []
        self.figures: list[dict[str, Any]] = []
        self.statements: dict[str, Any] = {}
        """Statement id -> its row (`models.lineage.StatementRow`): what a relay was compared with."""

    def feed(self, table: str, part: Any) -> None:
        """Take in one part (an Arrow table) of a release table."""
        import pyarrow.compute as pc

        if table == "articles":
            for row in part.select(["id", "title", "url", "published_date"]).to_pylist():
                self.articles[row["id"]] = row
        elif table == "actors":
            for row in part.select(["id", "name", "kind"]).to_pylist():
                self.actors[row["id"]] = (row["name"], row["kind"])
        elif table == "quotes":
            # Filtered in Arrow first: most quotes are unchecked, and a part as Python values is large.
            checked = pc.fill_null(pc.not_equal(part.column("fidelity"), "unchecked"), False)
            self.quotes += part.select(_QUOTE_FIELDS).filter(checked).to_pylist()
        elif table == "figures":
            self.figures += part.select(_FIGURE_FIELDS).filter(pc.is_valid(part.column("check_verdict"))).to_pylist()

    def _author(self, actor: str | None) -> dict[str, Any] | None:
        if actor is None:
            return None
        name, kind = self.actors.get(actor, (actor, "group"))
        return {"@type": "Person" if kind in _PERSON_KINDS else "Organization", "name": name, "identifier": actor}

    def _appearance(self, article: str) -> dict[str, Any]:
        page = self.articles.get(article, {})
        return _compact(
            {
                "@type": "NewsArticle",
                "identifier": article,
                "headline": page.get("title"),
                "url": page.get("url"),
                "datePublished": _iso(page.get("published_date")),
            }
        )

    def _explanation(self, q: dict[str, Any], statement: Any) -> str:
        """What the verdict compares: the quote's own record of the first publication, or its statement's."""
        own = q["first_publisher"] is not None or bool(q["searched"])
        publisher = q["first_publisher"] or (statement.first_publisher if statement else None)
        where = "" if own or statement is None else f" (statement {statement.id})"
        if q["fidelity"] == "not_found":
            searched = "; ".join(q["searched"])
            return f"no first publication of these words was found{where}" + (f"; searched: {searched}" if searched else "")
        if publisher is None:
            return f"judged by the curators{where}"
        return f"the printed words compared with those {publisher} first published{where}"

    def _quote(self, q: dict[str, Any]) -> dict[str, Any]:
        speaker = self._author(q["speaker"])
        statement = self.statements.get(q["statement"] or "")
        # The first publication the verdict compares with: the quote's own record, or its statement's.
        source: dict[str, Any] = q if q["first_publisher"] is not None else statement._asdict() if statement else {}
        publisher = source.get("first_publisher")
        first = _compact(
            {
                "@type": "CreativeWork",
                "url": source.get("first_url"),
                "publisher": {"@type": "Organization", "name": publisher} if publisher else None,
                "datePublished": _iso(source.get("first_date")),
                "sameAs": q["seen_at"],
            }
        )
        who = speaker["name"] if speaker else q["speaker"]
        # Only a direct quote is the speaker's words; an indirect one is the article's report of them.
        claim = f"{who} said: “{q['text']}”" if q["kind"] == "direct" else f"{who}, as the article reports: {q['text']}"
        return _compact(
            {
                "@type": "ClaimReview",
                "@id": f"#quote-{q['id']}",
                "identifier": q["id"],
                "claimReviewed": claim,
                "itemReviewed": _compact(
                    {
                        "@type": "Claim",
                        "author": speaker,
                        "appearance": self._appearance(q["article"]),
                        "firstAppearance": first if len(first) > 1 else None,
                    }
                ),
                "reviewRating": {
                    "@type": "Rating",
                    "alternateName": q["fidelity"],
                    "ratingExplanation": self._explanation(q, statement),
                },
                "reviewBody": "; ".join(q["fidelity_changes"]) if q["fidelity"] == "altered" else None,
                "author": PUBLISHER,
                "datePublished": _iso(q["checked_on"]),
            }
        )

    def _figure(self, f: dict[str, Any]) -> dict[str, Any]:
        return _compact(
            {
                "@type": "ClaimReview",
                "@id": f"#figure-{f['id']}",
                "identifier": f["id"],
                "claimReviewed": f"{f['mention']} ({f['measures']})",
                "itemReviewed": _compact(
                    {"@type": "Claim", "author": self._author(f["reported_by"]), "appearance": self._appearance(f["article"])}
                ),
                "reviewRating": _compact(
                    {"@type": "Rating", "alternateName": f["check_verdict"], "ratingExplanation": f["check_reference"]}
                ),
                "reviewBody": f"Source of record: {f['check_source']}",
                "author": PUBLISHER,
            }
        )

    def document(self) -> dict[str, Any]:
        """The JSON-LD document: every review, quotes then figures, each by id."""
        graph = [self._quote(q) for q in sorted(self.quotes, key=lambda q: q["id"])]
        graph += [self._figure(f) for f in sorted(self.figures, key=lambda f: f["id"])]
        return {"@context": "https://schema.org", "@graph": graph}
