"""Docs that match the code: the README's commands are the ones CI runs, and its example works."""

from __future__ import annotations

import re

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_quick_start_has_exactly_two_commands():
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "landmine-news validate" in commands[0] and "landmine-news build" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in ci.splitlines()


def test_readme_python_example_runs():
    import landmine_news as ln

    block = README.split("**2. Use the Python package.**", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    runnable = "\n".join(line for line in block.splitlines() if "{...}" not in line)
    exec(compile(runnable, "README.md", "exec"), {})
    assert ln.load().quote("scrutiny-q01").text


def test_readme_names_only_existing_commands():
    from landmine_news.cli.parser import parser

    known = set(parser()._subparsers._group_actions[0].choices)
    named = set(re.findall(r"landmine-news (\w+)", README))
    assert named <= known, named - known


def test_changelog_follows_keep_a_changelog():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.startswith("# Changelog")
    assert "## [Unreleased]" in text
    assert "keepachangelog.com" in text


def test_no_checkout_converts_the_line_endings_of_what_is_checked_by_hash():
    # core.autocrlf would make a clean checkout's build/ and schema/ look edited against
    # SHA256SUMS and schema/RELEASED.sha256, and the sources against their recorded sha256.
    rules = {
        line.split()[0]: line.split()[1:]
        for line in (ROOT / ".gitattributes").read_text().splitlines()
        if line and not line.startswith("#")
    }
    for pattern in ("dataset/sources/**", "build/**", "schema/**", "LICENSE-DATA.md", "CITATION.cff"):
        assert "-text" in rules.get(pattern, []), pattern
