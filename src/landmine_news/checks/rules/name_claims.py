"""Words that must (or must not) name an actor, checked once every actor's names are known.

- `attributed-not-named`: an outlet in `attributed_to` is one the page itself credits, so its
  name or an alias is printed in the source.
- `label-names-co-speaker`: with a joint subject, `speaker_label` names the first subject
  only; a label holding a co-speaker's name has taken in the others.
- `member-basis-unnamed` (warning): the words `member_of_basis` quotes state the
  membership, so they name the body (its name, an alias, or an adjective made from them).

A file's check cannot see the actors, so it hands back claims; `NameClaims` settles them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ...models.lookup import normal_name
from ..reading.field_paths import YamlPath, field_path
from ..reading.files import MAX_SOURCE_BYTES, decode, read_bytes
from ..report.problems import Problem, Severity
from .file_result import Claim, FileResult
from .findings import Finding

ATTRIBUTED = "attributed-not-named"
LABEL = "label-names-co-speaker"
BASIS = "member-basis-unnamed"
_ABBREVIATION = re.compile(r"\b(?:[A-Za-z]\.){2,}")


def _words(text: str) -> str:
    """Casefolded words separated by single spaces, with a space at each end (`U.S.` is `us`)."""
    text = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text.replace("’", "'"))
    return " " + " ".join(re.findall(r"\w+", text.casefold())) + " "


DEMONYMS = {
    "american": "united states", "americans": "united states", "british": "united kingdom", "french": "france",
    "dutch": "netherlands", "polish": "poland", "swiss": "switzerland", "finnish": "finland", "swedish": "sweden",
    "danish": "denmark", "norwegian": "norway", "irish": "ireland", "spanish": "spain", "turkish": "turkey türkiye",
    "greek": "greece", "czech": "czechia", "slovak": "slovakia", "lithuanian": "lithuania", "chinese": "china",
    "kazakh": "kazakhstan", "uzbek": "uzbekistan", "afghan": "afghanistan", "thai": "thailand", "welsh": "wales",
    "filipino": "philippines", "emirati": "united arab emirates", "saudi": "saudi arabia", "belgian": "belgium",
}  # fmt: skip
"""Adjectives a stem does not reach (`American` for the United States)."""


def _stem(word: str) -> str:
    """Most of a name's word, so its adjective starts with it (`ukrai` of `Ukraine`, `iran`)."""
    return word if len(word) <= 5 else word[: max(5, len(word) - 2)]


def names_in(text: str, names: Iterable[str], stems: bool = False) -> bool:
    """Whether `text` holds one of `names` as whole words (case, `the`, a possessive and
    punctuation aside); with `stems`, every word of a name may be a word starting with most
    of it (`Ukrainian government` for `Ukrainian government`, `North Korean` for North Korea),
    and a country's adjective counts for the country (`American`)."""
    words = _words(text)
    if stems:
        words += " ".join(DEMONYMS[w] for w in words.split() if w in DEMONYMS) + " "
    for name in names:
        wanted = _words(normal_name(name))
        if _holds(words, text, name, wanted):
            return True
        parts = [w for w in wanted.split() if w not in ("of", "the", "and", "for")]
        if stems and parts and all(f" {_stem(part)}" in words for part in parts):
            return True
    return False


def _holds(words: str, text: str, name: str, wanted: str) -> bool:
    """Whether `words` (`_words` of `text`) hold the name whose words are `wanted`; a name with
    no letters is compared as written."""
    return wanted in words or (not wanted.strip() and normal_name(name) in normal_name(text))


def label_names(label: str, names: Iterable[str]) -> bool:
    """Whether a speaker label names an actor: as `names_in`, but a possessive (`X's
    spokesman`: X's role, not X) and an alias that is `the` and one common word (`the
    administration`, which any `administration official` would match) do not count."""
    label = normal_name(label.replace("’", "'"))
    for name in names:
        if re.fullmatch(r"(?i:the)\s+[a-z][\w-]*", name.strip()):
            continue
        whole_word = rf"(?<!\w){re.escape(normal_name(name))}(?!\w)"
        if any(not label[m.end() :].startswith("'s") for m in re.finditer(whole_word, label)):
            return True
    return False


def quoted_words(basis: str) -> str | None:
    """The words a membership basis quotes (in straight or curly quotation marks); None when it
    quotes none (it cites a source instead)."""
    found = re.findall(r"\"([^\"]+)\"|“([^”]+)”", basis)
    return " ".join(a or b for a, b in found) or None


def name_claims(models: Sequence[tuple[YamlPath, Any]], source: str | None) -> list[Claim]:
    """The claims of one file's valid records (`source`: an article's text, if it read)."""
    # Imported here: the parent, which only settles claims, may run without pydantic (warm cache).
    from ...models.actor import Actor
    from ...models.article import Article
    from ...models.quote import Quote

    claims: list[Claim] = []
    for prefix, model in models:
        if isinstance(model, Article) and source is not None and model.attributed_to:
            source_words = _words(source)  # once per article, however many outlets it credits
            for i, outlet in enumerate(model.attributed_to):
                # The id is the name's slug, so this settles nearly every case without the
                # actor's names; an outlet printed only under an alias is left to `NameClaims`.
                slug_name = outlet.replace("-", " ")
                if not _holds(source_words, source, slug_name, _words(normal_name(slug_name))):
                    claims.append(Claim((*prefix, "attributed_to", i), ATTRIBUTED, outlet, None))
        elif isinstance(model, Quote) and model.co_speakers and model.speaker_label:
            claims.extend(Claim((*prefix, "speaker_label"), LABEL, co, model.speaker_label) for co in model.co_speakers)
        elif isinstance(model, Actor) and model.member_of and model.member_of_basis:
            claims.append(Claim((*prefix, "member_of_basis"), BASIS, " ".join(model.member_of), model.member_of_basis))
    return claims


class NameClaims:
    """Settles every file's claims once all actor names are known (actor files are fed first)."""

    def __init__(self, sources: Path | None) -> None:
        self.sources = sources
        self.names: dict[str, list[str]] = {}
        self.pending: list[tuple[str, str | None, Claim]] = []
        """(file, its article's source file, claim)."""

    def feed(self, item: FileResult) -> None:
        if item.kind == "actor":
            for _, (summary, _payload) in item.models:
                self.names[summary.id] = item.names
        self.pending.extend((item.display, item.source_file, c) for c in item.claims)

    def finish(self) -> Iterable[Finding]:
        texts: dict[str, str | None] = {}
        for display, source_file, claim in self.pending:
            if claim.code == BASIS:
                # Only the words the basis quotes are read, and only English ones: a basis that
                # cites a source, or quotes another language, is the curator's to judge.
                members = claim.actor.split()
                known = [self.names[m] for m in members if m in self.names]
                quoted = quoted_words(claim.text or "")
                english = quoted is not None and quoted.isascii()
                if english and len(known) == len(members) and not any(names_in(quoted or "", n, stems=True) for n in known):
                    yield self._finding(display, claim, ", ".join(members), "warning")
                continue
            names = self.names.get(claim.actor)
            if names is None:  # an unknown actor is `reference-unresolved`'s to report
                continue
            if claim.code == LABEL:
                if label_names(claim.text or "", names):
                    yield self._finding(display, claim, claim.actor)
            elif source_file is not None:
                if source_file not in texts:
                    texts[source_file] = self._source(source_file)
                text = texts[source_file]
                if text is not None and not names_in(text, names):
                    yield self._finding(display, claim, claim.actor)

    def _source(self, name: str) -> str | None:
        if self.sources is None:
            return None
        data = read_bytes(self.sources / name, name, MAX_SOURCE_BYTES)[0]
        return decode(data, name)[0] if data is not None else None

    @staticmethod
    def _finding(display: str, claim: Claim, actor: str, severity: Severity = "error") -> Finding:
        if claim.code == ATTRIBUTED:
            message = f"attributed_to names {actor!r}, whose name and aliases the source never prints"
            hint = (
                "List only the outlets the page itself credits; if the page prints the outlet under another "
                f"form, add that form to the aliases of actors/{actor}.yaml."
            )
        elif claim.code == LABEL:
            message = f"speaker_label {claim.text!r} names the co-speaker {actor!r}"
            hint = "With a joint subject, speaker_label is the words for the first subject (the speaker) only."
        else:
            message = f"member_of_basis names none of {actor}: neither a name, an alias nor a word made from one"
            hint = "Quote the words that state the membership (they name the body), or cite the source that states it."
        value = actor if claim.code == ATTRIBUTED else claim.text
        problem = Problem(
            claim.code, message, file=display, field=field_path(claim.path), severity=severity, hint=hint, value=value
        )
        return Finding(problem, claim.path)
