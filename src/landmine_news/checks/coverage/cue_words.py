"""The words a coverage check looks for (CONTRIBUTING.md, *Coverage*): data, not logic.

Reporting verbs are listed as lemmas and inflected by `inflections`; irregular forms and
fixed phrases are listed as written. Add a word here when an article shows a cue that the
check missed; a test pins every listed cue to a sentence that must find it.
"""

from __future__ import annotations

REPORTING_LEMMAS = (
    "say", "state", "note", "tell", "argue", "urge", "warn", "emphasize", "emphasise", "stress",
    "express", "call for", "cite", "highlight", "question", "defend", "claim", "insist", "add",
    "announce", "declare", "acknowledge", "criticize", "criticise", "condemn", "praise", "describe",
    "explain", "suggest", "confirm", "deny", "accuse", "reject", "welcome", "demand", "ask",
    "believe", "report", "estimate", "push for", "raise concerns", "voice", "caution", "contend",
    "assert", "point out", "comment", "respond", "reply", "write", "tweet", "post", "maintain",
    "indicate", "allege", "admit", "concede", "reiterate", "vow", "pledge", "underline", "underscore",
)  # fmt: skip
IRREGULAR = ("said", "says", "told", "wrote", "written", "thought", "felt")
PHRASES = (
    "according to", "estimates indicate", "in a statement", "statement", "spokesperson", "spokesman",
    "spokeswoman", "criticism", "rebuke", "opposition", "concerns", "outcry", "backlash",
    "condemnation", "debate", "pressure",
)  # fmt: skip
NUMBER_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "thousand", "million", "billion", "trillion", "dozen", "half", "third", "thirds", "quarter",
    "quarters", "twice", "double", "triple", "once", "single", "percent",
)  # fmt: skip
DURATIONS = ("seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades", "centuries")
NAME_CONNECTORS = ("of", "for", "in", "de", "du", "da", "von", "van", "al", "bin", "on")
"""Lowercase words that may join the capitalised words of one name (`Center for Civilians in Conflict`)."""
COMMON_STARTERS = (
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "our", "my",
    "while", "as", "for", "in", "on", "at", "after", "before", "since", "when", "if", "but", "and",
    "or", "so", "yet", "both", "each", "every", "some", "many", "most", "such", "it", "they", "he",
    "she", "we", "there", "here", "what", "which", "who", "how", "why", "where", "up", "next",
)  # fmt: skip
"""Capitalised words that start a sentence without being a name (`The`, `While`)."""


def inflections(lemma: str) -> tuple[str, ...]:
    """`argue` -> argue, argues, argued, arguing; `call for` -> call for, calls for, called for, calling for."""
    head, _, rest = lemma.partition(" ")
    tail = f" {rest}" if rest else ""
    stem = head[:-1] if head.endswith("e") else head
    third = head + ("es" if head.endswith(("s", "sh", "ch", "x")) else "s")
    if head.endswith("y") and head[-2:-1] not in "aeiou":
        third, past = head[:-1] + "ies", head[:-1] + "ied"
    else:
        past = head + "d" if head.endswith("e") else head + "ed"
    forms = (head, third, past, stem + "ing")
    return tuple(dict.fromkeys(f + tail for f in forms))


def attribution_cues() -> tuple[str, ...]:
    """Every attribution cue, longest first (so `calling for` wins over a shorter overlap)."""
    words = {form for lemma in REPORTING_LEMMAS for form in inflections(lemma)} | set(IRREGULAR) | set(PHRASES)
    return tuple(sorted(words, key=lambda w: (-len(w), w)))
