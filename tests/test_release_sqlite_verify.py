"""`verify` compares the release's SQLite file with its Parquet files, and counts problems as it lists them."""

from __future__ import annotations

import csv
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from landmine_news.cli import main
from landmine_news.release.sqlite_db import SQLITE_FILE
from landmine_news.release.verification import verify
from landmine_news.release.writer import build

from .test_hardening_release import edit_parquet, reseal


@pytest.fixture
def release(tiny: Path, tmp_path: Path) -> Path:
    out = tmp_path / "release"
    assert build(tiny, out).report.ok
    return out


@pytest.fixture
def full_release(real_copy: Path, tmp_path: Path) -> Path:
    """The shipped dataset's release: every link table has rows."""
    out = tmp_path / "full-release"
    assert build(real_copy, out).report.ok
    return out


def edit_sqlite(folder: Path, *statements: str) -> None:
    with closing(sqlite3.connect(folder / SQLITE_FILE)) as db:
        for sql in statements:
            db.execute(sql)
        db.commit()
    reseal(folder)


def test_an_intact_release_verifies(release: Path):
    assert verify(release).problems == []


def test_an_edited_row_in_the_sqlite_file_is_caught(release: Path, capsys):
    with closing(sqlite3.connect(release / SQLITE_FILE)) as db:
        [(quote,)] = db.execute("SELECT id FROM quotes ORDER BY id LIMIT 1").fetchall()
    edit_sqlite(release, f"UPDATE quotes SET text = 'tampered' WHERE id = '{quote}'")
    [problem] = verify(release).problems
    assert (problem.code, problem.file) == ("release-sqlite-mismatch", SQLITE_FILE)
    assert problem.message == (
        "table quotes differs from quotes.parquet (1 row(s) only in the SQLite file, 1 only in the Parquet file)"
    )
    assert main(["verify", str(release)]) == 1
    out = capsys.readouterr().out
    assert f"{SQLITE_FILE}: error[release-sqlite-mismatch] table quotes differs" in out
    assert "FAILED verification: 1 problem\n" in out


def test_a_missing_link_row_and_an_extra_row_are_caught(full_release: Path):
    release = full_release
    with closing(sqlite3.connect(release / SQLITE_FILE)) as db:
        links = db.execute("SELECT count(*) FROM article_attributed_to").fetchone()[0]
    assert links > 0
    edit_sqlite(
        release,
        "DELETE FROM article_attributed_to WHERE rowid = (SELECT min(rowid) FROM article_attributed_to)",
        # A row the Parquet file lacks: the same link, at a position the list does not have.
        "INSERT INTO quote_co_speakers SELECT quote, actor, position + 1000 FROM quote_co_speakers LIMIT 1",
    )
    problems = [p.message for p in verify(release).problems if p.code == "release-sqlite-mismatch"]
    assert any(
        "table article_attributed_to differs" in p and "0 row(s) only in the SQLite file, 1 only in" in p for p in problems
    )
    assert any("table quote_co_speakers differs" in p and "1 row(s) only in the SQLite file, 0 only in" in p for p in problems)
    assert len(verify(release).problems) == 2


def test_rows_in_another_order_are_the_same_table(release: Path):
    edit_sqlite(
        release,
        "CREATE TABLE shuffled AS SELECT * FROM figures ORDER BY id DESC",
        "DELETE FROM figures",
        "INSERT INTO figures SELECT * FROM shuffled",
        "DROP TABLE shuffled",
    )
    assert verify(release).problems == []


def test_a_view_in_place_of_a_table_is_not_read(release: Path):
    # A view could run any query; only tables are read.
    edit_sqlite(
        release,
        "PRAGMA foreign_keys = OFF",
        "DROP VIEW figures_named",
        "ALTER TABLE figures RENAME TO figures_kept",
        "CREATE VIEW figures AS SELECT * FROM figures_kept",
    )
    assert ("release-sqlite-mismatch", SQLITE_FILE, "no table figures") in {
        (p.code, p.file, p.message) for p in verify(release).problems
    }


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100])
def test_a_file_that_is_not_sqlite_is_a_problem(release: Path, content: bytes):
    (release / SQLITE_FILE).write_bytes(content)
    reseal(release)
    problems = verify(release).problems
    assert problems and all((p.code, p.file) == ("release-sqlite-unreadable", SQLITE_FILE) for p in problems), problems


def test_a_missing_column_is_named(release: Path):
    edit_sqlite(release, "DROP VIEW figures_named", "ALTER TABLE figures DROP COLUMN notes")
    schema, columns = (p.message for p in verify(release).problems)
    assert (
        "its schema differs" in schema and "table figures" in schema and "missing: " in schema and "view figures_named" in schema
    )
    assert "table figures has the columns" in columns and "'notes'" not in columns


@pytest.mark.parametrize(
    ("forgery", "named"),
    [
        (
            [
                "DROP VIEW speakers_ranked",
                "CREATE VIEW speakers_ranked AS SELECT 'x' AS speaker_id, 'X' AS speaker_name, 'person' AS speaker_kind, 999 AS utterance_count, 999 AS record_count",
            ],
            "view speakers_ranked",
        ),
        (["DROP VIEW quotes_named"], "missing: view quotes_named"),
        (["CREATE TABLE evil(x)"], "table evil"),
        (["CREATE TRIGGER t AFTER INSERT ON quotes BEGIN DELETE FROM actors; END"], "trigger t"),
        (["CREATE INDEX extra ON quotes(text)"], "index extra"),
    ],
)
def test_a_forged_schema_is_caught(release: Path, forgery: list[str], named: str):
    edit_sqlite(release, *forgery)
    problems = verify(release).problems
    assert any(p.code == "release-sqlite-mismatch" and "its schema differs" in p.message and named in p.message for p in problems)


def test_a_file_in_wal_mode_is_refused_and_nothing_is_written_beside_it(release: Path):
    edit_sqlite(release, "PRAGMA journal_mode = WAL")
    before = sorted(p.name for p in release.iterdir())
    for _ in range(2):
        assert [(p.code, p.file, p.message) for p in verify(release).problems] == [
            (
                "release-sqlite-unreadable",
                SQLITE_FILE,
                "in WAL mode, which a release's SQLite file never is (opening it would write beside it)",
            )
        ]
        assert sorted(p.name for p in release.iterdir()) == before


def test_the_count_is_that_of_the_problems_listed(full_release: Path, capsys):
    release = full_release
    # An inconsistent link table: load() reports it under a heading line, which is not a problem.
    path = release / "article_attributed_to.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    with (release / "actors.csv").open(encoding="utf-8", newline="") as fh:
        actors = [row[0] for row in list(csv.reader(fh))[1:]]
    rows[1][1] = next(a for a in actors if a != rows[1][1])
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    reseal(release)
    assert main(["verify", str(release)]) == 1
    out = capsys.readouterr().out.splitlines()
    [count] = [int(m.group(1)) for line in out if (m := re.search(r"FAILED verification: (\d+) problem", line))]
    listed = [line for line in out if re.match(r"\S+: error\[[a-z-]+\] ", line)]
    assert count == len(listed) >= 1
    assert all(line.startswith("article_attributed_to.csv: error[release-link-mismatch]") for line in listed), listed
    assert not any("is not a valid release" in line for line in out)


def test_every_invalid_row_of_every_table_is_named(full_release: Path, capsys):
    def two_bad_starts(rows):
        for row in rows[:2]:
            row["start"] = 999_999
        return rows

    edit_parquet(full_release, "quotes", two_bad_starts)
    edit_parquet(full_release, "figures", lambda rows: [dict(rows[0], unit="furlong"), *rows[1:]])
    reseal(full_release)
    problems = verify(full_release).problems
    assert len(problems) == 3, problems
    assert {p.code for p in problems} == {"release-row-invalid"}
    assert [(p.file, p.message.split(":")[0]) for p in problems] == [
        ("figures.parquet", "row 1"),
        ("quotes.parquet", "row 1"),
        ("quotes.parquet", "row 2"),
    ]
    assert not any(": : " in p.message for p in problems)  # a row-level error names the row, not an empty field
    assert main(["verify", str(full_release)]) == 1
    assert "FAILED verification: 3 problems" in capsys.readouterr().out
