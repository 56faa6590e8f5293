"""A schema.org / Croissant 1.0 JSON-LD description of the release, generated from the models."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..models.tables import Column
from ..version import __version__
from .citation import authors, citation, release_date
from .datapackage import DATA_LICENSE, DESCRIPTION, TITLE
from .derived_tables import release_tables

CONTEXT = {
    # Croissant 1.0's own @context, every key of it, so readers find nothing missing.
    "@language": "en",
    "@vocab": "https://schema.org/",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
_TYPES = {
    "string": "sc:Text",
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
    "date": "sc:Date",
    "time": "sc:Time",
    "array": "sc:Text",
}


def _field(record_set: str, file_id: str, c: Column) -> dict[str, Any]:
    description = c.description + (" A JSON array in CSV." if c.type == "array" else "")
    return {
        "@type": "cr:Field",
        "@id": f"{record_set}/{c.name}",
        "name": c.name,
        "description": description,
        "dataType": _TYPES[c.type],
        "source": {"fileObject": {"@id": file_id}, "extract": {"column": c.name}},
    }


def croissant(csv_sha256: Mapping[str, str], published: tuple[str, str] | None) -> dict[str, Any]:
    """The JSON-LD document; `csv_sha256` maps each CSV file name to its digest."""
    files, record_sets = [], []
    for table in release_tables():
        name = f"{table.name}.csv"
        file = {"@type": "cr:FileObject", "@id": name, "name": name, "contentUrl": name, "encodingFormat": "text/csv"}
        files.append({**file, "sha256": csv_sha256[name]})
        fields = [_field(table.name, name, c) for c in table.columns]
        record_sets.append(
            {"@type": "cr:RecordSet", "@id": table.name, "name": table.name, "description": table.description, "field": fields}
        )
    return {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "name": "landmine-news",
        "alternateName": TITLE,
        "description": DESCRIPTION,
        "version": __version__,
        # When this version was released (CITATION.cff `date-released`); untagged work has none.
        **({"datePublished": date} if (date := release_date()) else {}),
        "license": DATA_LICENSE["path"],
        "creator": [{"@type": "sc:Organization", "name": n} for n in authors()],
        # What the data covers (an ISO 8601 interval), not when it changed: the records do not say.
        **({"temporalCoverage": f"{published[0]}/{published[1]}"} if published else {}),
        "keywords": ["landmines", "Ukraine", "news", "quotes", "arms control"],
        "citeAs": citation("bibtex"),
        "distribution": files,
        "recordSet": record_sets,
    }
