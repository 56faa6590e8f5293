"""The CLI for users: results on stdout, diagnostics on stderr, the packaged release by default,
exit 130 on Ctrl-C, and progress only on a terminal."""

from __future__ import annotations

import io
import threading

import pytest

from landmine_news.cli import main
from landmine_news.cli import output as progress_module
from landmine_news.release.reader import default_release


def test_build_summary_is_a_result_on_stdout(tiny, tmp_path, capsys):
    assert main(["build", "--dataset", str(tiny), "--out", str(tmp_path / "out")]) == 0
    out, err = capsys.readouterr()
    assert "built release" in out and "quotes:" in out and "built release" not in err


@pytest.mark.parametrize("command", [["stats"], ["verify"]])
def test_stats_and_verify_default_to_the_packaged_release(tmp_path, monkeypatch, capsys, command):
    monkeypatch.chdir(tmp_path)  # no ./build, no ./dataset here
    assert main(command) == 0
    out = capsys.readouterr().out
    assert out and ("verified" in out if command == ["verify"] else "quotes" in out)
    if command == ["verify"]:
        assert str(default_release()) in out


def test_validate_still_defaults_to_the_dataset_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 2
    assert "dataset" in capsys.readouterr().err


def test_ctrl_c_exits_130(monkeypatch, capsys):
    import landmine_news.cli.commands as commands

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(commands, "cmd_stats", interrupted)
    from landmine_news.cli import parser as parser_module

    monkeypatch.setattr(parser_module, "cmd_stats", interrupted)
    assert main(["stats"]) == 130
    assert "interrupted" in capsys.readouterr().err


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_writes_nothing_when_not_a_terminal():
    stream = io.StringIO()
    with progress_module.progress("work", stream):
        pass
    assert stream.getvalue() == ""


def test_progress_shows_on_a_terminal_once_work_outlasts_the_delay(monkeypatch):
    monkeypatch.setattr(progress_module, "DELAY", 0.0)
    stream = FakeTerminal()
    shown = threading.Event()
    original = stream.write

    def write(text: str) -> int:
        shown.set()
        return original(text)

    stream.write = write  # type: ignore[method-assign]
    with progress_module.progress("building", stream):
        assert shown.wait(30)  # the block outlasts the (zero) delay until the line appears
    assert "building" in stream.getvalue() and stream.getvalue().endswith("\r\033[K")


def test_progress_stays_silent_for_short_work_on_a_terminal(monkeypatch):
    monkeypatch.setattr(progress_module, "DELAY", 3600.0)
    stream = FakeTerminal()
    with progress_module.progress("quick", stream):
        pass
    assert stream.getvalue() == ""
