"""Careless and hostile input to file listing, reading, YAML parsing and report rendering.

Each test is the regression test of one hardening fix: nothing crashes, hangs, reads
outside the dataset folder, or drops a record without an error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from landmine_news.checks.engine.validation import check_dataset
from landmine_news.checks.reading.files import MAX_YAML_BYTES, read_bytes, resolve_inside
from landmine_news.checks.report import render as report_render
from landmine_news.checks.report.problems import Problem, Report

from .conftest import run_cli
from .profiles import scaled

ART = "articles/tiny-article.yaml"


def problems(root: Path) -> list[Problem]:
    return check_dataset(root).report.problems


def codes(root: Path) -> list[str]:
    return [p.code for p in problems(root)]


# --- which files are read -------------------------------------------------------------


def test_yml_record_is_an_error_with_a_rename_hint(tiny: Path):
    (tiny / "actors/tiny-critics.yaml").rename(tiny / "actors/tiny-critics.yml")
    report = check_dataset(tiny).report
    [p] = [p for p in report.problems if p.code == "file-wrong-extension"]
    assert p.severity == "error" and not report.ok
    assert "tiny-critics.yaml" in p.message and ".yaml" in (p.hint or "")


def test_upper_case_yaml_suffix_is_an_error(tiny: Path):
    (tiny / "actors/tiny-critics.yaml").rename(tiny / "actors/tiny-critics.YAML")
    assert "file-wrong-extension" in codes(tiny)


def test_folder_named_like_a_record_is_an_error(tiny: Path):
    (tiny / "articles/x.yaml").mkdir()
    [p] = [p for p in problems(tiny) if p.code == "file-not-regular"]
    assert p.file.endswith("articles/x.yaml") and "folder" in p.message and p.severity == "error"


def test_fifo_never_hangs(tiny: Path):
    os.mkfifo(tiny / "actors/tiny-pipe.yaml")
    start = time.monotonic()
    [p] = [p for p in problems(tiny) if p.code == "file-not-regular"]
    assert "FIFO" in p.message and time.monotonic() - start < 10


def test_reading_a_fifo_directly_refuses_without_opening(tmp_path: Path):
    os.mkfifo(tmp_path / "p.yaml")
    data, found = read_bytes(tmp_path / "p.yaml", "p.yaml", MAX_YAML_BYTES)
    assert data is None and [p.code for p in found] == ["file-not-regular"]


def test_hidden_record_like_files_warn_and_editor_files_stay_silent(tiny: Path):
    for name in (".tiny-old.yaml", ".tiny-old.yml", ".tiny-critics.yaml.swp", ".gitkeep", ".#tiny-critics.yaml"):
        (tiny / "actors" / name).write_text("id: x\n", encoding="utf-8")
    (tiny / "actors/tiny-critics.yaml~").write_text("id: x\n", encoding="utf-8")
    found = problems(tiny)
    hidden = sorted(Path(p.file).name for p in found if p.code == "file-hidden")
    assert hidden == [".tiny-old.yaml", ".tiny-old.yml"]
    assert all(p.severity == "warning" for p in found)
    assert [Path(p.file).name for p in found if p.code == "file-unexpected"] == ["tiny-critics.yaml~"]


def test_symlink_loop_is_a_problem_not_a_crash(tiny: Path):
    os.symlink("b.yaml", tiny / "actors/a.yaml")
    os.symlink("a.yaml", tiny / "actors/b.yaml")
    found = [p for p in problems(tiny) if p.code == "file-not-regular"]
    assert sorted(Path(p.file).name for p in found) == ["a.yaml", "b.yaml"]
    assert "symlink loop" in found[0].message


def test_non_utf8_file_name_is_printed_escaped(tiny: Path):
    name = os.fsencode(tiny / "actors") + b"/\xff.yaml"
    with open(name, "wb") as f:
        f.write(b"id: x\n")
    for fmt in ("text", "json", "github"):
        proc = run_cli("validate", "--dataset", str(tiny), "--format", fmt, PYTHONIOENCODING="utf-8")
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr and "actors/\\xff.yaml" in proc.stdout.replace("\\\\", "\\")


def test_printing_never_crashes_on_a_narrow_encoding(tiny: Path):
    (tiny / "actors/tiny-critics.yaml").write_text("id: tiny-critics\nname: Critics\nkind: gr\u00f6up\n", encoding="utf-8")
    proc = run_cli("validate", "--dataset", str(tiny), PYTHONIOENCODING="ascii")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "field-enum" in proc.stdout


# --- nothing outside the dataset is read ----------------------------------------------


def outside_sources(tiny: Path) -> Path:
    """Move sources/ out of the dataset and leave a symlink to it; tamper with the text."""
    outside = tiny.parent / "elsewhere"
    (tiny / "sources").rename(outside)
    (tiny / "sources").symlink_to(outside)
    (outside / "tiny.txt").write_text("SECRET We will act. the plan is unsafe\n", encoding="utf-8")
    return outside


def test_symlinked_sources_folder_is_refused_and_nothing_leaks(tiny: Path):
    outside_sources(tiny)
    report = check_dataset(tiny).report
    found = {p.code for p in report.problems}
    assert "path-escapes" in found and "source-missing" in found and not report.ok
    shown = report_render.text(report, None) + report_render.as_json(report)
    assert "SECRET" not in shown and "source-hash-mismatch" not in found


@pytest.mark.parametrize("folder", ["articles", "actors"])
def test_symlinked_record_folder_is_refused(tiny: Path, folder: str):
    outside = tiny.parent / f"outside-{folder}"
    (tiny / folder).rename(outside)
    (tiny / folder).symlink_to(outside)
    report = check_dataset(tiny).report
    [p] = [p for p in report.problems if p.code == "path-escapes"]
    assert p.file.endswith(f"/{folder}") and not report.ok


def test_dataset_root_given_through_a_symlink_is_fine(tiny: Path):
    link = tiny.parent / "link"
    link.symlink_to(tiny)
    assert check_dataset(link).report.ok


def test_symlink_to_a_file_inside_the_dataset_is_read(tiny: Path):
    (tiny / "actors/tiny-critics.yaml").rename(tiny / "tiny-critics.yaml")
    (tiny / "actors/tiny-critics.yaml").symlink_to("../tiny-critics.yaml")
    assert check_dataset(tiny).report.ok


def test_resolve_inside(tmp_path: Path):
    root = tmp_path / "root"
    (root / "a").mkdir(parents=True)
    (root / "a/f").write_text("x")
    (tmp_path / "out").write_text("x")
    (root / "esc").symlink_to(tmp_path / "out")
    (root / "loop").symlink_to("loop")
    assert resolve_inside(root, root / "a/f") == (root / "a/f").resolve()
    assert resolve_inside(root, root / "a/../a/f") is not None
    assert resolve_inside(root, root / "esc") is None
    assert resolve_inside(root, root / "loop") is None
    assert resolve_inside(root, root / "missing") is None
    assert resolve_inside(root, root / "../out") is None


# --- output cannot be forged ----------------------------------------------------------

FORGED = "x.yaml\n::error file=forged.yaml,line=1::forged\u2028\u202e\x85"


def forged_report() -> Report:
    return Report([Problem("yaml-syntax", "bad\r\n::error::forged", file=FORGED, line=1, column=1, hint="h\x1b[31m")])


def test_text_output_escapes_control_characters():
    out = report_render.text(forged_report())
    assert not any(line.startswith("::") for line in out.splitlines())
    assert "\\x0a" in out and "\\u2028" in out and "\\u202e" in out and "\x1b" not in out and "\x85" not in out


def test_github_output_escapes_control_characters():
    out = report_render.github(forged_report())
    lines = out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("::error file=") and lines[1].startswith("INVALID")
    assert "\u2028" not in out and "\u202e" not in out and "\x85" not in out


def test_json_output_escapes_separators_and_keeps_the_value():
    out = report_render.as_json(forged_report())
    assert "\u2028" not in out and "\u202e" not in out and "\x85" not in out
    assert json.loads(out)["problems"][0]["file"] == FORGED


def test_file_name_with_newline_is_escaped_in_problems(tiny: Path):
    (tiny / "actors/evil\n::error file=x::forged.yml").write_text("id: x\n", encoding="utf-8")
    [p] = [p for p in problems(tiny) if p.code == "file-wrong-extension"]
    assert "\n" not in p.file and "\n" not in p.message and "\\x0a" in p.file


# --- YAML reading ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["null\n", "~\n", "---\n", "--- ~\n...\n", "", "   \n", "# only a comment\n", "\ufeff"])
def test_record_file_without_a_record_is_an_error(tiny: Path, text: str):
    (tiny / "actors/tiny-critics.yaml").write_text(text, encoding="utf-8")
    report = check_dataset(tiny).report
    [p] = [p for p in report.problems if p.code == "yaml-empty"]
    assert p.file.endswith("actors/tiny-critics.yaml") and not report.ok


def test_deleted_list_key_under_a_folded_block_is_reported(real_copy: Path):
    path = real_copy / "articles/biden-landmine-policy-scrutiny-2024-11-20.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index("quotes:")
    path.write_text("\n".join(lines[:at] + lines[at + 1 :]), encoding="utf-8")
    report = check_dataset(real_copy).report
    [p] = [p for p in report.problems if p.code == "text-swallowed-structure"]
    assert not report.ok and p.line == at + 1 and p.column == 3
    assert "`quotes:`" in (p.hint or "") and "notes" in p.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("id: a\nnotes: >\n  some text\n  kind: group\n", 4),  # fast reader: same indentation
        ("id: a\nnotes: |\n  text\n  - id: x\n    text: y\n", 4),  # full reader: more indented
        ('id: a\nnotes: "unclosed\n  - id: x\n  kind: group"\n', 3),  # a quoted string that ran on
        ("id: a\nitems:\n  - note: >\n      text\n      verb: x\n", 5),  # nested, in a list
    ],
)
def test_text_that_swallowed_structure_is_found_by_either_reader(text: str, line: int):
    from landmine_news.checks.reading.yaml_reader import parse

    [p] = parse(text, "x.yaml")[1]
    assert p.code == "text-swallowed-structure" and p.line == line


def test_prose_with_colons_is_not_structure():
    from landmine_news.checks.reading.yaml_reader import parse

    assert parse("id: a\nnotes: >\n  Note: the text says\n  something: odd\n", "x.yaml")[1] == []


def test_deep_flow_nesting_is_refused_before_libyaml():
    from landmine_news.checks.reading.yaml_reader import parse

    [p] = parse("id: a\nnotes: " + "[" * 25000 + "\n", "x.yaml")[1]
    assert (p.code, p.line, p.column) == ("yaml-too-deep", 2, 8 + 65 - 1)


def test_deep_flow_nesting_cannot_hide_behind_quoted_brackets():
    from landmine_news.checks.reading.yaml_reader import parse

    [p] = parse("a: " + '[ "]", ' * 100 + "\n", "x.yaml")[1]
    assert p.code == "yaml-too-deep"


def test_deep_block_nesting_is_refused():
    from landmine_news.checks.reading.yaml_reader import parse

    # Quoted keys send the text to libyaml (the fast reader takes identifier keys only).
    text = "".join(" " * i + '"k":\n' for i in range(100)) + " " * 100 + "v: 1\n"
    [p] = parse(text, "x.yaml")[1]
    assert p.code == "yaml-too-deep" and p.line == 65
    [p] = parse("a:\n" + "- " * 200 + "x\n", "x.yaml")[1]
    assert (p.code, p.line) == ("yaml-too-deep", 2)


def test_deep_nesting_does_not_crash_the_process(tmp_path: Path):
    code = "from landmine_news.checks.reading.yaml_reader import parse; print(parse('a: ' + '[' * 25000, 'x')[1][0].code)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == "yaml-too-deep"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085", "\r"])
def test_line_numbers_count_lf_only(tiny: Path, separator: str):
    edit = (tiny / ART).read_text(encoding="utf-8")
    edit = edit.replace('title: "A tiny article"', f'title: "A tiny{separator} article"')
    edit = edit.replace("    kind: indirect", "    kind: paraphrase")
    (tiny / ART).write_text(edit, encoding="utf-8", newline="")
    [p] = [p for p in problems(tiny) if p.code == "field-enum"]
    assert (p.line, p.column) == (edit.split("\n").index("    kind: paraphrase") + 1, 11)


def test_null_key_is_located(tiny: Path):
    text = (tiny / ART).read_text(encoding="utf-8").replace("language: en", "language: en\n~: x")
    (tiny / ART).write_text(text, encoding="utf-8")
    [p] = [p for p in problems(tiny) if p.code == "field-unknown"]
    assert (p.line, p.column) == (5, 1)


def test_syntax_error_at_end_of_file_is_clamped_and_says_where_it_began():
    from landmine_news.checks.reading.yaml_reader import parse

    [p] = parse('id: a\nnotes: "unclosed\n', "x.yaml")[1]
    assert p.code == "yaml-syntax" and p.line == 2 and "began at line 2, column 8" in p.message
    assert "line 2, column 8" in (p.hint or "")


def test_control_character_is_named_and_located():
    from landmine_news.checks.reading.yaml_reader import parse

    [p] = parse("id: a\nname: b\nnotes: ab\x00cd\n", "x.yaml")[1]
    assert (p.code, p.line, p.column) == ("yaml-syntax", 3, 10)
    assert "U+0000 NUL at line 3, column 10" in p.message
    [p] = parse("id: a\nnotes: \x1b[31m\n", "x.yaml")[1]
    assert "U+001B ESC" in p.message


def test_tab_indentation_is_named():
    from landmine_news.checks.reading.yaml_reader import parse

    [p] = parse("id: a\nlist:\n\t- x\n", "x.yaml")[1]
    assert p.message == "tab used for indentation; YAML indents with spaces only" and (p.line, p.column) == (3, 1)


def test_impossible_date_is_a_field_problem_and_hides_nothing(tiny: Path):
    text = (tiny / ART).read_text(encoding="utf-8")
    text = text.replace("published_date: 2024-11-20", "published_date: 2024-02-30").replace("value: 5000", "value: lots")
    (tiny / ART).write_text(text, encoding="utf-8")
    found = {p.field: p for p in problems(tiny)}
    date = found["published_date"]
    assert date.code == "field-type" and date.line == 3 and "2024-02-30 is not a date in the calendar" in (date.hint or "")
    assert found["figures[0].value"].code == "field-type"


def test_fast_and_full_readers_agree_on_keys_and_impossible_dates():
    from landmine_news.checks.reading.yaml_fast import parse_fast
    from landmine_news.checks.reading.yaml_reader import parse_full

    for text in ("null: 1\nyes: 2\n", "d: 2024-02-30\n", "d: 2024-02-28\n"):
        fast = parse_fast(text)
        full = parse_full(text, "x")[0]
        assert fast is None or fast == full, text
    assert parse_full("~: 1\n", "x")[0] == {"~": 1}
    assert parse_full("d: 2024-02-30\n", "x")[0] == {"d": "2024-02-30"}


def test_reads_stop_at_the_limit_and_see_every_byte_below_it(tmp_path: Path):
    # The read asks for the size `fstat` gave first, then reads on: whatever that size, the
    # bytes are all there below the limit and the limit is never read past.
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from landmine_news.checks.reading.files import read_at_most

    @settings(max_examples=scaled(150), deadline=None)
    @given(st.binary(max_size=300), st.data())
    def agree(data: bytes, draw: st.DataObject) -> None:
        most = draw.draw(st.integers(1, len(data) + 2))  # below, at and past the data's end
        first = draw.draw(st.integers(1, most))
        read, write = os.pipe()  # a pipe returns short reads, as a file growing under us might
        try:
            os.write(write, data)
            os.close(write)
            assert read_at_most(read, first, most) == data[:most]
        finally:
            os.close(read)

    agree()
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * (MAX_YAML_BYTES + 5))
    data, problems = read_bytes(path, "big.yaml", MAX_YAML_BYTES)
    assert data is None and [p.code for p in problems] == ["file-too-large"]
    (tmp_path / "empty.yaml").write_bytes(b"")
    assert read_bytes(tmp_path / "empty.yaml", "empty.yaml", MAX_YAML_BYTES) == (b"", [])


@pytest.mark.parametrize("mark", ['"', "'"])
def test_a_quoted_text_whose_folded_lines_look_like_fields_is_valid_yaml_and_only_a_warning(tiny: Path, mark: str):
    import yaml

    from landmine_news.checks.engine.validation import validate

    actor = tiny / "actors" / "tiny-critics.yaml"
    written = (
        f"id: tiny-critics\nname: Critics\nkind: group\nnotes: {mark}The page names no member, and reads\n"
        f"  kind: group as the critics own word.{mark}\n"
    )
    assert yaml.safe_load(written)["notes"].endswith("as the critics own word.")  # valid YAML, as an emitter folds
    actor.write_text(written, encoding="utf-8")
    report = validate(tiny, workers=1, cache=False)
    assert report.ok, [p.message for p in report.errors]
    [warning] = [p for p in report.problems if p.code == "text-swallowed-structure"]
    assert warning.severity == "warning" and warning.line == 5


@pytest.mark.parametrize("char", ["\u2028", "\u2029"])
def test_a_line_separator_in_a_block_text_is_text_as_yaml_1_2_reads_it(tiny: Path, char: str):
    from landmine_news.checks.engine.validation import validate
    from landmine_news.checks.reading.yaml_reader import parse

    actor = tiny / "actors" / "tiny-critics.yaml"
    text = actor.read_text(encoding="utf-8") + f"notes: >-\n  first part{char} second part\n  more\nwikidata: nope\n"
    actor.write_text(text, encoding="utf-8")
    value, problems = parse(text, "x.yaml")
    assert problems == [] and value["notes"] == f"first part{char} second part more"
    report = validate(tiny, workers=1, cache=False)
    [wrong] = [p for p in report.errors if p.field == "wikidata"]  # later problems keep their lines
    assert wrong.line == text.split("\n").index("wikidata: nope") + 1
    assert not [p for p in report.problems if p.code == "yaml-syntax"]
