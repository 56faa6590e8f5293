"""The README.md inside each release: what every file is, how to read it, caveats, citation, licences."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import closing

from ..models.tables import TABLES
from ..version import SCHEMA_VERSION, __version__
from .citation import citation, release_date
from .derived_tables import STATEMENTS, derived_tables, link_tables
from .pictures import QUOTE_SVG, SPEAKERS_SVG
from .sqlite_db import SQLITE_FILE, VIEWS, empty_copy, sql_name

README = "README.md"
LICENCE_FILE = "LICENSE-DATA.md"
CODEBOOK_FILE = "codebook.md"
CROISSANT_FILE = "croissant.json"


def _file_lines(counts: Mapping[str, int]) -> list[str]:
    lines = ["| file | what it holds |", "|---|---|"]
    for table in TABLES:
        lines.append(f"| `{table}.csv`, `{table}.parquet` | the `{table}` table, {counts.get(table, 0)} rows, sorted by `id` |")
    for link in link_tables():
        lines.append(
            f"| `{link.name}.csv`, `{link.name}.parquet` | link table of `{link.owner}.{link.field}`: "
            f"({link.owner_column}, {link.target_column}, position), {counts.get(link.name, 0)} rows |"
        )
    lines.append(
        f"| `{STATEMENTS.name}.csv`, `{STATEMENTS.name}.parquet` | the statements the quotes report across articles: "
        f"first publication and every relay, {counts.get(STATEMENTS.name, 0)} rows |"
    )
    lines += [
        f"| `{SQLITE_FILE}` | every table and link table in one SQLite database, with keys, indexes and the views "
        + ", ".join(f"`{v}`" for v in VIEWS)
        + " |",
        "| `datapackage.json` | Frictionless Data Package: table schemas, primary and foreign keys, descriptions |",
        f"| `{CROISSANT_FILE}` | schema.org / Croissant JSON-LD description, for dataset search engines |",
        f"| `{CODEBOOK_FILE}` | every table, field, type, constraint and allowed value |",
        "| `claimreview.json` | the dataset's checks as schema.org ClaimReview items: each figure's claim check "
        "and each quote's provenance check (its `fidelity`, unless `unchecked`) |",
        "| `figure_rules.json` | the figure rule table the data was coded by, row by row, in matching order: the "
        "released rows (`origin` package), then any the dataset added (`origin` dataset), each with its examples |",
        "| `schema/article.schema.json`, `schema/quote.schema.json`, `schema/actor.schema.json`, "
        "`schema/figure.schema.json` | JSON Schema of each record kind |",
        f"| `{SPEAKERS_SVG}`, `{QUOTE_SVG}` | the pictures below: who is quoted and on which side; one quote's spans |",
        "| `dataset-card.md` | the dataset card: motivation, composition, collection, limits and biases, the articles |",
        "| `CHANGELOG.md` | what changed in each version, the data's changes and re-curations among them |",
        f"| `{LICENCE_FILE}` | the data licence (CC BY 4.0) |",
        "| `SHA256SUMS` | SHA-256 of every other file (`sha256sum -c SHA256SUMS`) |",
    ]
    return lines


def _view_lines() -> list[str]:
    """The SQLite views and their columns, read from the views themselves on an empty copy."""
    lines = ["The views of the SQLite file, with their columns (each prefixed by what it describes):", ""]
    with closing(empty_copy()) as db:
        for view in VIEWS:
            cols = [d[0] for d in db.execute(f"SELECT * FROM {sql_name(view)} LIMIT 0").description]
            lines.append(f"- `{view}`: " + ", ".join(f"`{c}`" for c in cols))
    return [*lines, ""]


_READING = """\
## Reading it

Hugging Face `datasets`, one table per config (offline, from this folder):
`datasets.load_dataset("path/to/release", "quotes")`; the configs are the tables and link
tables named above, `quotes` by default.

pandas: `pd.read_parquet("quotes.parquet")` (types as published; integer and boolean columns as
pandas' nullable `Int64` and `boolean`), or
`pd.read_csv("quotes.csv", dtype=str, keep_default_na=False)` to keep every cell as written.

DuckDB, speakers ranked by number of quotes, with names:

```sql
-- the SQLite file needs DuckDB's sqlite extension: INSTALL sqlite (downloads it), or
-- pip install duckdb-extension-sqlite-scanner and LOAD its file, offline
ATTACH 'landmine-news.sqlite' AS ln (TYPE sqlite);
SELECT * FROM ln.speakers_ranked;   -- utterances and records per speaker; or, from Parquet:
SELECT a.name AS speaker_name, count(*) FILTER (WHERE q.part_of IS NULL) AS utterance_count
FROM 'quotes.parquet' q JOIN 'actors.parquet' a ON a.id = q.speaker GROUP BY 1 ORDER BY 2 DESC, 1;
```

R: `arrow::read_parquet("quotes.parquet")` (types as published); from CSV, say that the
empty cell is null, so that nulls read as `NA` and `true`/`false` columns as logical:
`read.csv("figures.csv", encoding = "UTF-8", na.strings = "")` or
`readr::read_csv("figures.csv", na = "")`; or
`DBI::dbReadTable(DBI::dbConnect(RSQLite::SQLite(), "landmine-news.sqlite"), "quotes_named")`.

Python package: `pip install landmine-news` is not possible yet (it is on no index); install
it from a wheel or a clone of the repository, then `landmine_news.load("path/to/this/folder")`.

A spreadsheet: open the CSV by importing it (LibreOffice: File > Open, character set
"Unicode (UTF-8)"; Excel: Data > From Text/CSV, file origin "65001: Unicode (UTF-8)"),
and set every column to Text; an empty cell is a null, and `true`/`false` are the booleans.
Opening the file directly shows mojibake in some versions, because the CSV is UTF-8 without
a byte-order mark.

## CSV caveats

- UTF-8 without a BOM, RFC 4180, CRLF line ends, a header row; the empty cell is null.
- Some cells hold line breaks (`prefix`, `suffix` and `notes`): use a CSV reader that
  honours quoted fields across lines (Spark: `multiLine=true`), never split on lines.
- Cells are verbatim: a quote or mention may begin with `-`, `+`, `=` or `@`, which a
  spreadsheet may run as a formula; import columns as text.
- List columns (`aliases`, `co_speakers`, `member_of`, `mentions`, ...) are JSON arrays.
  They are derived conveniences: the link tables hold the same ids one per row, with keys.
- Numbers always carry a decimal point (`5000.0`) and `published_time` is `HH:MM:SS`, so type
  inference agrees with Parquet (double; time, which Parquet stores as a time of day).
"""


def _span(published: tuple[str, str] | None) -> str:
    if published is None:
        return "on dates the records do not give"
    oldest, newest = published
    return f"on {oldest}" if oldest == newest else f"from {oldest} to {newest}"


_SIZES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"))
DEFAULT_CONFIG = "quotes"


def front_matter(counts: Mapping[str, int]) -> list[str]:
    """The Hugging Face dataset card's YAML header: one config per table and link table (its
    Parquet file), so `datasets.load_dataset(folder, "quotes")` reads one table, never a mix."""
    records = sum(counts.get(t, 0) for t in TABLES)
    size = next((label for bound, label in _SIZES if records < bound), "1M<n<10M")
    lines = [
        "---",
        "pretty_name: landmine-news",
        "license: cc-by-4.0",
        "language:",
        "- en",
        "size_categories:",
        f"- {size}",
        "task_categories:",
        "- text-classification",
        "- token-classification",
        "tags:",
        "- news",
        "- quotations",
        "- attribution",
        "- stance",
        "configs:",
    ]
    for name in (*TABLES, *(link.name for link in derived_tables())):
        lines += [f"- config_name: {name}", f"  data_files: {name}.parquet"]
        if name == DEFAULT_CONFIG:
            lines.append("  default: true")
    return [*lines, "---", ""]


def render_readme(counts: Mapping[str, int], published: tuple[str, str] | None) -> str:
    """The release README, a Hugging Face dataset card; `counts` are rows per table and link table."""
    head = [
        *front_matter(counts),
        f"# landmine-news release {__version__}",
        "",
        "News coverage of the November 2024 US decision to send anti-personnel landmines to Ukraine:",
        "articles, verbatim quotes with their speakers, the actors involved, and the numeric figures cited.",
        f"Schema version {SCHEMA_VERSION}. Articles published {_span(published)}."
        + (f" Released on {date}." if (date := release_date()) else " Not yet released (no release date)."),
        "The source texts are not redistributed; each record carries its span and the source's SHA-256.",
        "There is no public homepage for the project yet.",
        "",
        f"![Who is quoted, on which side of the decision, and how faithful their direct quotes are]({SPEAKERS_SVG})",
        "",
        f"![One quote as the release records it: its speaker label, verb and text, and where each lies]({QUOTE_SVG})",
        "",
        "## Files",
        "",
        *_file_lines(counts),
        "",
        *_view_lines(),
    ]
    tail = [
        "## Citation",
        "",
        citation("apa").strip(),
        "",
        "```bibtex",
        citation("bibtex").strip(),
        "```",
        "",
        "## Licences",
        "",
        f"The records and every file of this release: CC BY 4.0 (`{LICENCE_FILE}`). The quoted source texts",
        "remain their publishers'. The `landmine_news` code is MIT-licensed.",
        "",
    ]
    return "\n".join(head) + "\n" + _READING + "\n" + "\n".join(tail)
