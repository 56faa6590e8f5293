"""Closed vocabularies. Adding a member is a minor schema change; removing one is major."""

from __future__ import annotations

from enum import Enum


class ActorKind(str, Enum):
    """What sort of actor a record describes."""

    person = "person"
    organization = "organization"
    government = "government"
    state = "state"
    legislature = "legislature"
    media = "media"
    group = "group"
    anonymous = "anonymous"


class QuoteKind(str, Enum):
    """Whether the source reproduces the words (direct), reports their content (indirect), or
    reports a reaction without propositional content (reaction: `sharp rebuke`)."""

    direct = "direct"
    indirect = "indirect"
    reaction = "reaction"


class Attribution(str, Enum):
    """How the page ties a statement to its speaker.

    `explicit`: a reporting verb and the speaker's name or description in the same sentence;
    `anaphoric`: a reporting verb whose subject is a pronoun or back-reference (`They argue`,
    `His statement highlights`), resolved to an earlier mention; `inferred`: no reporting verb
    ties them, and the curator infers the speaker from context.
    """

    explicit = "explicit"
    anaphoric = "anaphoric"
    inferred = "inferred"


class Verdict(str, Enum):
    """The result of checking a factual claim against a source of record."""

    accurate = "accurate"
    inaccurate = "inaccurate"
    disputed = "disputed"
    unverifiable = "unverifiable"


class Fidelity(str, Enum):
    """How faithfully a quote renders the words first published (schema 2.1).

    `verbatim`: the same words; `trimmed`: a contiguous part of them (or they of it);
    `altered`: the same statement with words changed; `paraphrase`: an indirect rendering;
    `not_found`: looked for where the speaker's words would be first published, and not
    found; `unchecked`: nothing to compare with, and no search recorded. The first three
    are computed from the two wordings (`models.fidelity`); the others are the curator's.
    """

    verbatim = "verbatim"
    trimmed = "trimmed"
    altered = "altered"
    paraphrase = "paraphrase"
    not_found = "not_found"
    unchecked = "unchecked"


class Stance(str, Enum):
    """The speaker's position toward the decision the dataset is about, as the quote shows it."""

    supports = "supports"
    opposes = "opposes"
    mixed = "mixed"
    neutral = "neutral"


class Qualifier(str, Enum):
    """How the source qualifies a number; the rule table (models/data/figure_rules.toml) says which wording gives which."""

    exact = "exact"
    approximately = "approximately"
    nearly = "nearly"
    more_than = "more_than"
    at_least = "at_least"
    less_than = "less_than"
    at_most = "at_most"
    between = "between"
    vague = "vague"


class Unit(str, Enum):
    """Unit of a figure. Counts use the thing counted; physical units use their name."""

    country = "country"
    person = "person"
    troop = "troop"
    mine = "mine"
    year = "year"
    decade = "decade"
    generation = "generation"
    minute = "minute"
    square_mile = "square_mile"
    square_kilometre = "square_kilometre"
    mile = "mile"
    kilometre = "kilometre"
    us_dollar = "us_dollar"
    percent = "percent"
    proportion = "proportion"
    other = "other"
