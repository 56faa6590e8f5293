"""Hypothesis profiles: a quick default for the README's test command, a thorough one for CI.

`HYPOTHESIS_PROFILE=thorough` runs every property with the example counts written beside
it; the default (`quick`) runs a quarter of them (at least 10), so the whole suite stays
within the README's promise. `.ci/run` runs both.
"""

from __future__ import annotations

import os

from hypothesis import settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "quick")
THOROUGH = PROFILE == "thorough"

settings.register_profile("quick", max_examples=25)
settings.register_profile("thorough", max_examples=200)
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("ci-thorough", parent=settings.get_profile("thorough"), derandomize=True, print_blob=True)


def scaled(count: int) -> int:
    """The example count for a property written for `count` under the thorough profile."""
    return count if THOROUGH else max(10, count // 4)


def load() -> None:
    """Load the profile the environment asks for (on CI, derandomized so a red build can be reproduced)."""
    name = ("ci-thorough" if THOROUGH else "ci") if os.environ.get("CI") else PROFILE
    settings.load_profile(name if name in ("quick", "thorough", "ci", "ci-thorough") else "quick")
