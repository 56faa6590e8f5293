"""`new` and `migrate` keep to `validate`'s rules: nothing outside the dataset is read or
written, no symlink is followed or replaced, a FIFO never hangs them, a bad byte is a
located refusal, and a file they rewrite keeps its mode; `codebook` writes nothing when it
cannot write everything."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from landmine_news.cli import main

ARTICLE = "biden-landmine-policy-scrutiny-2024-11-20"
QUOTE = ["--text", "Landmines create a legacy of suffering", "--speaker", "mary-wareham", "--verb", "stated"]


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out + err


def new_quote(capsys, dataset: Path, article: str, *extra: str) -> tuple[int, str]:
    return run(capsys, "new", "quote", "--dataset", str(dataset), "--article", article, *QUOTE, *extra)


def test_the_quote_used_here_is_accepted(real_copy: Path, capsys):
    code, out = new_quote(capsys, real_copy, ARTICLE, "--id", "test-q99")
    assert code == 0, out


def test_an_article_id_that_is_a_path_is_refused(real_copy: Path, tmp_path: Path, capsys):
    victim = tmp_path / "victim.yaml"
    victim.write_bytes((real_copy / "articles" / f"{ARTICLE}.yaml").read_bytes())
    before = victim.read_bytes()
    for article in ("../../victim", "../victim", str(victim.with_suffix(""))):
        code, out = new_quote(capsys, real_copy, article, "--id", "evil-q99")
        assert code != 0 and "is not an article id" in out, out
        code, out = run(capsys, "new", "figure", "--dataset", str(real_copy), "--article", article, "--text", "x")
        assert code != 0 and "Traceback" not in out
    assert victim.read_bytes() == before


def test_a_source_file_outside_the_dataset_is_never_read(real_copy: Path, tmp_path: Path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:the secret line\n", encoding="utf-8")
    article = real_copy / "articles" / "leak.yaml"
    text = (real_copy / "articles" / f"{ARTICLE}.yaml").read_text(encoding="utf-8")
    lines = ["id: leak" if line.startswith("id:") else line for line in text.splitlines()]
    for source in (str(secret), f"../../{secret.name}", "../" * 12 + str(secret).lstrip("/")):
        body = [f"source_file: {source}" if line.startswith("source_file:") else line for line in lines]
        article.write_text("\n".join(body) + "\n", encoding="utf-8")
        code, out = run(
            capsys, "new", "quote", "--dataset", str(real_copy), "--article", "leak", "--id", "leak-q1", "--text", "root:x"
        )
        assert code != 0 and "secret line" not in out and "not a plain file name" in out, out


def test_symlinks_are_neither_followed_nor_replaced(real_copy: Path, tmp_path: Path, capsys):
    outside = tmp_path / "outside.yaml"
    outside.write_bytes((real_copy / "articles" / f"{ARTICLE}.yaml").read_bytes())
    before = outside.read_bytes()
    link = real_copy / "articles" / "linked.yaml"
    link.symlink_to(outside)
    code, out = new_quote(capsys, real_copy, "linked", "--id", "linked-q1")
    assert code != 0 and "symbolic link" in out
    assert link.is_symlink() and outside.read_bytes() == before
    # A dangling symlink where `new article` would copy the source: nothing is created through it.
    story = tmp_path / "in" / "story.txt"
    story.parent.mkdir()
    story.write_text("A story of 300 deminers.\n", encoding="utf-8")
    target = tmp_path / "escape-target.txt"
    (real_copy / "sources" / "story.txt").symlink_to(target)
    code, out = run(capsys, "new", "article", "--dataset", str(real_copy), "--source", str(story))
    assert code != 0 and "symbolic link" in out and not target.exists()
    assert not (real_copy / "articles" / "story.yaml").exists()


def test_new_actor_refuses_an_actors_folder_that_leads_outside(real_copy: Path, tmp_path: Path, capsys):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (real_copy / "actors").rename(tmp_path / "actors-kept")
    (real_copy / "actors").symlink_to(elsewhere)
    code, out = run(capsys, "new", "actor", "--dataset", str(real_copy), "--id", "zed", "--name", "Zed", "--kind", "person")
    assert code != 0 and "leads outside the dataset" in out
    assert list(elsewhere.iterdir()) == []


def _cli(dataset: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # In a subprocess with a timeout: a command that blocked on a FIFO would hang the suite.
    cmd = [sys.executable, "-m", "landmine_news", *args, "--dataset", str(dataset)]
    return subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "LANDMINE_NEWS_CACHE_DIR": str(dataset.parent / "cache")},
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_a_fifo_never_blocks_new_or_migrate(real_copy: Path, tmp_path: Path):
    os.mkfifo(real_copy / "articles" / "pipe.yaml")
    os.mkfifo(real_copy / "actors" / "pipe-actor.yaml")
    done = _cli(real_copy, "new", "quote", "--article", ARTICLE, "--id", "fifo-q1", *QUOTE)
    assert done.returncode == 0, done.stderr
    done = _cli(real_copy, "migrate", "--check")
    assert done.returncode == 1 and "pipe.yaml" in done.stderr and "not a regular file" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    story = tmp_path / "story.txt"
    story.write_text("A story of 300 deminers.\n", encoding="utf-8")
    os.mkfifo(real_copy / "sources" / "story.txt")
    done = _cli(real_copy, "new", "article", "--source", str(story))
    assert done.returncode == 1 and "not a regular file" in done.stderr, done.stderr


def test_a_bad_byte_is_a_located_refusal_not_a_crash(real_copy: Path, capsys):
    (real_copy / "articles" / "zbad.yaml").write_bytes(b'id: zbad\nx: "\xff"\n')
    code, out = new_quote(capsys, real_copy, ARTICLE, "--id", "utf-q1")
    assert code == 0, out  # another file's bad byte is validate's to report
    path = real_copy / "articles" / f"{ARTICLE}.yaml"
    path.write_bytes(path.read_bytes().replace(b"\nnotes:", b"\n# \xff\nnotes:", 1))
    code, out = new_quote(capsys, real_copy, ARTICLE, "--id", "utf-q2")
    assert code == 1 and "not valid UTF-8" in out and "line " in out and "internal error" not in out, out
    code, out = run(capsys, "migrate", "--check", "--dataset", str(real_copy))
    assert code == 1 and "zbad.yaml" in out and "not valid UTF-8" in out and "internal error" not in out, out


def test_migrate_does_not_follow_a_symlink_out_nor_stop_at_a_folder(real_copy: Path, tmp_path: Path, capsys):
    outside = tmp_path / "outrole.yaml"
    outside.write_text("id: outrole\nname: Out Role\nkind: person\nrole: Spokesperson\n", encoding="utf-8")
    (real_copy / "actors" / "outrole.yaml").symlink_to(outside)
    (real_copy / "actors" / "zz.yaml").mkdir()
    (real_copy / "actors" / "zzz-old.yaml").write_text("id: zzz-old\nname: Old\nkind: person\nrole: Envoy\n", encoding="utf-8")
    code, out = run(capsys, "migrate", "--dataset", str(real_copy))
    assert code == 1 and "internal error" not in out
    assert "points outside the dataset" in out and "zz.yaml" in out
    assert "role:" in outside.read_text(encoding="utf-8")  # untouched
    assert "role:" not in (real_copy / "actors" / "zzz-old.yaml").read_text(encoding="utf-8")  # the rest migrated


def test_a_rewritten_file_keeps_its_mode_and_a_new_one_follows_the_umask(real_copy: Path, capsys):
    path = real_copy / "articles" / f"{ARTICLE}.yaml"
    path.chmod(0o640)
    assert new_quote(capsys, real_copy, ARTICLE, "--id", "mode-q1")[0] == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    old = os.umask(0o022)
    try:
        code, out = run(capsys, "new", "actor", "--dataset", str(real_copy), "--id", "zed", "--name", "Zed", "--kind", "person")
    finally:
        os.umask(old)
    assert code == 0, out
    assert stat.S_IMODE((real_copy / "actors" / "zed.yaml").stat().st_mode) == 0o644


def test_unknown_part_of_and_quote_ids_are_refused(real_copy: Path, capsys):
    code, out = new_quote(capsys, real_copy, ARTICLE, "--id", "part-q1", "--part-of", "ghost-q1")
    assert code == 1 and "--part-of 'ghost-q1' names no quote" in out, out
    code, out = run(
        capsys, "new", "figure", "--dataset", str(real_copy), "--article", ARTICLE, "--text", "Landmines", "--quote", "ghost-q"
    )
    assert code == 1 and "--quote 'ghost-q' names no quote" in out, out


def test_codebook_writes_nothing_when_the_contributing_guide_cannot_take_the_rule_table(tmp_path: Path, capsys):
    guide = tmp_path / "guide.md"
    guide.write_text("# Contributing\n\nno markers here\n", encoding="utf-8")
    for contributing in (guide, tmp_path / "missing.md"):
        out = tmp_path / "cb.md"
        code, text = run(capsys, "codebook", "--out", str(out), "--contributing", str(contributing))
        assert code == 2 and "internal error" not in text and not out.exists(), text
        assert ("rule-table:start" in text) if contributing == guide else ("cannot read it" in text)
    assert guide.read_text(encoding="utf-8") == "# Contributing\n\nno markers here\n"


def test_an_article_linked_inside_the_dataset_is_used_as_validate_uses_it(real_copy: Path, capsys):
    store = real_copy / "store"
    store.mkdir()
    link = real_copy / "articles" / f"{ARTICLE}.yaml"
    (store / link.name).write_bytes(link.read_bytes())
    link.unlink()
    link.symlink_to(Path("..") / "store" / link.name)
    code, out = new_quote(capsys, real_copy, ARTICLE, "--id", "link-q1")
    assert code == 0, out
    assert link.is_symlink() and "link-q1" in (store / link.name).read_text(encoding="utf-8")


def test_an_actors_folder_leading_outside_is_named_by_new_quote(real_copy: Path, tmp_path: Path, capsys):
    (real_copy / "actors").rename(tmp_path / "actors")
    (real_copy / "actors").symlink_to(tmp_path / "actors")
    code, out = new_quote(capsys, real_copy, ARTICLE, "--id", "out-q1")
    assert code == 1 and "leads outside the dataset" in out and "no actor" not in out, out


def test_migrate_refuses_a_folder_that_is_no_dataset(tmp_path: Path, capsys):
    for folder in (tmp_path / "nowhere", tmp_path):
        code, out = run(capsys, "migrate", "--dataset", str(folder))
        assert code == 2 and "is not a dataset folder" in out and "0 changed" not in out, out
