"""Statements read from a sentence's structure: who (the reporting clause's subject), the
reporting verb, and the content, before or after the attribution.

One pass per article, in this order, each span claimed once (one candidate per statement):
passages in quotation marks with their attribution beside them; passages a line ending in
a colon introduces; then every reporting verb left in each sentence, read by its role
(`lexicon`): speech (`said`, `argue that`, `According to X,`), reaction (`condemned X`),
voiced reaction (`expressed concern`), received reaction (`drew criticism from X`), and
participle clauses (`, highlighting X`) joined to the statement they continue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from ...checks.anchoring.attribution import sentence_bounds
from .lexicon import (
    ADDRESSEE_FORMS,
    AS_FORMS,
    AUXILIARIES,
    CLAUSE_WORDS,
    NAMING_FORMS,
    PARTICIPLES,
    POSSESSIVES,
    PREPOSITIONS,
    PRONOUNS,
    REACTION_FORMS,
    REACTION_NOUNS,
    RECEIVING_FORMS,
    SPEECH_NOUNS,
    TO_ADDRESSEE_FORMS,
    VERB_PATTERN,
    VOICING_FORMS,
    alternation,
)
from .speakers import ActorIndex, NewActor, Speaker

_MARKED = re.compile(r"“([^”\n]*)”|\"([^\"\n]*)\"|«([^»\n]*)»")
_REQUESTS = re.compile(r"^(?:urge|ask|call\s+on|press|implore|encourage|appeal\s+to)", re.IGNORECASE)
_REACTION_NOUN = re.compile(r"\b(?:" + "|".join(REACTION_NOUNS) + r")\b", re.IGNORECASE)
_PARTICIPLE_CLAUSE = re.compile(r",\s+(?:" + alternation(PARTICIPLES) + r")\b", re.IGNORECASE)
_NAMED_OBJECT = re.compile(
    r"(\s+(?:it|this|that|them|him|her|(?:the|his|her|their|its|our)\s+[\w-]+|[A-Z][\w’'.-]+(?:’s|'s)\s+[\w-]+))\s+(?=\S)"
)
_ENDS_SENTENCE = re.compile(r"[.!?:][\"”’']?\s*$|[.!?][\"”’']?\s")
_NEXT_PREDICATE = re.compile(r",?\s+(?:and|but)\s+(?:also\s+)?(?=\S)")
_TRAILING_ATTRIBUTION = re.compile(r",\s+(?:[\w’'.-]+\s+){1,5}?(?:reported|said|says|added|wrote|reports)\s*[.!?]?[\"”’]?\s*$")
_RELATIVE_CLAUSE = re.compile(r",\s+(?:where|which|who|whose|when)\s")
_REACTION_END = re.compile(r",\s*(?:which|who|as|while|but|and)\b|\s+(?:from|as|which|after|amid|because)\s|[;:]")
_WORD = re.compile(r"[\w’'.-]+")
_BOUNDARY = re.compile(r"[;:“”\"()\[\]—–]|,|\b(?:" + "|".join(CLAUSE_WORDS) + r")\b", re.IGNORECASE)
_DATELINE = re.compile(r"[A-Z][A-Za-z .’'-]{1,40}?(?:\s*\([^)\n]{1,40}\))?\s*(?::|\s[-–—])\s+(?=[A-Z])")
_AFTER_CONTENT_TAIL = re.compile(
    r"(?:\s+(?:on|in|at|last|this|late|earlier|during|from|via)\b[^,;:.]*)?\s*(?:[.!?][\"”’]?\s*$|,|$)"
)
"""What may follow the verb when the attribution comes after the content: a time or place, then the end or a comma."""
_NOT_SPEECH = re.compile(r"ask(?:ed|s)?\s+not\s+to\s+be\s+(?:named|identified)|declined\s+to\s+comment", re.IGNORECASE)
_WHEN_WORDS = (
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|week|weekend|month|"
    r"morning|afternoon|evening|night)"
)
_TIME_BEFORE = re.compile(r"\s+(?:on|late|early|earlier|last|this)\s+(?:\w+\s+){0,1}?" + _WHEN_WORDS + r"\s*$", re.IGNORECASE)
_MEDIUM_AFTER = re.compile(
    r"(\s+(?:on|in|at|during|late|earlier|last|this|via)\s+(?:[\w’'-]+\s+){0,3}?"
    r"(?:" + _WHEN_WORDS[3:-1] + r"|statement|letter|interview|post|briefing|conference|release|speech|report|video|"
    r"address|message|call|email|e-mail|Telegram|X|Facebook|television|TV|radio|phone|news conference))(?=\s*,|\s+that\b|\s+\S)"
)
QUOTE_MARKS = '“”"«»'


def _opens_mark(text: str) -> bool:
    """Whether `text` opens a quotation mark it does not close."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


@dataclass
class Statement:
    """One candidate statement: spans are offsets into the source."""

    kind: str
    start: int
    end: int
    verb: str | None
    speaker: Speaker
    part_of: int | None = None
    """Index, in the article's statements, of the statement this one continues."""
    continues: bool = False
    """Continues its antecedent's statement (set for `His statement …:` lead-ins)."""
    around: tuple[int, int] = (0, 0)
    """The span of the whole statement, attribution included."""


class _Reader:
    def __init__(self, source: str, index: ActorIndex) -> None:
        self.source = source
        self.index = index
        self.bounds = sentence_bounds(source)
        self.found: list[Statement] = []
        self.claimed: list[tuple[int, int]] = []
        self.new: dict[str, NewActor] = {}
        self.reasons: list[tuple[int, str]] = []  # (position, why no statement was made there)

    def taken(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.claimed)

    def add(self, statement: Statement, claim: tuple[int, int]) -> int:
        statement.around = (min(claim[0], statement.start), max(claim[1], statement.end))
        self.found.append(statement)
        self.claimed.append(claim)
        return len(self.found) - 1

    def sentence_of(self, at: int) -> tuple[int, int]:
        return next(((s, e) for s, e in self.bounds if s <= at < e), (at, at))

    def line_of(self, at: int) -> tuple[int, int]:
        lo = self.source.rfind("\n", 0, at) + 1
        hi = self.source.find("\n", at)
        return lo, len(self.source) if hi == -1 else hi

    def trim(self, start: int, end: int, drop_final: bool = True) -> tuple[int, int]:
        """The span without surrounding spaces, commas, and (with `drop_final`) a final full stop."""
        text = self.source
        while start < end and text[start] in " \t,:;":
            start += 1
        while end > start and text[end - 1] in " \t\n,;:" + ("." if drop_final else ""):
            end -= 1
        return start, end

    def speaker(self, subject_lo: int, subject_hi: int, at: int) -> Speaker | None:
        """The speaker a subject span names, or None (proposing a new actor when the words look like one)."""
        phrase = self.source[subject_lo:subject_hi].strip(" ,")
        if not phrase:
            return None
        words = phrase.split()
        first = words[0].lower()
        if (len(words) == 1 and first in PRONOUNS) or (
            first in POSSESSIVES and len(words) <= 3 and words[-1].lower() in SPEECH_NOUNS
        ):
            # Resolved once every statement is read (`_resolve`): the antecedent may be read later.
            return Speaker("", first, "anaphoric")
        head, comma, rest = phrase.partition(",")
        appositive = rest if comma else None
        back = re.fullmatch(r"(?:the|this|that)\s+(?:[\w-]+\s+)?([\w-]+)", head, re.IGNORECASE)
        if back and self.index.head(head) is None and not appositive:
            # `the official`, `the ministry`: a back-reference, resolved in `_resolve`.
            return Speaker("", "=" + back.group(1).lower(), "anaphoric")
        parts = re.split(r",?\s+and\s+|\s*&\s*", head)
        resolved = [self.index.head(p) for p in parts]
        if resolved[0] is None and appositive:
            resolved[0] = self.index.head(appositive)
        if resolved[0] is None:
            new = self.index.propose(parts[0], appositive)
            if new is not None:
                new.at = subject_lo
                self.new.setdefault(new.id, new)
            self.reasons.append((at, f"the subject {phrase!r} names no actor of this article"))
            return None
        actor, _ = resolved[0]
        co = tuple(dict.fromkeys(r[0] for r in resolved[1:] if r is not None and r[0] != actor))
        label = phrase if len(parts) == 1 else parts[0].strip()
        return Speaker(actor, label, "explicit", co)

    def subject_of(self, lo: int, verb_start: int, at: int | None = None) -> Speaker | None:
        """The speaker the subject before a verb names (`at`: where a failure is reported)."""
        subject = self.subject_before(lo, verb_start)
        return self.speaker(*subject, verb_start if at is None else at) if subject else None

    def subject_before(self, lo: int, verb_start: int) -> tuple[int, int] | None:
        """The subject of a verb back to the clause's start, less auxiliaries, adverbs and a time
        (`on Wednesday`), keeping an appositive and a relative clause (`A specialist who …`);
        for a relative pronoun subject (`…, which has condemned`), the phrase it stands for."""
        text = self.source
        hi = verb_start
        words = list(_WORD.finditer(text, lo, hi))
        while words and words[-1].group(0).lower() in AUXILIARIES:
            hi = words.pop().start()
        when = _TIME_BEFORE.search(text, lo, hi)
        if when:
            hi = when.start()
        hi = len(text[:hi].rstrip())
        appositive = text[:hi].endswith(",")
        cut = hi - 1 if appositive else hi
        start = self._clause_start(lo, cut)
        if appositive:
            # Back over the appositive to the comma before it, then to the clause's start.
            comma = text.rfind(",", lo, cut)
            start = self._clause_start(lo, comma) if comma != -1 else lo
        relative = re.search(r"(,\s*)?\b(who|which)\s*$", text[lo:start], re.IGNORECASE)
        if relative:
            rel_at = lo + relative.start()
            if not text[start:cut].strip():
                # `the Campaign, which has condemned`: the pronoun stands for the phrase before it.
                start, cut = self._clause_start(lo, rel_at), rel_at
            elif relative.group(2).lower() == "who" and not relative.group(1):
                # `A specialist who has worked here said`: the clause belongs to the subject.
                start = self._clause_start(lo, rel_at)
        subject = text[start:cut].strip()
        if not subject or len(subject.split()) > 16:
            return None
        begin = start + (len(text[start:cut]) - len(text[start:cut].lstrip()))
        return begin, cut

    def _clause_start(self, lo: int, hi: int) -> int:
        """Where the clause ending at `hi` starts: after the last punctuation, clause word or dateline."""
        start = lo
        for m in _BOUNDARY.finditer(self.source, lo, hi):
            start = m.end()
        dateline = _DATELINE.match(self.source, self.line_of(lo)[0])
        if dateline and start < dateline.end() <= hi:
            start = dateline.end()
        return start

    def coordinated(self, s_lo: int, verb_start: int) -> Speaker | Literal[False] | None:
        """For a verb after `and`/`but` (`called it X and said Y`): the speaker of the statement before
        it in the sentence, or of the clause's subject; False when the verb is not coordinated."""
        before = self.source[s_lo:verb_start]
        trimmed = re.sub(r"(?:\s+(?:" + "|".join(AUXILIARIES) + r"))+\s*$", "", before.rstrip())
        if not re.search(r"\b(?:and|but)$", trimmed):
            return False
        earlier = [st for st in self.found if s_lo <= st.start < verb_start or s_lo <= st.around[0] < verb_start]
        if earlier:
            return earlier[-1].speaker
        first_verb = re.search(r"\s(?:has|have|had|\w+ed|\w+s)\b", before)
        if first_verb is None:
            return None
        return self.subject_of(s_lo, s_lo + first_verb.start() + 1, verb_start)

    # -- passages in quotation marks ---------------------------------------------------------

    def marked(self) -> None:
        for m in _MARKED.finditer(self.source):
            open_at, close_at = m.start(), m.end() - 1
            lo, hi = self.trim(open_at + 1, close_at, drop_final=False)
            content = self.source[lo:hi]
            # A few words in marks are a scare quote or a quoted phrase, read with their clause,
            # unless an attribution follows them (`“The mines,” she said, “will …”`).
            short = len(content.split()) < 4 and not (content[:1].isupper() and content[-1:] in ".?!")
            ends_quote = content[-1:] in "?!" or self.source[close_at - 1 : close_at] == ","
            found = self._after(close_at + 1, open_at) if ends_quote or self.source[close_at + 1 : close_at + 2] == "," else None
            if found is None and not short:
                found = self._before(open_at)
            if found is None:
                found = self._continued(open_at)
            if found is None:
                continue
            verb, speaker, claim_lo, claim_hi, part_of = found
            self.add(Statement("direct", lo, hi, verb, speaker, part_of), (min(claim_lo, open_at), max(claim_hi, close_at + 1)))

    def _after(self, at: int, open_at: int) -> tuple[str | None, Speaker, int, int, int | None] | None:
        """`“…,” X said.` / `“…,” said X.` / `“…,” X told reporters.`"""
        line_end = min(self.line_of(at)[1], self.sentence_of(at)[1])
        stop = min((i for i in (self.source.find(c, at, line_end) for c in '“"') if i != -1), default=line_end)
        stop = self.trim(at, stop)[1]
        verb = next(self.verbs(at, stop), None)
        if verb is None or verb.group(0).lower() == "according to":
            return None
        if self.source[at : verb.start()].strip(" ,"):
            subject = self.subject_before(at, verb.start()) or (at, verb.start())
            spoken = self.speaker(*subject, open_at)
        else:  # inverted: the subject follows the verb
            end = min((i for i in (self.source.find(c, verb.end(), stop) for c in ",;") if i != -1), default=stop)
            spoken = self.speaker(verb.end(), end, open_at)
        return None if spoken is None else (self.verb_phrase(verb, stop), spoken, at, stop, None)

    def _before(self, open_at: int) -> tuple[str | None, Speaker, int, int, int | None] | None:
        """`X said: “…”` / `X stated, “…”` / `X said that “…”`."""
        lo = self.line_of(open_at)[0]
        sentence_lo = max(lo, self.sentence_of(max(lo, open_at - 1))[0])
        verbs = list(self.verbs(sentence_lo, open_at))
        last = verbs[-1] if verbs else None
        if last is None or last.group(0).lower() == "according to" or self.taken(last.start(), last.end()):
            return None  # an attribution already read is the passage before's (`“…,” she said, “…”`)
        between = self.source[last.end() : open_at]
        if not re.fullmatch(r"(?:\s+[\w’'.]+){0,3}?\s*(?:that\s*)?[:,]?\s*", between):
            return None
        subject = self.subject_before(sentence_lo, last.start())
        if subject is None:
            return None
        spoken = self.speaker(*subject, open_at)
        if spoken is None:
            return None
        # The verb runs to the last word before the quotation (`called it`, `told reporters`).
        phrase = re.sub(r"(?:\s+that)?\s*[:,]?\s*$", "", self.source[last.start() : open_at])
        return phrase, spoken, subject[0], open_at, None

    def _continued(self, open_at: int) -> tuple[str | None, Speaker, int, int, int | None] | None:
        """`“…,” she said. “…”`: the passage after an attributed one in the same paragraph."""
        lo = self.line_of(open_at)[0]
        earlier = [i for i, s in enumerate(self.found) if lo <= s.start < open_at and s.kind == "direct"]
        # Only right after the attribution that ends the passage before it: nothing else between.
        if not earlier or re.search(r"\w", self.source[self.found[earlier[-1]].around[1] : open_at]):
            return None
        # Its speaker is the first passage's, once that is resolved (`_resolve`).
        return None, Speaker("", "", "inferred"), open_at, open_at, earlier[0]

    # -- a line ending with a colon introduces the next passage ---------------------------

    def lead_ins(self) -> None:
        for m in re.finditer(r"(?m)^([^\n]*\S)\s*:[ \t]*\n+(?=\S)", self.source):
            line_lo, colon = m.start(1), m.end(1)
            passage_lo = m.end()
            passage_hi = self.line_of(passage_lo)[1]
            if self.taken(passage_lo, passage_hi):
                continue
            quote_from = re.match(r"(?i)(quote\s+from)\s+(.+)$", self.source[line_lo:colon])
            if quote_from:
                verb_text = quote_from.group(1)
                spoken = self.speaker(line_lo + quote_from.start(2), colon, line_lo)
            else:
                verb = next((v for v in self.verbs(line_lo, colon) if v.group(0).lower() != "according to"), None)
                if verb is None:
                    continue
                spoken = self.subject_of(line_lo, verb.start(), line_lo)
                verb_text = self.verb_phrase(verb, colon)
            if spoken is None:
                continue
            lo, hi = self.trim(passage_lo, passage_hi, drop_final=False)
            if self.source[lo : lo + 1] in QUOTE_MARKS and self.source[hi - 1 : hi] in QUOTE_MARKS:
                lo, hi = lo + 1, hi - 1
            # A lead-in about someone's statement (`His statement highlights …:`) continues it.
            continues = spoken.actor == "" and spoken.label in POSSESSIVES
            self.add(Statement("direct", lo, hi, verb_text, spoken, None, continues), (line_lo, hi))

    # -- reporting verbs in running text -----------------------------------------------------

    def verb_phrase(self, verb: re.Match[str], stop: int) -> str:
        """The verb as written, with a hearing addressee (`told reporters`) and an object before `as` or `by …ing`."""
        text = self.source
        word = verb.group(0)
        lowered = re.sub(r"\s+", " ", word.lower())
        rest = text[verb.end() : stop]
        if lowered in ADDRESSEE_FORMS:
            m = re.match(r"((?:\s+(?!that\b)[\w’'.-]+){1,4}?)(?=\s+that\b|\s*[,:]|\s*$|\s*“)", rest)
            if m:
                return word + m.group(1)
        if lowered in TO_ADDRESSEE_FORMS:
            m = re.match(
                r"(\s+to\s+(?:the\s+)?(?:[A-Z][\w’'.-]*\s*){1,4})(?=[,.:]|\s+that\b|$|\s*(?:on|in|at|last|this|during)\b)", rest
            )
            if m:
                addressee = m.group(1).rstrip()
                # A full stop after a lowercase letter ends the sentence; after a capital it ends `U.S.`.
                return word + (addressee[:-1] if re.search(r"[a-z]\.$", addressee) else addressee)
        if lowered in AS_FORMS:
            m = re.match(r"((?:\s+[\w’'-]+){1,5}?\s+as)\s", rest)
            if m:
                return word + m.group(1)
        m = re.match(r"((?:\s+[\w’'-]+){0,4}?\s+by\s+\w+ing)\s", rest)
        if m and any(m.group(1).split()[-1].lower() == p.split()[0] for p in PARTICIPLES):
            return word + m.group(1)
        return word

    def verbs(self, lo: int, hi: int) -> Iterator[re.Match[str]]:
        """The reporting verbs between `lo` and `hi`, less words that only look like one."""
        for verb in VERB_PATTERN.finditer(self.source, lo, hi):
            if VERB_PATTERN.match(self.source, verb.end() + 1) and self.source[verb.end() : verb.end() + 1] == " ":
                continue  # `estimates indicate`: the first is the noun the second reports
            s_lo = self.sentence_of(verb.start())[0]
            if verb.group(0)[0].isupper() and self.source[s_lo : verb.start()].strip(" “\"'‘"):
                continue  # capitalised inside a sentence: part of a name (`United States`), not a verb
            yield verb

    def running(self) -> None:
        for s_lo, s_hi in self.bounds:
            if not _ENDS_SENTENCE.search(self.source, s_lo, s_hi) and len(self.source[s_lo:s_hi].split()) < 25:
                continue  # a headline, a deck or a label: no sentence, so no statement
            for verb in self.verbs(s_lo, s_hi):
                if not (self.taken(verb.start(), verb.end()) or _opens_mark(self.source[s_lo : verb.start()])):
                    self._verb(verb, s_lo, s_hi)

    def _clause_end(self, lo: int, s_hi: int, reaction: bool = False) -> int:
        lo_end, hi = self.trim(lo, s_hi)
        participle = _PARTICIPLE_CLAUSE.search(self.source, lo, hi)
        end = participle.start() if participle else hi
        # Another predicate or clause with its own reporting verb (`… and accused X`, `…, and
        # the government estimates …`), or the attribution of a relay (`…, the newspaper reported`).
        for m in _NEXT_PREDICATE.finditer(self.source, lo, end):
            if next(self.verbs(m.end(), min(end, m.end() + 60)), None) is not None:
                end = m.start()
                break
        trailing = _TRAILING_ATTRIBUTION.search(self.source, lo, end)
        end = trailing.start() if trailing else end
        # A relative clause after a comma is the writer's addition (`the Donetsk region, where …`).
        relative = _RELATIVE_CLAUSE.search(self.source, lo, end)
        end = relative.start() if relative else end
        if reaction:
            cut = _REACTION_END.search(self.source, lo, end)
            end = cut.start() if cut else end
        return self._closing_mark(lo_end, self.trim(lo_end, end)[1])

    def _closing_mark(self, lo: int, hi: int) -> int:
        """`hi`, past the mark (and full stop) closing one the span opened (`would "put civilians at risk."`)."""
        text = self.source
        if _opens_mark(text[lo:hi]):
            m = re.match(r"[.!?,]?[”\"]", text[hi : hi + 2])
            if m:
                return hi + m.end()
        return hi

    def _verb(self, verb: re.Match[str], s_lo: int, s_hi: int) -> None:
        word = re.sub(r"\s+", " ", verb.group(0).lower())
        before = self.source[s_lo : verb.start()]
        after_comma = bool(re.search(r",\s*$", before))
        first = word.split()[0]
        if word == "according to":
            self._according_to(verb, s_lo, s_hi)
        elif word in RECEIVING_FORMS:
            self._received(verb, s_lo, s_hi)
        elif after_comma and first.endswith("ing"):
            self._participle(verb, s_lo, s_hi)
        elif first in VOICING_FORMS:
            self._voiced(verb, s_lo, s_hi)
        elif first.endswith("ing") and not re.search(r"\b(?:is|are|was|were|been|be)\s+(?:\w+ly\s+)?$", before):
            pass  # a gerund, or a progressive without its auxiliary (`the debate highlighting`): no clause
        elif word in REACTION_FORMS:
            self._reaction(verb, s_lo, s_hi)
        elif word in NAMING_FORMS:
            self._named(verb, s_lo, s_hi, None)
        else:
            self._speech(verb, s_lo, s_hi, after_comma)

    def _named(self, verb: re.Match[str], s_lo: int, s_hi: int, parent: int | None) -> None:
        """`called the move “reckless”`: the name given is the content (direct when all quoted); `called on X
        to …` is a request; after a statement (`, calling it …`) it continues that statement."""
        text = self.source
        request = re.match(r"\s+on\s+", text[verb.end() : s_hi])
        obj = None if request else _NAMED_OBJECT.match(text[verb.end() : s_hi])
        if request is None and obj is None:
            return
        spoken = self.found[parent].speaker if parent is not None else self.subject_speaker(s_lo, verb.start())
        if spoken is None:
            return
        cut = verb.end() + (request.end() if request else obj.end(1))  # type: ignore[union-attr]
        lo, hi = self.trim(cut, self._clause_end(cut, s_hi))
        if hi <= lo:
            return
        kind = "indirect"
        if not request and text[lo] in QUOTE_MARKS and text[hi - 1] in QUOTE_MARKS and not _MARKED.search(text, lo + 1, hi - 1):
            kind, lo, hi = "direct", lo + 1, hi - 1
        phrase = text[verb.start() : cut].rstrip()
        index = self.add(Statement(kind, lo, hi, phrase, spoken, part_of=parent), (verb.start(), hi))
        if parent is None:
            self._participles_after(index, hi, s_hi, s_lo)

    def _according_to(self, verb: re.Match[str], s_lo: int, s_hi: int) -> None:
        text = self.source
        before = text[s_lo : verb.start()].rstrip()
        if before.endswith(","):  # `…, according to X.`
            end = min((i for i in (text.find(c, verb.end(), s_hi) for c in ",;") if i != -1), default=s_hi)
            spoken = self.speaker(verb.end(), self.trim(verb.end(), end)[1], verb.start())
            clause_lo = self._content_start(s_lo)
            lo, hi = self.trim(clause_lo, s_lo + len(before) - 1)
        else:
            comma = text.find(",", verb.end(), s_hi)
            if comma == -1:
                return
            spoken = self.speaker(verb.end(), comma, verb.start())
            lo, hi = self.trim(comma + 1, self._clause_end(comma + 1, s_hi))
        if spoken is None or hi <= lo:
            return
        index = self.add(Statement("indirect", lo, hi, verb.group(0), spoken), (min(lo, verb.start()), max(hi, verb.end())))
        self._participles_after(index, hi, s_hi, s_lo)

    def _content_start(self, s_lo: int) -> int:
        """Where content before its attribution starts: the sentence, less a dateline."""
        dateline = _DATELINE.match(self.source, s_lo) if self.line_of(s_lo)[0] == s_lo else None
        return dateline.end() if dateline else s_lo

    def _received(self, verb: re.Match[str], s_lo: int, s_hi: int) -> None:
        """`faces mounting criticism from X`: the reaction noun phrase, spoken by X."""
        text = self.source
        m = re.match(r"\s+((?:[\w’'-]+\s+){0,3}?)(" + _REACTION_NOUN.pattern + r")\s+from\s+", text[verb.end() : s_hi])
        if m is None:
            return
        lo = verb.end() + m.start(1)
        hi = verb.end() + m.end(2)
        who = verb.end() + m.end()
        end = _REACTION_END.search(text, who, s_hi)
        stop = self.trim(who, end.start() if end else s_hi)[1]
        participle = _PARTICIPLE_CLAUSE.search(text, who, s_hi)
        stop = min(stop, participle.start()) if participle else stop
        spoken = self.speaker(who, stop, verb.start())
        if spoken is None:
            return
        self.add(Statement("reaction", lo, hi, verb.group(0), spoken), (verb.start(), stop))

    def _voiced(self, verb: re.Match[str], s_lo: int, s_hi: int) -> None:
        """`expressed strong opposition to the decision`: the reaction and its object; the verb is the voicing word alone."""
        text = self.source
        first = verb.group(0).split()[0]
        verb_end = verb.start() + len(first)
        m = re.match(r"\s+((?:[\w’'-]+\s+){0,3}?)(" + _REACTION_NOUN.pattern + r")\b", text[verb_end:s_hi])
        if m is None:
            return
        lo = verb_end + m.start(1)
        hi = self._clause_end(lo, s_hi, reaction=True)
        if first.endswith("ing") and text[verb.start() - 2 : verb.start()] == ", ":
            earlier = [i for i, s in enumerate(self.found) if s_lo <= s.start < verb.start()]
            if not earlier:
                return
            parent = self.found[earlier[-1]]
            self.add(Statement("reaction", lo, hi, first, parent.speaker, part_of=earlier[-1]), (verb.start(), hi))
            return
        spoken = self.subject_of(s_lo, verb.start())
        if spoken is None:
            return
        index = self.add(Statement("reaction", lo, hi, first, spoken), (verb.start(), hi))
        self._participles_after(index, hi, s_hi, s_lo)

    def _reaction(self, verb: re.Match[str], s_lo: int, s_hi: int) -> None:
        """`condemned the decision` (a reaction), or `condemned the plan as reckless` (content)."""
        phrase = self.verb_phrase(verb, s_hi)
        spoken = self.subject_of(s_lo, verb.start())
        if spoken is None:
            return
        lo = verb.start() + len(phrase)
        # `defends its policy as X`, `… by emphasizing X`: content, not the reaction itself.
        kind = "indirect" if phrase.endswith((" as", "ing")) else "reaction"
        lo, hi = self.trim(lo, self._clause_end(lo, s_hi, reaction=kind == "reaction"))
        if hi <= lo:
            return
        index = self.add(Statement(kind, lo, hi, phrase, spoken), (verb.start(), hi))
        self._participles_after(index, hi, s_hi, s_lo)

    def subject_speaker(self, s_lo: int, verb_start: int) -> Speaker | None:
        """The speaker of a verb in running text: a coordinated verb's, or its subject's."""
        coordinated = self.coordinated(s_lo, verb_start)
        if coordinated is not False:
            return coordinated
        return self.subject_of(s_lo, verb_start)

    def _attributed_after(self, verb: re.Match[str], phrase: str, s_lo: int, s_hi: int, after_comma: bool) -> bool:
        """Whether the verb attributes the content before it (`The mines stay, an official said.`, `…, said X.`)."""
        text = self.source
        verb_end = verb.start() + len(phrase)
        if self.coordinated(s_lo, verb.start()) is not False:
            return False
        subject = self.subject_before(s_lo, verb.start())
        if subject is not None and _AFTER_CONTENT_TAIL.match(text, verb_end, s_hi):
            comma = text.rfind(",", s_lo, subject[0])
            if comma == -1 or text[comma + 1 : subject[0]].strip():
                return False
            spoken = self.speaker(*subject, verb.start())
            lo, hi = self.trim(self._content_start(s_lo), comma)
            if spoken is not None and len(text[lo:hi].split()) >= 3 and not self.taken(lo, hi):
                self.add(Statement("indirect", lo, hi, phrase, spoken), (lo, verb_end))
            return True
        if subject is None and after_comma:
            comma = text.rfind(",", s_lo, verb.start())
            end = min((i for i in (text.find(c, verb_end, s_hi) for c in ",;") if i != -1), default=s_hi)
            spoken = self.speaker(verb_end, self.trim(verb_end, end)[1], verb.start())
            lo, hi = self.trim(self._content_start(s_lo), comma)
            if spoken is not None and hi > lo and not self.taken(lo, hi):
                self.add(Statement("indirect", lo, hi, phrase, spoken), (lo, s_hi))
            return True
        return False

    def _speech(self, verb: re.Match[str], s_lo: int, s_hi: int, after_comma: bool) -> None:
        text = self.source
        if _NOT_SPEECH.match(text, verb.start()):
            return
        phrase = self.verb_phrase(verb, s_hi)
        if self._attributed_after(verb, phrase, s_lo, s_hi, after_comma):
            return
        spoken = self.subject_speaker(s_lo, verb.start())
        if spoken is None:
            return
        verb_end = verb.start() + len(phrase)
        tail = text[verb_end:s_hi]
        medium = _MEDIUM_AFTER.match(text, verb_end)
        if medium and not re.match(r"\s*[.!?]", text[medium.end() :]):
            # `said on Wednesday it had …`, `said in a joint letter that …`: the verb runs to the content.
            phrase, verb_end = phrase + medium.group(1), medium.end()
            tail = text[verb_end:s_hi]
        m = re.match(r"\s*(?:(,|:)\s*|that\s+)?", tail)
        lo = verb_end + (m.end() if m else 0)
        if m and m.group(1) and text[lo : lo + 1].isupper():
            # `stated, Landmines create …`: a direct passage to the end of its paragraph.
            hi = self.trim(lo, self.line_of(lo)[1], drop_final=False)[1]
            self.add(Statement("direct", lo, hi, phrase, spoken), (verb.start(), hi))
            return
        hi = self._clause_end(lo, s_hi)
        lo, hi = self.trim(lo, hi)
        if hi <= lo or (len(text[lo:hi].split()) < 2 and not _REQUESTS.match(verb.group(0))):
            return
        index = self.add(Statement("indirect", lo, hi, phrase, spoken), (verb.start(), hi))
        self._participles_after(index, hi, s_hi, s_lo)

    def _participle(self, verb: re.Match[str], s_lo: int, s_hi: int) -> None:
        """`…, citing security concerns` with no statement before it: the sentence's subject speaks, if an actor."""
        text = self.source
        first_verb = re.search(r"\s(?:is|are|was|were|has|have|had|remains?|\w+s|\w+ed)\b", text[s_lo : verb.start()])
        if first_verb is None:
            return
        subject = (s_lo, s_lo + first_verb.start())
        if self.index.head(text[s_lo : subject[1]].strip()) is None:
            return
        spoken = self.speaker(*subject, verb.start())
        if spoken is None:
            return
        phrase = self.verb_phrase(verb, s_hi)
        lo, hi = self.trim(verb.start() + len(phrase), self._clause_end(verb.start() + len(phrase), s_hi))
        if hi > lo:
            self.add(Statement("indirect", lo, hi, phrase, spoken), (verb.start(), hi))

    def _participles_after(self, index: int, start: int, s_hi: int, s_lo: int = 0) -> None:
        """The participle clauses after a statement (`, pushing for X`): records of its speaker."""
        text = self.source
        for m in _PARTICIPLE_CLAUSE.finditer(text, start, s_hi):
            verb = VERB_PATTERN.match(text, m.start() + len(m.group(0)) - len(m.group(0).lstrip(", \t")))
            if verb is None or self.taken(verb.start(), verb.end()):
                continue
            if re.sub(r"\s+", " ", verb.group(0).lower()) in RECEIVING_FORMS:
                self._received(verb, s_lo, s_hi)  # `, drawing rebuke from X`: X's reaction, not a continuation
                continue
            if verb.group(0).lower() in NAMING_FORMS:
                self._named(verb, s_lo, s_hi, index)
                continue
            phrase = self.verb_phrase(verb, s_hi)
            lo = verb.start() + len(phrase)
            lo, hi = self.trim(lo, self._clause_end(lo, s_hi))
            if hi <= lo:
                continue
            parent = self.found[index]
            self.add(Statement("indirect", lo, hi, phrase, parent.speaker, part_of=index), (verb.start(), hi))


_PERSONAL = {
    "he": ("person", "anonymous"),
    "she": ("person", "anonymous"),
    "it": ("organization", "government", "state", "media", "legislature"),
}
_NOUN_KINDS = {
    "group": ("organization", "group"), "organisation": ("organization",), "organization": ("organization",),
    "network": ("organization",), "campaign": ("organization",), "coalition": ("organization", "group"),
    "charity": ("organization",), "body": ("organization", "government"), "ministry": ("government",),
    "government": ("government", "state"), "administration": ("government",), "department": ("government",),
    "newspaper": ("media",), "paper": ("media",), "outlet": ("media",), "broadcaster": ("media",),
    "agency": ("media", "organization", "government"),
}  # fmt: skip


def _fits(index: ActorIndex, actor: str, label: str, pronoun: str) -> bool:
    """Whether a pronoun (`she`) or a back-reference (`=ministry`) can stand for an actor named `label`."""
    kind = index.kind(actor)
    if pronoun.startswith("="):
        noun = pronoun[1:].rstrip("s")
        words = [w.lower().rstrip("s").strip(".,’'") for w in (label.split() + index.actors[actor].name.split())]
        return noun in words or kind in _NOUN_KINDS.get(noun, ())
    if pronoun in ("they", "we"):
        return kind != "person"
    return kind in _PERSONAL.get(pronoun, (kind,))


def _antecedent(
    s: Statement, kept: list[Statement], names: list[tuple[int, int, str]], index: ActorIndex, source: str
) -> Statement | tuple[int, str, str] | None:
    """The subject's antecedent: the later of the latest earlier statement and the latest name
    opening a sentence, among those the pronoun or back-reference can stand for."""
    pronoun = s.speaker.label
    said = [k for k in kept if k.speaker.actor and _fits(index, k.speaker.actor, k.speaker.label, pronoun)]
    named = [
        (lo, actor, source[lo:hi])
        for lo, hi, actor in names
        # A person is seldom named in passing, so `he`/`she` take any name; `they`/`it` a subject's.
        if hi <= s.start
        and (pronoun in ("he", "she") or _opens_sentence(source, lo))
        and _fits(index, actor, source[lo:hi], pronoun)
    ]
    if named and (not said or named[-1][0] > said[-1].around[1]):
        return named[-1]
    return said[-1] if said else None


def _opens_sentence(source: str, at: int) -> bool:
    """Whether a name at `at` begins its sentence (after a determiner or a short opener at most)."""
    line_lo = source.rfind("\n", 0, at) + 1
    stop = max(source.rfind(". ", line_lo, at), source.rfind("? ", line_lo, at), source.rfind("! ", line_lo, at))
    lead = source[(stop + 2 if stop != -1 else line_lo) : at].strip(' “"')
    return len(lead.split()) <= 1 and lead.lower() not in PREPOSITIONS


def _resolve(found: list[Statement], index: ActorIndex, source: str) -> list[Statement]:
    """Statements in source order, each pronoun given its antecedent and each continued passage
    its first part's speaker; those left without one are dropped."""
    order = sorted(range(len(found)), key=lambda i: found[i].start)
    kept: list[Statement] = []
    position: dict[int, int] = {}
    names = index.matches(source)
    for old in order:
        s = found[old]
        if s.speaker.actor == "" and s.speaker.attribution == "inferred" and s.part_of is not None:
            first = found[s.part_of]
            if not first.speaker.actor:
                continue
            s.speaker = Speaker(first.speaker.actor, first.speaker.label, "inferred", first.speaker.co_speakers)
        elif s.speaker.actor == "":
            before = _antecedent(s, kept, names, index, source)
            if before is None:
                continue
            if isinstance(before, Statement):
                s.speaker = Speaker(before.speaker.actor, before.speaker.label, "anaphoric", before.speaker.co_speakers)
                if s.continues:
                    s.part_of = next(o for o, n in position.items() if kept[n] is before)
            else:
                s.speaker = Speaker(before[1], before[2], "anaphoric")
        position[old] = len(kept)
        kept.append(s)
    for s in kept:
        s.part_of = position.get(s.part_of) if s.part_of is not None else None
    return kept


def read_statements(source: str, index: ActorIndex) -> tuple[list[Statement], list[NewActor], list[tuple[int, str]]]:
    """The statements of an article's text, in source order, with the actors to create."""
    reader = _Reader(source, index)
    reader.marked()
    reader.lead_ins()
    reader.running()
    return _resolve(reader.found, index, source), list(reader.new.values()), reader.reasons
