"""How to cite the dataset, from CITATION.cff (shipped in the wheel), as BibTeX or APA."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from ..errors import ReleaseNotFound, UnknownFormat

Style = Literal["bibtex", "apa"]
STYLES: tuple[Style, ...] = ("bibtex", "apa")
CITATION_FILE = "CITATION.cff"


def shipped_file(name: str, in_repository: str | None = None) -> Path:
    """A repository file the wheel also ships: the wheel's copy, else the repository's (at `in_repository`)."""
    bundled = resources.files("landmine_news") / "data" / name
    if bundled.is_file():
        return Path(str(bundled))
    repo = Path(__file__).resolve().parents[3] / (in_repository or name)
    if repo.is_file():
        return repo
    raise ReleaseNotFound(f"{name} is neither in the installed package nor in the repository")


def citation_metadata() -> dict[str, Any]:
    """CITATION.cff as a dict, as the file reads now (a build must write what its bytes say)."""
    return _parsed(shipped_file(CITATION_FILE).read_text(encoding="utf-8"))


@cache
def _parsed(text: str) -> dict[str, Any]:
    import yaml

    data: dict[str, Any] = yaml.safe_load(text)
    return data


def release_date() -> str | None:
    """CITATION.cff's `date-released` (`YYYY-MM-DD`, set when a version is tagged), never the clock;
    None for untagged work."""
    value = citation_metadata().get("date-released")
    return str(value) if value else None


def authors() -> list[str]:
    """Author names as CITATION.cff gives them (a name, or given and family names)."""
    found = citation_metadata().get("authors", [])
    return [a.get("name") or " ".join(p for p in (a.get("given-names"), a.get("family-names")) if p) for a in found]


def citation(style: Style = "bibtex") -> str:
    """The dataset's citation in `style` (`bibtex` or `apa`), from CITATION.cff."""
    if style not in STYLES:
        raise UnknownFormat(f"unknown citation style {style!r}; use one of {', '.join(STYLES)}")
    meta = citation_metadata()
    # An unreleased version has no date yet: APA writes n.d., BibTeX leaves the year out.
    year = str(meta.get("date-released", ""))[:4]
    names = authors()
    if style == "apa":
        doi = f" https://doi.org/{meta['doi']}" if meta.get("doi") else ""
        return f"{' & '.join(names)}. ({year or 'n.d.'}). {meta['title']} (Version {meta['version']}) [Data set].{doi}\n"
    fields = {
        "author": " and ".join(f"{{{n}}}" for n in names),
        "title": f"{{{meta['title']}}}",
        **({"year": year} if year else {}),
        "version": str(meta["version"]),
        **({"doi": meta["doi"]} if meta.get("doi") else {}),
        "note": f"Licence {meta.get('license', '')}",
    }
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@misc{{landmine_news_{str(meta['version']).replace('.', '_')},\n{body}\n}}\n"
