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
    """Whether the source reproduces the words (direct) or reports their content (indirect)."""

    direct = "direct"
    indirect = "indirect"


class Stance(str, Enum):
    """The speaker's position toward the decision the dataset is about, as the quote shows it."""

    supports = "supports"
    opposes = "opposes"
    mixed = "mixed"
    neutral = "neutral"


class Qualifier(str, Enum):
    """How the source qualifies a number; see the rule table in CONTRIBUTING.md."""

    exact = "exact"
    approximately = "approximately"
    more_than = "more_than"
    at_least = "at_least"
    less_than = "less_than"
    at_most = "at_most"
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
