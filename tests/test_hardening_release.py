"""Hardening of the release stage: build never replaces what it must not, builds take
turns, and verify / load / diff refuse a damaged or forged release with a clear message."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import landmine_news as ln
from landmine_news.cli import main
from landmine_news.errors import OutputRefused, ReleaseError, ReleaseInvalid
from landmine_news.release.verification import verify
from landmine_news.release.writer import build

from .conftest import ROOT, run_cli


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def release(tiny: Path, tmp_path: Path) -> Path:
    out = tmp_path / "release"
    assert build(tiny, out).report.ok
    return out


def reseal(folder: Path, croissant: bool = True) -> None:
    """Regenerate every checksum after an edit, as a forger would (`croissant=False`: all but
    the Croissant file's CSV digests, as a forger who forgot them would)."""
    doc_path = folder / "croissant.json"
    if croissant and doc_path.is_file():
        doc = json.loads(doc_path.read_text(encoding="utf-8"))
        for entry in doc.get("distribution", []):
            if (folder / entry.get("contentUrl", "")).is_file() and "sha256" in entry:
                entry["sha256"] = hashlib.sha256((folder / entry["contentUrl"]).read_bytes()).hexdigest()
        doc_path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    package = json.loads((folder / "datapackage.json").read_text())
    for res in package["resources"]:
        for entry in (res, res["landmine_news:parquet"]):
            data = (folder / entry["path"]).read_bytes()
            entry["bytes"], entry["hash"] = len(data), f"sha256:{hashlib.sha256(data).hexdigest()}"
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2) + "\n")
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != "SHA256SUMS")
    sums = "".join(f"{hashlib.sha256((folder / n).read_bytes()).hexdigest()}  {n}\n" for n in names)
    (folder / "SHA256SUMS").write_text(sums)


def edit_parquet(folder: Path, table: str, change) -> None:
    path = folder / f"{table}.parquet"
    t = pq.read_table(path)
    rows = change(t.to_pylist())
    pq.write_table(pa.Table.from_pylist(rows, schema=t.schema), path)


# -- build targets --------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["dataset", "inside-dataset", "other-folder", "file", "symlink"])
def test_build_refuses_targets_it_must_not_replace(tiny: Path, tmp_path: Path, kind: str, capsys):
    other = tmp_path / "docs"
    other.mkdir()
    (other / "README.md").write_text("keep me")
    (tmp_path / "notes.txt").write_text("keep me too")
    os.symlink(tmp_path / "release-elsewhere", tmp_path / "link")
    target = {
        "dataset": tiny,
        "inside-dataset": tiny / "build",
        "other-folder": other,
        "file": tmp_path / "notes.txt",
        "symlink": tmp_path / "link",
    }[kind]
    before = tree(tmp_path)
    with pytest.raises(OutputRefused):
        build(tiny, target)
    assert tree(tmp_path) == before
    assert main(["build", "--dataset", str(tiny), "--out", str(target)]) == 2
    assert "refus" in capsys.readouterr().err or "inside the dataset" in capsys.readouterr().err
    assert tree(tmp_path) == before
    assert not any(p.name.startswith(".") for p in tmp_path.iterdir())


def test_build_may_replace_a_release_an_empty_folder_or_nothing(tiny: Path, tmp_path: Path):
    (tmp_path / "empty").mkdir()
    for target in (tmp_path / "new", tmp_path / "empty", tmp_path / "new"):
        assert build(tiny, target).report.ok
        assert verify(target).problems == []


def test_build_refuses_a_release_folder_holding_what_it_did_not_write(tiny: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert build(tiny, out).report.ok
    (out / "mynotes.txt").write_text("my notes")
    (out / "mydir").mkdir()
    (out / "mydir" / "x.txt").write_text("mine")
    (out / "schema" / "mine.json").write_text("{}")
    before = tree(out)
    capsys.readouterr()
    assert main(["build", "--dataset", str(tiny), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "mydir/x.txt, mynotes.txt, schema/mine.json" in err and "would be lost" in err, err
    assert tree(out) == before and (out / "mydir").is_dir()
    with pytest.raises(OutputRefused):
        build(tiny, out)
    for name in ("mynotes.txt", "schema/mine.json", "mydir/x.txt"):
        (out / name).unlink()
    (out / ".DS_Store").write_bytes(b"")  # desktop litter is not a user's work, nor an empty folder
    assert build(tiny, out).report.ok and verify(out).problems == [] and not (out / "mydir").exists()
    os.symlink(tmp_path, out / "linked")
    with pytest.raises(OutputRefused, match="linked"):
        build(tiny, out)


def test_build_under_a_file_and_verify_of_odd_checksums_say_what_is_wrong(tiny: Path, tmp_path: Path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["build", "--dataset", str(tiny), "--out", str(blocker / "sub" / "out")]) == 2
    assert f"{blocker} is a file, not a folder" in capsys.readouterr().err
    out = tmp_path / "out"
    assert build(tiny, out).report.ok
    (out / "SHA256SUMS").unlink()
    (out / "SHA256SUMS").mkdir()
    [problem] = verify(out).problems
    assert (problem.code, problem.file) == ("release-file-not-regular", "SHA256SUMS")
    assert problem.message == "not a regular file; cannot verify the release"


def test_build_refuses_a_release_folder_whose_listed_files_were_edited(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert build(tiny, out).report.ok
    with (out / "README.md").open("a", encoding="utf-8") as fh:
        fh.write("MY NOTES\n")
    with pytest.raises(OutputRefused, match=r"README\.md \(edited\)"):
        build(tiny, out)
    assert "MY NOTES" in (out / "README.md").read_text(encoding="utf-8")


def test_build_refuses_a_release_folder_whose_checksums_are_gone(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert build(tiny, out).report.ok
    (out / "SHA256SUMS").unlink()
    with pytest.raises(OutputRefused, match="no readable SHA256SUMS"):
        build(tiny, out)


def test_build_reports_counts_and_their_change(tiny: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert main(["build", "--dataset", str(tiny), "--out", str(out)]) == 0
    path = tiny / "articles" / "tiny-article.yaml"
    text = path.read_text()
    start, end = text.index("  - id: tiny-q2"), text.index("figures:")
    path.write_text(text[:start] + text[end:])  # the second quote is gone
    capsys.readouterr()
    assert main(["build", "--dataset", str(tiny), "--out", str(out)]) == 0
    out_text = capsys.readouterr().out  # the summary is the command's result: stdout
    assert "quotes: 1 (-1 against 2)" in out_text


def test_concurrent_builds_take_turns(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "landmine_news", "build", "--dataset", str(tiny), "--out", str(out)]
    for _ in range(3):
        procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
        results = [(*p.communicate(timeout=120), p.returncode) for p in procs]
        assert all(code == 0 for _, _, code in results), results
        assert verify(out).problems == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset", "out"]


def test_leftovers_of_a_live_build_are_left_alone(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = tmp_path / f".out.tmp-{sleeper.pid}-cafe"
        live.mkdir()
        dead = tmp_path / ".out.tmp-999999999-dead"
        dead.mkdir()
        assert build(tiny, out).report.ok
        assert live.is_dir() and not dead.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


# -- damaged and forged releases ----------------------------------------------------------
@pytest.mark.parametrize(
    "descriptor",
    [
        "[]",
        '{"resources": "x"}',
        '{"resources": [1, "a"]}',
        '{"resources": [{"path": ["a"]}]}',
        '{"resources": [{"path": 5}]}',
        "[" * 100_000 + "]" * 100_000,
        "not json",
        '{"resources": [{"path": "../outside.csv"}]}',
    ],
)
def test_verify_and_load_survive_malformed_descriptors(release: Path, descriptor: str):
    (release / "datapackage.json").write_text(descriptor)
    report = verify(release)
    assert not report.ok
    codes = {p.code for p in report.problems}
    assert codes <= {"release-checksum-mismatch", "release-manifest-invalid", "release-name-unsafe"}, codes
    assert codes & {"release-manifest-invalid", "release-name-unsafe"}
    with pytest.raises(ReleaseInvalid) as caught:
        ln.load(release)
    [problem] = caught.value.problems  # not an object, or one without this package's schema version
    assert isinstance(caught.value, ReleaseError) and problem.file == "datapackage.json"
    assert problem.code in {"release-manifest-invalid", "release-schema-version"}


def test_verify_reads_nothing_outside_the_release(release: Path, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("outside")
    digest = hashlib.sha256(secret.read_bytes()).hexdigest()
    sums = release / "SHA256SUMS"
    original = sums.read_text()
    for name in ("../secret.txt", str(secret), "schema/../../secret.txt"):
        sums.write_text(original + f"{digest}  {name}\n")
        problems = verify(release).problems
        unsafe = [p for p in problems if p.code == "release-name-unsafe"]
        assert unsafe and unsafe[0].file == "SHA256SUMS" and unsafe[0].value == name, problems
        assert unsafe[0].line == len(original.splitlines()) + 1
    sums.write_text(original)
    os.symlink(secret, release / "extra.csv")
    assert [(p.code, p.file) for p in verify(release).problems] == [("release-file-not-regular", "extra.csv")]


@pytest.mark.parametrize(
    "forgery",
    ["duplicate-quote", "unknown-speaker", "unknown-co-speaker", "unknown-member-of", "span-length", "every-quote-twice"],
)
def test_forged_release_with_regenerated_checksums_is_refused(release: Path, forgery: str, capsys, tmp_path: Path):
    original = tmp_path / "original"
    shutil.copytree(release, original)

    def change(rows):
        if forgery == "duplicate-quote":
            return [*rows, dict(rows[0], text="forged")]
        if forgery == "every-quote-twice":
            return rows + rows
        if forgery == "unknown-speaker":
            rows[0]["speaker"] = "nobody-at-all"
        if forgery == "unknown-co-speaker":
            rows[0]["co_speakers"] = ["nobody-at-all"]
        if forgery == "span-length":
            rows[0]["end"] += 3
        return rows

    table = "actors" if forgery == "unknown-member-of" else "quotes"
    if table == "actors":
        edit_parquet(release, "actors", lambda rows: [dict(r, member_of=["nobody-at-all"]) for r in rows])
    else:
        edit_parquet(release, table, change)
    reseal(release)
    expected = {
        "duplicate-quote": "id-duplicate",
        "every-quote-twice": "id-duplicate",
        "unknown-speaker": "reference-unresolved",
        "unknown-co-speaker": "reference-unresolved",
        "unknown-member-of": "release-row-invalid",  # a membership without its basis (schema 2.0) fails the model first
        "span-length": "release-span-invalid",
    }[forgery]
    problems = verify(release).problems
    assert problems and {p.code for p in problems} == {expected}, problems
    assert {p.file for p in problems} == {f"{table}.parquet"}
    with pytest.raises(ReleaseInvalid) as caught:
        ln.load(release)
    assert caught.value.problems == problems
    capsys.readouterr()
    assert main(["diff", str(original), str(release)]) == 1
    out, err = capsys.readouterr()
    assert "no data changes" not in out and "Traceback" not in err


def test_a_million_forged_rows_are_refused_from_the_id_column(release: Path):
    t = pq.read_table(release / "quotes.parquet")
    pq.write_table(t.take([0] * 1_000_000), release / "quotes.parquet", compression="zstd")
    with pytest.raises(ReleaseInvalid) as caught:
        ln.load(release)
    problems = caught.value.problems
    assert {p.code for p in problems} == {"id-duplicate"} and len(problems) <= 102
    assert any("more rows repeat ids" in p.message for p in problems)


def test_corrupt_tables_raise_release_errors(release: Path, capsys, tmp_path: Path):
    good = tmp_path / "good"
    shutil.copytree(release, good)
    (release / "quotes.parquet").write_bytes(b"PAR1 garbage")
    with pytest.raises(ReleaseInvalid, match=r"quotes\.parquet") as caught:
        ln.load(release)
    assert [(p.code, p.file) for p in caught.value.problems] == [("release-table-unreadable", "quotes.parquet")]
    assert main(["diff", str(good), str(release)]) == 1
    assert "Traceback" not in capsys.readouterr().err
    csv = release / "actors.csv"
    csv.write_bytes(csv.read_bytes() + b'"unterminated,x\r\n')
    with pytest.raises(ReleaseInvalid, match=r"actors\.csv") as caught:
        ln.load(release, format="csv")
    [problem] = caught.value.problems
    assert (problem.code, problem.file) == ("release-table-unreadable", "actors.csv") and problem.line is not None


def test_load_refuses_an_unknown_format(release: Path):
    with pytest.raises(ValueError, match="unknown format"):
        ln.load(release, format="json")  # type: ignore[arg-type]


def test_disk_full_is_a_clear_message_and_keeps_the_release(tiny: Path, tmp_path: Path, monkeypatch, capsys):
    import errno

    import landmine_news.release.writer as writer

    out = tmp_path / "out"
    assert build(tiny, out).report.ok
    before = tree(out)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(out))

    monkeypatch.setattr(writer.CsvSink, "write", full)
    article = tiny / "articles/tiny-article.yaml"  # a row changes, so the release must be written again
    article.write_text(article.read_text(encoding="utf-8").replace("area needing clearance", "area to clear"), encoding="utf-8")
    assert main(["build", "--dataset", str(tiny), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "internal error" not in err
    assert tree(out) == before


@pytest.mark.skipif(os.name == "nt", reason="Windows paths are Unicode")
def test_an_out_path_that_is_not_utf8_is_refused_with_a_message_not_a_traceback(tiny: Path, tmp_path: Path):
    out = Path(os.fsdecode(os.fsencode(str(tmp_path)) + b"/out-\xff"))
    done = run_cli("build", "--dataset", str(tiny), "--out", str(out))
    assert done.returncode == 2 and "not valid UTF-8" in done.stderr and "Traceback" not in done.stderr
    assert "internal error" not in done.stderr and not os.path.lexists(out)


@pytest.mark.parametrize("removed", ["README.md", "LICENSE-DATA.md", "croissant.json", "codebook.md", "figure_rules.json"])
def test_a_resealed_release_without_a_document_a_build_writes_fails_verification(release: Path, removed: str):
    from landmine_news.release.verification import verify

    (release / removed).unlink()
    reseal(release)
    report = verify(release)
    assert [(p.code, p.file) for p in report.errors] == [("release-file-missing", removed)]


def test_a_resealed_release_with_a_file_no_build_writes_or_stale_croissant_digests_fails(release: Path):
    from landmine_news.release.verification import verify

    (release / "macro.xlsm").write_bytes(b"PK\x03\x04")
    reseal(release)
    assert [(p.code, p.file) for p in verify(release).errors] == [("release-file-unexpected", "macro.xlsm")]
    (release / "macro.xlsm").unlink()
    doc = json.loads((release / "croissant.json").read_text(encoding="utf-8"))
    doc["distribution"][0]["sha256"] = "0" * 64
    (release / "croissant.json").write_text(json.dumps(doc), encoding="utf-8")
    reseal(release, croissant=False)
    [found] = verify(release).errors
    assert found.code == "release-checksum-mismatch" and found.file == "croissant.json"
