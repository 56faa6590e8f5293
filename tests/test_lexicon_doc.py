"""docs/lexicon.md lists exactly the words the code reads by."""

from __future__ import annotations

import re

from landmine_news.checks.coverage import cue_words
from landmine_news.tools.suggest import lexicon

from .conftest import ROOT


def test_every_list_in_the_lexicon_page_is_the_codes():
    page = (ROOT / "docs" / "lexicon.md").read_text(encoding="utf-8")
    listed = {m.group(1): re.findall(r"`([^`]+)`", m.group(2)) for m in re.finditer(r"^- `(\w+)` \([^\n]*?\): (.*)$", page, re.M)}
    assert listed, "no list found"
    for name, words in listed.items():
        module = cue_words if hasattr(cue_words, name) and name in {"REPORTING_LEMMAS", "IRREGULAR", "PHRASES"} else lexicon
        assert words == list(getattr(module, name)), name
    assert {"REPORTING_LEMMAS", "REACTION_VERBS", "NAMING_VERBS", "PEOPLE_NOUNS"} <= set(listed)
