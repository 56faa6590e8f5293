"""Who a subject names: the actor with the longest name or alias at the head of the phrase,
a pronoun's antecedent, or a new actor to create from the words the text spells out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...models.actor import Actor
from ...models.dataset import Dataset
from ..scaffold import slugify
from .lexicon import (
    ANONYMOUS_HEADS,
    GOVERNMENT_WORDS,
    LEGISLATURE_WORDS,
    ORGANIZATION_WORDS,
    PEOPLE_NOUNS,
    POSSESSIVES,
    PREPOSITIONS,
    PRONOUNS,
    SPEECH_NOUNS,
    TITLES,
)


def _people(words: list[str]) -> bool:
    """Whether a phrase is a description of unnamed people: its head (the word before any
    `of`) is a plural person noun."""
    head = next((words[i - 1] for i, w in enumerate(words) if i and w.lower() in ("of", "for", "in", "from")), words[-1])
    head = head.lower().strip(".,")
    return head in PEOPLE_NOUNS or (head.endswith(("ists", "ers", "ors", "ants", "ents", "ians")) and len(head) > 5)


def _kind(words: list[str], lowered: str) -> str | None:
    """The kind of actor a subject's words describe, or None when they describe none."""
    if words[0].lower() in ("a", "an", "one") and words[-1].lower().rstrip("s") in {h.rstrip("s") for h in ANONYMOUS_HEADS}:
        return "anonymous"
    if any(w in lowered for w in GOVERNMENT_WORDS):
        return "government"
    if any(w in lowered for w in LEGISLATURE_WORDS):
        return "legislature"
    if any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in ORGANIZATION_WORDS):
        return "organization"
    if sum(w[:1].isupper() for w in words) >= 2 and words[-1][:1].isupper():
        return "person"
    if _people(words):
        return "group"
    if words[-1].lower() in ANONYMOUS_HEADS:
        return "anonymous"
    return None


@dataclass(frozen=True)
class Speaker:
    """An actor a subject resolved to, with the words that name it (the label) and how."""

    actor: str
    label: str
    attribution: str
    co_speakers: tuple[str, ...] = ()


@dataclass
class NewActor:
    """An actor the text names and the dataset lacks: a file to create (`landmine-news new actor`)."""

    id: str
    name: str
    kind: str
    member_of: list[str] = field(default_factory=list)
    member_of_basis: str | None = None
    seen_as: str = ""
    """The words of the text it was proposed from."""
    at: int = 0
    """Where those words are in the source."""


_APOSTROPHE = re.compile(r"[’']s\b")


class ActorIndex:
    """The actors a subject may name in one article: every shared actor, and the unnamed
    groups and officials of this article only (those of other articles are theirs)."""

    def __init__(self, ds: Dataset, article: str, prefix: str) -> None:
        # An unnamed group or official that another article's records name is that article's;
        # one no other article names may be this article's (its curator created it for it).
        elsewhere = {q.speaker for q in ds.quotes if q.article != article}
        elsewhere |= {c for q in ds.quotes if q.article != article for c in q.co_speakers}
        elsewhere |= {f.reported_by for f in ds.figures if f.article != article and f.reported_by}
        elsewhere |= {m for a in ds.articles if a.id != article for m in a.mentions}
        here = {q.speaker for q in ds.quotes if q.article == article} | set(
            next((a.mentions for a in ds.articles if a.id == article), [])
        )
        self.prefix = prefix
        self.actors: dict[str, Actor] = {}
        self.names: list[tuple[str, str]] = []
        """(name or alias, actor id), longest first."""
        for actor in ds.actors:
            if actor.kind.value in ("group", "anonymous") and actor.id in elsewhere and actor.id not in here:
                continue
            self.actors[actor.id] = actor
            self.names += [(n, actor.id) for n in (actor.name, *actor.aliases)]
        self.names.sort(key=lambda x: (-len(x[0]), x[0]))
        alternatives = "|".join(re.escape(n) for n, _ in self.names)
        self._pattern = re.compile(rf"(?<![\w’'-])(?:{alternatives})(?![\w-])", re.IGNORECASE) if self.names else None
        self._by_name = {n.casefold(): i for n, i in reversed(self.names)}

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, actor id) of every name or alias in `text`, longest at each place."""
        if self._pattern is None:
            return []
        return [(m.start(), m.end(), self._by_name[m.group(0).casefold()]) for m in self._pattern.finditer(text)]

    def head(self, phrase: str) -> tuple[str, str] | None:
        """(actor id, matched words) of the actor `phrase` is about, or None.

        A name is the head when nothing but words standing for speech (`estimates`,
        `statement`) follows it; a name followed by more of the phrase modifies it
        (`Biden` in `The Biden administration`), and one after a preposition or with a
        possessive is about something else (`deeper into Russia`, `Russia's ministry`).
        """
        best: tuple[int, str, str] | None = None
        for start, end, actor in self.matches(phrase):
            before = phrase[:start].split()
            after = phrase[end:]
            if before and before[-1].lower() in PREPOSITIONS:
                continue
            if _APOSTROPHE.match(after) and after[2:].strip():
                continue
            rest = [w.lower().strip(".,") for w in after.split()]
            # What may follow the head: words for speech (`estimates`), or a phrase that
            # modifies it (`Mary Wareham of Human Rights Watch`, `a spokesperson for X`).
            if rest and rest[0] not in PREPOSITIONS and any(w not in SPEECH_NOUNS for w in rest):
                continue
            if best is None or end - start > best[0]:
                best = (end - start, actor, phrase[start:end])
        if best is None:
            return self._by_stems(phrase)
        return best[1], best[2]

    def _by_stems(self, phrase: str) -> tuple[str, str] | None:
        """An actor whose name is the phrase with other forms of its words (`Ukraine's
        government` for `Ukrainian government`): each word's first five letters agree."""
        words = [w for w in re.findall(r"[\w-]+", _APOSTROPHE.sub("", phrase)) if w.lower() not in ("the", "a", "an")]
        if len(words) < 2:
            return None
        stems = [w.lower()[:5] for w in words]
        for name, actor in self.names:
            name_words = [w for w in re.findall(r"[\w-]+", name) if w.lower() not in ("the", "a", "an")]
            if [w.lower()[:5] for w in name_words] == stems:
                return actor, phrase
        return None

    def kind(self, actor: str) -> str:
        return self.actors[actor].kind.value

    def propose(self, phrase: str, appositive: str | None = None) -> NewActor | None:
        """A new actor for a subject that names none, with a kind guessed from its words and
        a membership only where an appositive states one (`X, director of Y`)."""
        words = phrase.strip(" ,.").split()
        if not words or words[0].lower() in (*PRONOUNS, *POSSESSIVES):
            return None
        lowered = " ".join(words).lower()
        kind = _kind(words, lowered)
        if kind is None:
            return None
        if kind == "person":
            # A printed role before the name stays in the label, not in the actor's name.
            while len(words) > 2 and words[0].lower() in TITLES:
                words = words[1:]
        name = " ".join(words)
        if kind in ("group", "anonymous"):
            name = name[0].upper() + name[1:] if words[0].lower() not in ("a", "an") else name
            actor_id = f"{self.prefix}-{slugify(re.sub(r'^(?:the|a|an) ', '', lowered))}"
        else:
            actor_id = slugify(re.sub(r"^the ", "", name.lower()))
        if actor_id in self.actors:
            return None
        new = NewActor(actor_id, re.sub(r"^The ", "", name) if kind != "anonymous" else name, kind, seen_as=phrase.strip())
        # The longest actor name anywhere in the appositive is the body the new actor belongs to.
        found = sorted(self.matches(appositive), key=lambda m: m[0] - m[1]) if appositive else []
        if appositive and found:
            new.member_of = [found[0][2]]
            new.member_of_basis = f'"{appositive.strip()}"'
        return new
