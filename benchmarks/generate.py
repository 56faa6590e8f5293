#!/usr/bin/env python3
"""Generate a seeded synthetic dataset in the real layout, valid under `landmine-news validate`.

    python benchmarks/generate.py                 # 10,000 articles, 100,000 quotes,
                                                  # 100,000 figures, 5,000 actors
    python benchmarks/generate.py --small         # 200 / 2,000 / 2,000 / 100, for a quick run
    python benchmarks/generate.py --scale 0.5     # half the full size
    python benchmarks/generate.py --seed 7 --out /tmp/ds

Layout (as in `dataset/`): `articles/<id>.yaml` holding the article with its nested
`quotes:` and `figures:` lists, `actors/<id>.yaml`, and `sources/<file>.txt` whose SHA-256
the article records. Source texts are ~3,000 characters of generated prose with accents,
curly quotes, dashes, non-breaking spaces and the odd emoji (outside the BMP, so code-point
offsets are exercised). Every quote text and figure mention is an exact substring of its
source; when it occurs more than once the record carries the right `occurrence`. Ids are
unique across the whole dataset, every actor is referenced, every source is used.

Files are written with plain string formatting (no YAML dumper); strings are quoted as
JSON double-quoted strings, which YAML reads identically. The same seed and options give
byte-identical output.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "data" / "synthetic"
DEFAULT_SMALL_OUT = HERE / "data" / "synthetic-small"
MARKER = "GENERATED.json"  # at the dataset root, where validate does not look

FULL = {"articles": 10_000, "quotes": 100_000, "figures": 100_000, "actors": 5_000}
SMALL = {"articles": 200, "quotes": 2_000, "figures": 2_000, "actors": 100}
SOURCE_CHARS = 3_000

# -- vocabulary -----------------------------------------------------------------------------
FIRST = [
    "Olena",
    "Dmytro",
    "José",
    "Zoë",
    "François",
    "Søren",
    "Łukasz",
    "Ana",
    "Mary",
    "Hichem",
    "Renée",
    "Jürgen",
    "Oksana",
    "Björn",
    "Inés",
    "Mykola",
    "Chloé",
    "Thomas",
    "Aisha",
    "Nuño",
    "Kateryna",
    "Gaël",
    "Małgorzata",
    "Ivan",
    "Sarah",
    "Jean-Luc",
    "Yuliia",
    "Çağla",
    "Ömer",
    "Niamh",
]
LAST = [
    "Kovalenko",
    "Álvarez",
    "Müller",
    "Lefèvre",
    "Ødegaard",
    "Wójcik",
    "Wareham",
    "Khadhraoui",
    "Shevchenko",
    "Núñez",
    "Bergström",
    "Dubois",
    "Hernández",
    "O’Brien",
    "Smith",
    "Tkachenko",
    "García",
    "Svoboda",
    "Nguyễn",
    "Żukowski",
    "Petrenko",
    "Martín",
    "Çelik",
    "Brontë",
    "Kim",
    "Bondarenko",
    "Łęcki",
    "Schäfer",
    "Moreau",
    "Fitzgerald",
]
ORG_WORDS = [
    "Coalition",
    "Institute",
    "Centre",
    "Council",
    "Foundation",
    "Alliance",
    "Committee",
    "Network",
    "Watch",
    "Campaign",
    "Agency",
    "Mission",
    "Association",
    "Forum",
    "Trust",
]
ORG_TOPICS = [
    "Mine Action",
    "Civilians in Conflict",
    "Arms Control",
    "Humanitarian Demining",
    "Human Rights",
    "Disarmament",
    "Victims’ Assistance",
    "Security Studies",
    "Defence Policy",
    "Refugee Relief",
    "International Law",
    "Peace Research",
]
PLACES = [
    "Kyiv",
    "Kharkiv",
    "Dnipró",
    "Zaporizhzhia",
    "Odesa",
    "Kherson",
    "Kursk",
    "Washington",
    "Brussels",
    "Genève",
    "Oslo",
    "Ottawa",
    "Warszawa",
    "Rio de Janeiro",
    "Bogotá",
    "Łódź",
    "Malmö",
    "Reykjavík",
    "Tromsø",
    "Chișinău",
    "São Paulo",
    "Zürich",
]
MEDIA = [
    "Herald",
    "Chronicle",
    "Gazette",
    "Times",
    "Post",
    "Dispatch",
    "Observer",
    "Journal",
    "Courier",
    "Monitor",
    "Tribune",
    "Bulletin",
    "Review",
    "Télégraphe",
    "Presse",
]

_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sta",
    "vi",
    "dor",
    "pel",
    "tra",
    "gon",
    "ze",
    "bri",
    "mun",
    "os",
    "ti",
    "ver",
    "qua",
    "fen",
    "ly",
    "cé",
    "rë",
    "ña",
    "dö",
    "pri",
    "sel",
]
COMMON = [
    "the",
    "a",
    "an",
    "of",
    "to",
    "in",
    "and",
    "for",
    "on",
    "with",
    "that",
    "by",
    "as",
    "from",
    "at",
    "this",
    "which",
    "their",
    "its",
    "was",
    "were",
    "has",
    "have",
    "is",
    "are",
    "be",
    "been",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "also",
    "more",
    "than",
    "not",
    "but",
    "or",
    "after",
    "before",
    "over",
    "under",
    "between",
    "during",
    "against",
    "about",
    "into",
    "through",
    "while",
    "where",
    "when",
    "whether",
]
TOPIC = [
    "landmine",
    "landmines",
    "anti-personnel",
    "mines",
    "Ukraine",
    "Russian",
    "forces",
    "troops",
    "civilians",
    "decision",
    "policy",
    "administration",
    "Pentagon",
    "treaty",
    "Ottawa",
    "Convention",
    "transfer",
    "battery",
    "batteries",
    "self-destruct",
    "non-persistent",
    "deactivate",
    "frontline",
    "territory",
    "clearance",
    "demining",
    "casualties",
    "humanitarian",
    "advocates",
    "officials",
    "defence",
    "security",
    "military",
    "strategy",
    "escalation",
    "ceasefire",
    "negotiations",
    "weapons",
    "stockpile",
    "munitions",
    "deployment",
    "region",
    "villages",
    "farmland",
    "minefield",
    "explosives",
    "sappers",
    "inspectors",
    "convoy",
    "shipment",
    "reversal",
    "criticism",
    "statement",
    "briefing",
    "reporters",
    "café",
    "naïve",
    "résumé",
    "façade",
    "coöperation",
    "rôle",
    "déjà-vu",
    "protégé",
    "Zelensky’s",
    "Biden’s",
    "Ukraine’s",
    "Kyiv’s",
    "government’s",
    "—",
    "–",
    "«non»",  # paired: a quote's text holds quotation marks only in pairs
    "…",
    "¿",
    "Україна",
    "міни",
    "Київ",
]
EMOJI = ["🇺🇦", "📰", "⚠️", "🕊️"]
NBSP = "\u00a0"

QUOTE_VERBS_DIRECT = [
    "said",
    "stated",
    "noted",
    "told reporters",
    "warned",
    "added",
    "argued",
    "wrote",
    "insisted",
    "explained",
    "declared",
    "cautioned",
]
QUOTE_VERBS_INDIRECT = [
    "said",
    "argued",
    "claimed",
    "suggested",
    "maintained",
    "stressed",
    "emphasised",
    "acknowledged",
    "contended",
]
STANCES = ["supports", "opposes", "mixed", "neutral"]
ACTOR_KINDS_WEIGHTED = (
    ["person"] * 60
    + ["organization"] * 12
    + ["government"] * 5
    + ["state"] * 4
    + ["legislature"] * 3
    + ["media"] * 8
    + ["group"] * 4
    + ["anonymous"] * 4
)

# (unit, singular words, plural words, SI-less?)  The words as the text prints them.
UNIT_WORDS = {
    "mine": ["anti-personnel mines", "landmines", "mines"],
    "troop": ["troops", "soldiers"],
    "person": ["civilians", "people", "residents", "deminers"],
    "country": ["countries", "nations", "states parties"],
    "year": ["years"],
    "decade": ["decades"],
    "generation": ["generations"],
    "minute": ["minutes"],
    "square_mile": ["square miles"],
    "square_kilometre": ["square kilometres", "km²"],
    "mile": ["miles"],
    "kilometre": ["kilometres", "km"],
    "percent": ["percent", "per cent"],
    "other": ["shipments", "convoys", "depots"],
}
MEASURES = {
    "mine": "anti-personnel mines {what}",
    "troop": "troops {what}",
    "person": "people {what}",
    "country": "countries {what}",
    "year": "years {what}",
    "decade": "decades {what}",
    "generation": "generations {what}",
    "minute": "minutes {what}",
    "square_mile": "area {what}",
    "square_kilometre": "area {what}",
    "mile": "distance {what}",
    "kilometre": "distance {what}",
    "percent": "share {what}",
    "other": "items {what}",
    "us_dollar": "value in US dollars {what}",
    "proportion": "proportion {what}",
}
MEASURE_WHAT = [
    "reported in the region",
    "cited by officials",
    "affected by the decision",
    "near the frontline",
    "stated in the briefing",
    "estimated by advocates",
    "mentioned in the report",
    "referred to in the treaty debate",
]
VAGUE = [("dozens of", 24.0), ("hundreds of", 200.0), ("thousands of", 2000.0), ("tens of thousands of", 20000.0)]
QUALIFIER_WORDS = {
    "approximately": ["about", "roughly", "around", "some", "nearly", "an estimated"],
    "more_than": ["more than", "over", "above"],
    "at_least": ["at least", "no fewer than"],
    "less_than": ["fewer than", "less than", "under"],
    "at_most": ["up to", "at most", "no more than"],
}

_FOLD_ID = str.maketrans({"ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "’": "", "'": "", "ß": "ss", "æ": "ae"})


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_FOLD_ID))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are a subset of YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def num(value: float | None) -> str:
    if value is None:
        return "null"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def yaml_list(key: str, values: list[str], indent: str = "", quoted: bool = False) -> str:
    if not values:
        return f"{indent}{key}: []\n"
    items = "".join(f"{indent}  - {q(v) if quoted else v}\n" for v in values)
    return f"{indent}{key}:\n{items}"


def folded(key: str, text: str, indent: str = "") -> str:
    """A `>-` folded block scalar, wrapped near 88 columns (text has single spaces, no newlines)."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > 86:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    pad = indent + "  "
    return f"{indent}{key}: >-\n" + "".join(f"{pad}{ln}\n" for ln in lines)


# -- plan -----------------------------------------------------------------------------------
@dataclass
class Actor:
    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    member_of: list[str] = field(default_factory=list)
    basis: str | None = None
    wikidata: str | None = None
    notes: str | None = None


class Words:
    def __init__(self, rng: random.Random):
        invented = set()
        while len(invented) < 600:
            w = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            invented.add(w)
        # Fix the order (sets are unordered across runs with hash randomisation).
        self.invented = sorted(invented)
        self.pool = COMMON * 12 + TOPIC * 5 + self.invented

    def phrase(self, rng: random.Random, n: int) -> str:
        words = rng.choices(self.pool, k=n)
        # Never start or end on punctuation-only tokens, which would look odd.
        words[0] = rng.choice(self.invented)
        words[-1] = rng.choice(self.invented)
        out = []
        for i, w in enumerate(words):
            out.append(w)
            if 0 < i < n - 1 and rng.random() < 0.06:
                out[-1] += ","
        return " ".join(out)


def make_actors(rng: random.Random, n: int) -> list[Actor]:
    actors: list[Actor] = []
    used: set[str] = set()

    def add(name: str, kind: str) -> Actor:
        base = "actor-" + slugify(name)[:60].strip("-")
        aid, k = base, 2
        while aid in used:
            aid, k = f"{base}-{k}", k + 1
        used.add(aid)
        a = Actor(aid, name, kind)
        actors.append(a)
        return a

    bodies: list[Actor] = []
    for i in range(n):
        kind = (
            rng.choice(ACTOR_KINDS_WEIGHTED)
            if i >= 8
            else ["media", "organization", "government", "state", "media", "legislature", "group", "person"][i]
        )
        if kind == "person":
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        elif kind == "organization":
            name = f"{rng.choice(ORG_TOPICS)} {rng.choice(ORG_WORDS)}"
        elif kind == "government":
            name = f"Government of {rng.choice(PLACES)}"
        elif kind == "state":
            name = f"Republic of {rng.choice(PLACES)}"
        elif kind == "legislature":
            name = f"{rng.choice(PLACES)} Assembly"
        elif kind == "media":
            name = f"The {rng.choice(PLACES)} {rng.choice(MEDIA)}"
        elif kind == "group":
            name = f"{rng.choice(['Residents', 'Farmers', 'Veterans', 'Deminers', 'Volunteers'])} of {rng.choice(PLACES)}"
        else:
            name = rng.choice(
                [
                    "A senior administration official",
                    "A defence official",
                    "A diplomat",
                    "An aid worker",
                    "A spokesperson who declined to be named",
                ]
            )
        a = add(name, kind)
        if kind in ("organization", "government", "state", "legislature"):
            bodies.append(a)
    for a in actors:
        r = rng.random()
        if a.kind == "person":
            a.role = rng.choice(
                [
                    "spokesperson",
                    "director of advocacy",
                    "defence analyst",
                    "minister",
                    "senator",
                    "field researcher",
                    "commander",
                    "deputy director général",
                ]
            )
            if r < 0.25:
                a.aliases = [a.name.split(" ")[-1]]
        if a.kind in ("person", "anonymous") and bodies and rng.random() < 0.6:
            body = rng.choice(bodies)
            a.member_of = [body.id]
            a.basis = f"{a.role or 'a member'} of {body.name}"
        if a.kind in ("state", "government") and r < 0.5:
            a.wikidata = f"Q{rng.randint(1, 99_999_999)}"
        if rng.random() < 0.2:
            a.notes = f"Named as “{a.name}” in the coverage; the {a.kind} is described {rng.choice(['briefly', 'at length', 'twice', 'once'])}."
    return actors


def actor_yaml(a: Actor) -> str:
    out = [
        f"id: {a.id}\n",
        f"name: {q(a.name)}\n",
        f"kind: {a.kind}\n",
        yaml_list("aliases", a.aliases, quoted=True),
        yaml_list("member_of", a.member_of),
        # Schema 2.0: a membership states its basis, words that name the body.
        f"member_of_basis: {q(a.basis or '')}\n" if a.member_of else "",
        f"wikidata: {a.wikidata or 'null'}\n",
    ]
    out.append(folded("notes", a.notes) if a.notes else "notes: null\n")
    return "".join(out)


@dataclass
class Planned:
    kind: str  # "quote" or "figure"
    needle: str
    start: int  # where the generator placed it, in code points
    fields: dict


def split_counts(rng: random.Random, total: int, n: int) -> list[int]:
    """`total` records spread over `n` articles: each article gets about total/n, summing exactly."""
    base, extra = divmod(total, n)
    counts = [base] * n
    for i in rng.sample(range(n), extra):
        counts[i] += 1
    # Jitter: move records between random pairs, keeping every count >= 0.
    for _ in range(n):
        i, j = rng.randrange(n), rng.randrange(n)
        k = rng.randint(0, max(0, min(counts[i], base // 2)))
        counts[i] -= k
        counts[j] += k
    return counts


def make_figure(rng: random.Random) -> tuple[str, dict]:
    """A figure mention as printed, with its coding."""
    unit = rng.choice([*list(UNIT_WORDS), "us_dollar", "us_dollar", "proportion"])
    measures = MEASURES[unit].format(what=rng.choice(MEASURE_WHAT))
    if unit == "us_dollar":
        n = rng.choice([1.5, 2.75, 20, 56, 100, 275, 725, 3.2])
        scale, word = rng.choice([(1e6, "million"), (1e9, "billion")])
        qual = rng.choice(["exact", "approximately", "more_than", "at_most"])
        lead = "" if qual == "exact" else rng.choice(QUALIFIER_WORDS[qual]) + " "
        mention = f"{lead}${num(n)}{NBSP if rng.random() < 0.2 else ' '}{word}"
        value = n * scale
        low = value if qual == "more_than" else None
        high = value if qual == "at_most" else None
        return mention, dict(measures=measures, value=value, low=low, high=high, unit=unit, qualifier=qual)
    if unit == "proportion":
        lead = rng.choice(["half of the", "a third of the", "two-thirds of the", "most", "more than half of the"])
        return f"{lead} {rng.choice(UNIT_WORDS['person'])}", dict(measures=measures, unit=unit)
    words = rng.choice(UNIT_WORDS[unit])
    qual = rng.choice(["exact", "exact", "approximately", "more_than", "at_least", "less_than", "at_most", "vague"])
    if qual == "vague" and unit == "percent":
        qual = "approximately"  # "tens of thousands of percent" is no share: the value checks refuse it
    if qual == "vague":
        lead, low = rng.choice(VAGUE)
        return f"{lead} {words}", dict(measures=measures, value=None, low=low, high=None, unit=unit, qualifier=qual)
    if unit == "percent":
        n = float(rng.choice([3, 12, 25, 40, 60, 85]) + rng.choice([0, 0, 0.5]))
    else:
        n = float(rng.choice([2, 3, 5, 7, 12, 30, 50, 160, 1_000, 3_412, 50_000, 120_000]) * rng.choice([1, 1, 1, 3]))
    text_n = f"{int(n):,}" if n.is_integer() else num(n)
    lead = "" if qual == "exact" else rng.choice(QUALIFIER_WORDS[qual]) + " "
    mention = f"{lead}{text_n} {words}"
    low = n if qual in ("more_than", "at_least") else None
    high = n if qual in ("less_than", "at_most") else None
    return mention, dict(measures=measures, value=n, low=low, high=high, unit=unit, qualifier=qual)


def _coding_lines(mention: str, f: dict) -> list[str]:
    """The figure's coding, from the package's rule table (schema 2.0 requires exactly it)."""
    from landmine_news.models.figure_rules import match

    found = match(mention)
    assert found is not None, mention  # every generated wording has a row
    c = found.expected
    out = [f"    value: {num(c['value'])}\n    low: {num(c['low'])}\n"]
    out.append(f"    low_inclusive: {'null' if c['low_inclusive'] is None else str(c['low_inclusive']).lower()}\n")
    out.append(f"    high: {num(c['high'])}\n")
    out.append(f"    high_inclusive: {'null' if c['high_inclusive'] is None else str(c['high_inclusive']).lower()}\n")
    out.append(f"    point: {num(c['point'])}\n    unit: {found.row.unit or f['unit']}\n    qualifier: {c['qualifier']}\n")
    if (found.row.unit or f["unit"]) in ("proportion", "percent"):
        out.append(f"    base: {q(f['measures'])}\n")
    return out


class ArticleWriter:
    def __init__(self, words: Words, actors: list[Actor], media: list[Actor]):
        self.words = words
        self.actors = actors
        self.by_id = {a.id: a for a in actors}
        self.media = media

    def build(
        self, rng: random.Random, index: int, speakers: list[str], n_figures: int, extra_mentions: list[str]
    ) -> tuple[str, str, str, bytes]:
        """(article id, source file name, YAML text, source bytes) for one article."""
        W = self.words
        topic = slugify(
            " ".join(
                rng.sample(
                    [
                        "us",
                        "landmines",
                        "ukraine",
                        "policy",
                        "biden",
                        "mines",
                        "treaty",
                        "kyiv",
                        "pentagon",
                        "shipment",
                        "reaction",
                    ],
                    3,
                )
            )
        )
        aid = f"{topic}-{index:05d}"
        source_name = f"{index:05d}_{rng.getrandbits(64):016x}.txt"
        pieces: list[str] = []
        pos = 0
        planned: list[Planned] = []

        def put(s: str) -> int:
            nonlocal pos
            start = pos
            pieces.append(s)
            pos += len(s)
            return start

        title = f"{W.phrase(rng, rng.randint(5, 10)).capitalize()} — {rng.choice(PLACES)}"
        put(title + "\n\n")
        headings = []
        sentences: list[tuple[str, object]] = [("quote", s) for s in speakers] + [("figure", None)] * n_figures
        rng.shuffle(sentences)
        target = SOURCE_CHARS + rng.randint(-400, 400)
        # Filler sentences are interleaved until the text reaches its target length.
        est = sum(175 if k == "quote" else 115 for k, _ in sentences)
        fillers = max(0, (target - est - len(title)) // 110)
        sentences += [("narration", None)] * fillers
        rng.shuffle(sentences)
        repeat_later: list[str] = []
        in_para = 0
        for k, arg in sentences:
            if in_para == 0 and pos > 200 and rng.random() < 0.25:
                h = f"{W.phrase(rng, rng.randint(2, 4)).capitalize()}"
                headings.append(h)
                put(h + "\n\n")
            if k == "narration":
                s = W.phrase(rng, rng.randint(10, 22)).capitalize()
                if rng.random() < 0.08:
                    s += " " + rng.choice(EMOJI)
                if rng.random() < 0.1 and repeat_later:
                    # Repeat an earlier quotation, so its text occurs twice in the source.
                    s += f", as one of them put it: “{rng.choice(repeat_later)}”"
                put(s + ".")
            elif k == "quote":
                actor = self.by_id[arg]
                text = W.phrase(rng, rng.randint(6, 24))
                if rng.random() < 0.15:
                    text = text.replace(" ", NBSP, 1)
                if rng.random() < 0.1:
                    text = f"{text} in {rng.choice(PLACES)}"
                style = rng.random()
                co = []
                if style < 0.5:
                    verb = rng.choice(QUOTE_VERBS_DIRECT)
                    start = put("“") + 1
                    put(f"{text[0].upper()}{text[1:]}”, {actor.name} {verb}.")
                    text = text[0].upper() + text[1:]
                    kind = "direct"
                    repeat_later.append(text)
                elif style < 0.7:
                    verb = rng.choice(QUOTE_VERBS_DIRECT)
                    lead = put(f"{actor.name} {verb}: “")
                    start = lead + len(f"{actor.name} {verb}: “")
                    put(f"{text}.”")
                    kind = "direct"
                elif style < 0.85:
                    verb = "According to"
                    lead = put(f"According to {actor.name}, ")
                    start = lead + len(f"According to {actor.name}, ")
                    put(f"{text}.")
                    kind = "indirect"
                else:
                    verb = rng.choice(QUOTE_VERBS_INDIRECT)
                    names = [actor.name]
                    if rng.random() < 0.3:
                        other = rng.choice(self.actors)
                        if other.id != actor.id:
                            co = [other.id]
                            names.append(other.name)
                    lead = put(f"{' and '.join(names)} {verb} that ")
                    start = lead + len(f"{' and '.join(names)} {verb} that ")
                    put(f"{text}.")
                    kind = "indirect"
                planned.append(
                    Planned(
                        "quote",
                        text,
                        start,
                        dict(speaker=actor.id, co_speakers=co, kind=kind, verb=verb, stance=rng.choice([*STANCES, None])),
                    )
                )
            else:
                mention, coding = make_figure(rng)
                reporter = None
                before = W.phrase(rng, rng.randint(3, 8)).capitalize()
                after = W.phrase(rng, rng.randint(2, 6))
                start = put(f"{before} ") + len(before) + 1
                put(mention)
                if rng.random() < 0.5:
                    reporter = rng.choice(self.actors)
                    put(f" {after}, according to {reporter.name}.")
                else:
                    put(f" {after}.")
                coding["reported_by"] = reporter.id if reporter else None
                planned.append(Planned("figure", mention, start, coding))
            in_para += 1
            if in_para >= rng.randint(3, 6):
                put("\n\n")
                in_para = 0
            else:
                put(" ")
        # -- the article record's page facts, printed at the end of the text as the guide asks ----
        publisher = rng.choice(self.media).id if self.media and rng.random() < 0.8 else None
        mentions = sorted(set(extra_mentions))
        attributed = [rng.choice(self.media).id] if self.media and rng.random() < 0.1 else []
        credited = [rng.choice(self.media).id] if self.media and rng.random() < 0.3 else []
        day = rng.randint(17, 30) if rng.random() < 0.8 else None
        clock = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}" if rng.random() < 0.6 else None
        offset = rng.choice(["-05:00", "+00:00", "+02:00", "+01:00"]) if clock and rng.random() < 0.5 else None
        text = "".join(pieces).rstrip()
        dateline = " ".join(
            part
            for part in (
                f"Published {day} November 2024" if day else "",
                clock or "",
                f"(UTC{offset[0]}{int(offset[1:3])})" if offset else "",
                f"Source: {self.by_id[attributed[0]].name}" if attributed else "",
            )
            if part
        )
        if dateline:
            text += "\n\n" + dateline
        if rng.random() < 0.7:
            text += "\n"
        data = text.encode("utf-8")

        out = [f"id: {aid}\n", f"title: {q(title)}\n"]
        out.append(f"published_date: 2024-11-{day:02d}\n" if day else "published_date: null\n")
        out.append(f'published_time: "{clock}"\n' if clock else "published_time: null\n")
        out.append(f"utc_offset: {q(offset) if offset else 'null'}\n")
        out.append(f"publisher: {publisher or 'null'}\n")
        out.append(f"url: {q(f'https://news{index % 97}.example.org/2024/11/{aid}') if rng.random() < 0.85 else 'null'}\n")
        out.append("language: en\n")
        out.append(f"source_file: {source_name}\n")
        out.append(f"sha256: {hashlib.sha256(data).hexdigest()}\n")
        if rng.random() < 0.3:
            out.append(f"length: {len(text)}\n")
        out.append(f"reading_time_minutes: {rng.randint(1, 9) if rng.random() < 0.5 else 'null'}\n")
        if credited:
            out.append(f"image_caption: {q(W.phrase(rng, 8).capitalize() + ' in ' + rng.choice(PLACES))}\n")
            out.append(f"image_credit: {q(self.by_id[credited[0]].name)}\n")
        else:
            out.append("image_caption: null\nimage_credit: null\n")
        out.append(yaml_list("image_credited_to", credited))
        out.append(yaml_list("section_headings", headings, quoted=True))
        out.append(yaml_list("attributed_to", attributed))
        out.append(yaml_list("mentions", mentions))
        if rng.random() < 0.5:
            out.append(
                folded(
                    "notes",
                    f"Synthetic article {index}: {W.phrase(rng, rng.randint(20, 60))}. "
                    f"Quotation marks are curly (“ ”) throughout.",
                )
            )
        else:
            out.append("notes: null\n")

        # -- quotes and figures, with occurrence where the text is not unique ----------------------
        quotes_out, figures_out = [], []
        nq = nf = 0
        for p in planned:
            starts = []
            i = text.find(p.needle)
            while i != -1:
                starts.append(i)
                i = text.find(p.needle, i + 1)
            occurrence = starts.index(p.start) + 1  # raises if the plan and the text disagree
            f = p.fields
            if p.kind == "quote":
                nq += 1
                rec = [f"  - id: {aid}-q{nq:02d}\n"]
                if rng.random() < 0.05:
                    rec.append(f"    article: {aid}\n")
                rec.append(f"    speaker: {f['speaker']}\n")
                if f["co_speakers"]:
                    rec.append(yaml_list("co_speakers", f["co_speakers"], indent="    "))
                rec.append(
                    f"    text: {q(p.needle)}\n    kind: {f['kind']}\n    verb: {q(f['verb'])}\n    attribution: explicit\n"
                )
                if f["stance"]:
                    rec.append(f"    stance: {f['stance']}\n")
                target_list = quotes_out
            else:
                nf += 1
                rec = [
                    f"  - id: {aid}-f{nf:02d}\n",
                    f"    mention: {q(p.needle)}\n",
                    f"    measures: {q(f['measures'])}\n",
                    *_coding_lines(p.needle, f),
                    f"    reported_by: {f['reported_by'] or 'null'}\n",
                ]
                target_list = figures_out
            if len(starts) > 1 or rng.random() < 0.03:
                rec.append(f"    occurrence: {occurrence}\n")
            if rng.random() < 0.03:
                rec.append(f"    start: {p.start}\n    end: {p.start + len(p.needle)}\n")
            if rng.random() < 0.1:
                rec.append(
                    folded(
                        "notes",
                        f"Boundaries judged at the {rng.choice(['comma', 'full stop', 'closing quotation mark'])}; "
                        f"{W.phrase(rng, rng.randint(6, 20))}.",
                        indent="    ",
                    )
                )
            target_list.append("".join(rec))
        out.append("quotes:\n" + "".join(quotes_out) if quotes_out else "quotes: []\n")
        out.append("figures:\n" + "".join(figures_out) if figures_out else "figures: []\n")
        return aid, source_name, "".join(out), data


def generate(out: Path, counts: dict[str, int], seed: int, force: bool = False, quiet: bool = False) -> dict:
    t0 = time.perf_counter()
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists() and not force:
            raise SystemExit(f"{out} exists and was not made by this generator; pass --force to overwrite it")
        for sub in ("articles", "actors", "sources"):
            shutil.rmtree(out / sub, ignore_errors=True)
    for sub in ("articles", "actors", "sources"):
        (out / sub).mkdir(parents=True, exist_ok=True)

    rng = random.Random(seed)
    words = Words(rng)
    n_articles = counts["articles"]
    actors = make_actors(rng, counts["actors"])
    media = [a for a in actors if a.kind == "media"]
    quote_counts = split_counts(rng, counts["quotes"], n_articles)
    figure_counts = split_counts(rng, counts["figures"], n_articles)

    # Speakers: every actor speaks at least once when there are enough quotes; the rest at random.
    ids = [a.id for a in actors]
    speakers = (ids * (counts["quotes"] // max(1, len(ids)) + 1))[: counts["quotes"]]
    speakers[len(ids) :] = rng.choices(ids, k=max(0, counts["quotes"] - len(ids)))
    rng.shuffle(speakers)
    spoken = set(speakers)
    # Actors that never speak (fewer quotes than actors) are mentioned by some article instead.
    extra: list[list[str]] = [[] for _ in range(n_articles)]
    for aid in ids:
        if aid not in spoken:
            extra[rng.randrange(n_articles)].append(aid)
    for lst in extra:
        if rng.random() < 0.5:
            lst.extend(rng.sample(ids, k=min(len(ids), rng.randint(1, 4))))

    for a in actors:
        (out / "actors" / f"{a.id}.yaml").write_text(actor_yaml(a), encoding="utf-8", newline="\n")

    writer = ArticleWriter(words, actors, media)
    cursor = 0
    for i in range(n_articles):
        arng = random.Random(f"{seed}:{i}")  # per-article stream: stable whatever the other articles do
        n = quote_counts[i]
        aid, source_name, yaml_text, data = writer.build(arng, i + 1, speakers[cursor : cursor + n], figure_counts[i], extra[i])
        cursor += n
        (out / "sources" / source_name).write_bytes(data)
        with open(out / "articles" / f"{aid}.yaml", "w", encoding="utf-8", newline="\n") as fh:
            fh.write(yaml_text)
        if not quiet and (i + 1) % 1000 == 0:
            print(f"  {i + 1:,} / {n_articles:,} articles", file=sys.stderr)

    reviewed = review_coverage(out, quiet)
    info = {
        "generator": "benchmarks/generate.py",
        "seed": seed,
        **counts,
        "records": sum(counts.values()),
        "coverage_reviewed": reviewed,
        "seconds": round(time.perf_counter() - t0, 2),
    }
    (out / MARKER).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info


REVIEW_REASON = "synthetic: reviewed by benchmarks/generate.py"


def review_coverage(out: Path, quiet: bool = False) -> int:
    """Mark every coverage finding of every article reviewed, as a curator finishing it would.

    A curated dataset has no unreviewed finding (CONTRIBUTING.md, *Coverage*), so the
    benchmark set has none either: `validate` still finds every cue and matches every review
    entry, but reports nothing, as on a finished dataset. Returns the entries written.
    """
    sys.path.insert(0, str(HERE.parent / "src"))
    from landmine_news.checks.coverage.unreviewed import review_entry
    from landmine_news.checks.engine.validation import check_dataset

    if not quiet:
        print("  reviewing coverage findings ...", file=sys.stderr)
    # Without the cache: every article file changes below, so entries written now would be waste.
    found = check_dataset(out, keep="none", cache=False).coverage
    total = 0
    for article in (found[a] for a in sorted(found)):
        if not article.findings:
            continue
        entries = [review_entry(f, REVIEW_REASON) for f in article.findings]
        # The file as the run named it: the folder as given (relative or not), then the file.
        with open(Path(article.file), "a", encoding="utf-8", newline="\n") as fh:
            fh.write(yaml_list("coverage_reviewed", entries, quoted=True))
        total += len(entries)
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--out",
        type=Path,
        default=None,
        help=f"dataset folder (default {DEFAULT_OUT.relative_to(HERE.parent)}, "
        f"or {DEFAULT_SMALL_OUT.relative_to(HERE.parent)} with --small)",
    )
    ap.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    ap.add_argument("--small", action="store_true", help="200 articles, 2,000 quotes, 2,000 figures, 100 actors")
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every count by this factor (default 1)")
    for name in FULL:
        ap.add_argument(f"--{name}", type=int, default=None, help=f"number of {name} (overrides --small/--scale)")
    ap.add_argument("--force", action="store_true", help="overwrite a non-empty --out not made by this generator")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)

    base = SMALL if args.small else FULL
    counts = {k: max(1, round(v * args.scale)) for k, v in base.items()}
    for name in FULL:
        if getattr(args, name) is not None:
            counts[name] = getattr(args, name)
    out = args.out or (DEFAULT_SMALL_OUT if args.small else DEFAULT_OUT)
    info = generate(out, counts, args.seed, force=args.force, quiet=args.quiet)
    print(
        f"wrote {out}: {counts['articles']:,} articles, {counts['quotes']:,} quotes, {counts['figures']:,} figures, "
        f"{counts['actors']:,} actors in {info['seconds']} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
