"""Ids from titles and file names: lowercase slugs, transliterated from any script."""

from __future__ import annotations

import re
import unicodedata

# Cyrillic (Ukrainian and Russian) and Greek letters to Latin; an empty string drops the
# letter (hard and soft signs). Accented Latin letters are handled by NFKD below.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ё": "io", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip
_GREEK = {
    "α": "a", "β": "b", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
    "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
    "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}  # fmt: skip
_TABLE = str.maketrans({**_CYRILLIC, **_GREEK})


def transliterate(text: str) -> str:
    """Latin letters for a title: accents dropped (NFKD), Cyrillic and Greek by a small table."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.translate(_TABLE)


def slugify(text: str) -> str:
    """A lowercase slug for `text` ("Über die Minen" -> "uber-die-minen"), or "article"."""
    slug = re.sub(r"[^a-z0-9]+", "-", transliterate(text)).strip("-")
    return slug[:80].strip("-") or "article"
