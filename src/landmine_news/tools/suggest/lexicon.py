"""The words `suggest` reads a sentence's structure by: data, not logic.

Reporting verbs are coverage's (`checks.coverage.cue_words`), so what coverage reports is
what `suggest` can read. Each list below says what role its words play in a statement;
add a word where an article shows the role and the list lacks it.
"""

from __future__ import annotations

import re

from ...checks.coverage.cue_words import IRREGULAR, REPORTING_LEMMAS, inflections

REACTION_VERBS = (
    "condemn", "denounce", "welcome", "criticize", "criticise", "praise", "slam", "decry", "hail",
    "blast", "oppose", "reject", "protest", "lament", "applaud", "deplore", "defend",
)  # fmt: skip
"""Verbs that are the reaction itself: their object is the quote's text (`condemned the decision`)."""

VOICING_VERBS = ("express", "voice", "raise", "signal", "register")
"""Verbs whose object is a reaction noun (`expressed strong opposition`): the noun phrase is the text."""

REACTION_NOUNS = (
    "concern", "concerns", "opposition", "alarm", "outrage", "dismay", "support", "regret", "frustration",
    "doubts", "objections", "fears", "criticism", "rebuke", "condemnation", "backlash", "outcry", "praise",
    "anger", "disappointment", "reservations", "worries", "skepticism", "scepticism",
)  # fmt: skip
"""Nouns that name a reaction without its content."""

RECEIVING_VERBS = ("face", "draw", "spark", "prompt", "trigger", "attract", "receive", "provoke")
"""Verbs of receiving a reaction `from` someone (`faces mounting criticism from advocates`):
the reaction noun phrase is the text and whoever follows `from` is the speaker."""

AS_VERBS = ("defend", "describe", "brand", "label", "characterize", "characterise", "portray", "justify", "condemn")
"""Verbs whose content follows their object and `as` (`defends its policy as a necessary measure`)."""

NAMING_VERBS = ("call", "term")
"""Verbs that name what they judge (`called the move “reckless”`): the object joins the verb,
the name is the content; `called on X to …` is a request."""

ADDRESSEE_VERBS = ("tell", "told", "inform", "assure", "brief", "remind")
"""Verbs whose addressee belongs to the verb (`told reporters`): it hears, it is not asked."""

TO_ADDRESSEE_VERBS = ("confirm", "say", "explain", "write", "declare", "announce", "describe", "admit", "complain")
"""Verbs that take their addressee with `to` (`confirmed to Example Wire`)."""

AUXILIARIES = (
    "also", "have", "has", "had", "are", "is", "was", "were", "will", "would", "could", "can", "may",
    "might", "should", "must", "do", "does", "did", "repeatedly", "publicly", "reportedly", "again",
    "already", "further", "strongly", "previously", "recently", "now", "still", "even", "quickly",
    "openly", "privately", "later", "earlier", "too", "jointly", "separately", "immediately", "often",
    "long", "both", "all", "firmly", "loudly", "sharply", "swiftly", "consistently", "once", "been",
)  # fmt: skip
"""Auxiliaries and adverbs between a subject and its reporting verb: in neither the label nor the verb."""

PRONOUNS = ("he", "she", "they", "it", "we")
POSSESSIVES = ("his", "her", "their", "its", "our")
SPEECH_NOUNS = (
    "statement", "statements", "remarks", "comments", "letter", "report", "estimates", "figures", "data",
    "spokesperson", "spokesman", "spokeswoman", "office", "message", "post", "response",
)  # fmt: skip
"""Nouns that stand for what someone said (`His statement highlights`, `government estimates indicate`)."""

PREPOSITIONS = (
    "of", "for", "in", "into", "from", "at", "with", "against", "by", "on", "about", "over", "to", "near",
    "inside", "across", "toward", "towards", "through", "under", "within", "between", "among", "amid",
)  # fmt: skip
"""A name after one of these sits in a phrase about something else (`deeper into Russia`): no speaker."""

CLAUSE_WORDS = (
    "that", "while", "as", "but", "because", "although", "though", "when", "after", "before", "since",
    "whereas", "if", "which", "who", "so", "where",
)  # fmt: skip
"""Words that start a new clause: a subject does not reach back across them."""

ANONYMOUS_HEADS = (
    "official", "officials", "spokesperson", "spokesman", "spokeswoman", "source", "sources", "diplomat",
    "diplomats", "aide", "aides", "officer", "officers", "adviser", "advisers", "advisor", "advisors",
    "representative", "representatives", "lawmaker", "lawmakers", "senator", "senators",
)  # fmt: skip
"""Heads of a description of unnamed people (`a senior administration official`)."""

PEOPLE_NOUNS = (
    "critics", "advocates", "activists", "campaigners", "groups", "organizations", "organisations", "officials",
    "lawmakers", "legislators", "experts", "analysts", "observers", "residents", "diplomats", "leaders", "allies",
    "charities", "agencies", "researchers", "veterans", "deminers", "strategists", "mayors", "farmers", "families",
    "survivors", "senators", "members", "representatives", "governments", "ngos", "opponents", "supporters",
    "proponents", "commentators", "scholars", "academics", "humanitarians", "doctors", "villagers", "people",
    "citizens", "voters", "sources", "aides", "advisers", "advisors", "commanders", "generals", "ministers",
)  # fmt: skip
"""Heads of a description of an unnamed group (`human rights advocates`); a word ending like
a person noun (`-ists`, `-ers`) counts too."""
ORGANIZATION_WORDS = (
    "watch", "campaign", "center", "centre", "committee", "council", "coalition", "institute", "foundation",
    "association", "agency", "organization", "organisation", "group", "network", "alliance", "union",
    "society", "fund", "federation", "league", "movement", "initiative", "project", "trust", "amnesty",
    "red cross", "nations", "forum", "program", "programme", "service", "bureau", "office",
)  # fmt: skip
GOVERNMENT_WORDS = ("ministry", "department", "government", "administration", "cabinet", "white house", "kremlin", "pentagon")
LEGISLATURE_WORDS = ("congress", "parliament", "senate", "house of representatives", "rada", "duma")
TITLES = (
    "president", "secretary", "minister", "defense", "defence", "foreign", "prime", "chancellor", "senator",
    "sen.", "rep.", "representative", "general", "gen.", "spokesperson", "spokesman", "spokeswoman", "director",
    "executive", "chief", "ambassador", "commander", "deputy", "head", "chairman", "chair", "leader", "state",
    "u.s.", "us", "ukrainian", "russian", "american", "british", "german", "french", "advocacy", "the", "former",
)  # fmt: skip
"""Words of a printed role before a person's name (`U.S. Defense Secretary Lloyd Austin`)."""


def _forms(lemmas: tuple[str, ...]) -> set[str]:
    return {form for lemma in lemmas for form in inflections(lemma)}


PARTICIPLES = {
    form
    for form in _forms((*REPORTING_LEMMAS, *REACTION_VERBS, *VOICING_VERBS, *RECEIVING_VERBS, *NAMING_VERBS))
    if form.split()[0].endswith("ing")
}
"""`saying`, `highlighting`, `drawing`: a participle clause with its own reporting verb."""

SPEECH_FORMS = _forms(REPORTING_LEMMAS) | set(IRREGULAR)
REACTION_FORMS = _forms(REACTION_VERBS)
VOICING_FORMS = _forms(VOICING_VERBS)
RECEIVING_FORMS = _forms(RECEIVING_VERBS) | {"drew", "drawn"}
AS_FORMS = _forms(AS_VERBS)
NAMING_FORMS = _forms(NAMING_VERBS)
ADDRESSEE_FORMS = _forms(ADDRESSEE_VERBS)
TO_ADDRESSEE_FORMS = _forms(TO_ADDRESSEE_VERBS) | {"said", "wrote"}


def alternation(words: set[str] | tuple[str, ...]) -> str:
    """A regex alternation of whole words, longest first, spaces matching any run of spaces."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


VERB_PATTERN = re.compile(
    r"(?<![\w’'-])(?:"
    + alternation(SPEECH_FORMS | REACTION_FORMS | VOICING_FORMS | RECEIVING_FORMS | NAMING_FORMS)
    + r"|according\s+to)(?![\w-])",
    re.IGNORECASE,
)
