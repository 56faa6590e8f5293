"""The CLI renders the API's report faithfully, with the documented exit codes."""

from __future__ import annotations

import json
import os

from landmine_news.checks.engine.validation import validate
from landmine_news.cli import main

from .conftest import ROOT, run_cli
from .test_problem_codes import ART, CASES


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_valid_dataset_exits_zero(tiny, capsys):
    code, out, _ = run(["validate", "--dataset", str(tiny)], capsys)
    assert code == 0
    assert out.startswith("valid: 0 errors")


def test_text_format_has_file_line_col_code(tiny, capsys):
    CASES["field-enum"][0](tiny)
    code, out, _ = run(["validate", "--dataset", str(tiny)], capsys)
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"{(tiny / ART).as_posix()}:")
    assert ": error[field-enum] " in first
    assert "    field: quotes[1].kind" in out
    assert "    hint: " in out


def test_json_format_equals_api_report(tiny, capsys):
    for code in ("field-enum", "text-not-found", "actor-unreferenced"):
        CASES[code][0](tiny)
    code, out, _ = run(["validate", "--dataset", str(tiny), "--format", "json"], capsys)
    assert code == 1
    assert json.loads(out) == validate(tiny).to_dict()


def test_github_format_emits_annotations(tiny, capsys):
    CASES["reference-unresolved"][0](tiny)
    code, out, _ = run(["validate", "--dataset", str(tiny), "--format", "github"], capsys)
    assert code == 1
    [line] = [line for line in out.splitlines() if line.startswith("::error ")]
    assert f"file={(tiny / ART).as_posix()}" in line
    assert ",line=" in line and ",col=" in line and "title=reference-unresolved" in line


def test_problem_output_is_capped_with_a_count(tiny, capsys):
    for i in range(5):
        (tiny / "actors" / f"tiny-extra-{i}.yaml").write_text(f"id: tiny-extra-{i}\nname: X\nkind: nope\n")
    code, out, _ = run(["validate", "--dataset", str(tiny), "--max-problems", "2"], capsys)
    assert code == 1
    assert sum(" error[" in line for line in out.splitlines()) == 2
    assert "... and 3 more problems not shown" in out


def test_missing_dataset_folder_is_a_usage_error(tmp_path, capsys):
    code, _, err = run(["validate", "--dataset", str(tmp_path / "nope")], capsys)
    assert code == 2
    assert "not a folder" in err


def test_bad_arguments_exit_two(capsys):
    try:
        main(["validate", "--format", "xml"])
    except SystemExit as exc:
        assert exc.code == 2
    else:  # pragma: no cover
        raise AssertionError("argparse accepted an unknown format")


def test_subprocess_no_traceback_on_garbage(tiny):
    (tiny / ART).write_bytes(b"\x00\xff\xfe garbage: [\n")
    proc = run_cli("validate", "--dataset", str(tiny))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "not-utf8" in proc.stdout


def test_schema_check_command_names_the_regenerate_command(tmp_path, capsys):
    import shutil

    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    target = tmp_path / "schema" / "1.0.0" / "quote.schema.json"
    target.write_text(target.read_text().replace("attribution verb", "attribution word"))
    code, out, _ = run(["schema", "--check", "--out", str(tmp_path / "schema")], capsys)
    assert code == 1
    assert "run `landmine-news schema` to regenerate" in out


def test_diff_stats_codebook_commands(tiny, tmp_path, capsys):
    from landmine_news.release.writer import build

    build(tiny, tmp_path / "old")
    path = tiny / "articles" / "tiny-article.yaml"
    # The verb must stay in the source's sentence (schema 2.0), so the edit is a stance.
    path.write_text(path.read_text().replace("stance: opposes", "stance: mixed"))
    code, out, _ = run(["diff", str(tmp_path / "old"), str(tiny), "--format", "markdown"], capsys)
    assert code == 0
    assert "tiny-q2" in out and "mixed" in out
    assert run(["diff", str(tmp_path / "old"), str(tiny), "--exit-code"], capsys)[0] == 1
    code, out, _ = run(["stats", str(tiny), "--format", "json"], capsys)
    assert code == 0 and json.loads(out)
    CASES["field-enum"][0](tiny)
    code, out, _err = run(["stats", str(tiny)], capsys)
    assert code == 1 and "error[field-enum]" in out
    code, out, _ = run(["codebook", "--check", "--out", str(ROOT / "docs" / "codebook.md")], capsys)
    assert code == 0


def test_build_asks_arrow_for_the_system_allocator_unless_the_user_chose_one(tiny, tmp_path, monkeypatch):
    # The command's choice only (a program calling build() keeps its own); measured in benchmarks/.
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "")  # so that teardown puts the variable back as it was
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL")
    assert main(["build", "--dataset", str(tiny), "--out", str(tmp_path / "a"), "--no-docs"]) == 0
    assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "system"
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "mimalloc")
    assert main(["build", "--dataset", str(tiny), "--out", str(tmp_path / "b"), "--no-docs"]) == 0
    assert os.environ["ARROW_DEFAULT_MEMORY_POOL"] == "mimalloc"
