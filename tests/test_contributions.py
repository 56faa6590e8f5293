"""A valid new article never fails CI: the real-dataset tests hold for any dataset, not for
today's two articles.

`tests/fixtures/contribution/` holds an article written for this test (no outlet's text),
curated as CONTRIBUTING.md asks, with two new actors, and a time printed with seconds. It is
added to a copy of the dataset, the release is rebuilt as a contributor would
(`landmine-news build`), and the tests that read the real dataset and its release run again
on the copy: they assert invariants, never counts or ids.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import BUILD, DATASET, ROOT, needs_sources, run_cli

FIXTURE = Path(__file__).parent / "fixtures" / "contribution"

REAL_DATASET_TESTS = [
    "tests/test_real_dataset.py",
    "tests/test_release_docs.py",
    "tests/test_release_csv_types.py",
    "tests/test_release_sqlite.py",
    "tests/test_coverage.py::test_real_articles_have_no_unreviewed_finding",
    "tests/test_build.py::test_committed_release_is_fresh",
    "tests/test_build.py::test_load_csv_equals_parquet_equals_working_dataset",
]


def _add_fixture(dataset: Path) -> None:
    """The fixture's files added to `dataset`, none replacing one there."""
    for path in FIXTURE.rglob("*"):
        if path.is_file():
            target = dataset / path.relative_to(FIXTURE)
            assert not target.exists(), f"the fixture must add, not replace: {target}"
            shutil.copyfile(path, target)


def _pytest_on(dataset: Path, release: Path, *tests: str) -> subprocess.CompletedProcess[str]:
    """pytest, in a fresh process, with the real-dataset tests pointed at `dataset` and `release`."""
    env = {**os.environ, "LANDMINE_NEWS_TEST_DATASET": str(dataset), "LANDMINE_NEWS_TEST_BUILD": str(release)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _contributed(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the dataset with the fixture's files added, and its release rebuilt."""
    dataset, release = tmp_path / "dataset", tmp_path / "build"
    shutil.copytree(ROOT / "dataset", dataset)  # the repository's own, whatever the tests are pointed at
    shutil.copytree(ROOT / "build", release)  # a previous release, which the build replaces
    _add_fixture(dataset)
    for args in (["validate", "--dataset", str(dataset)], ["build", "--dataset", str(dataset), "--out", str(release)]):
        done = run_cli(*args, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
    return dataset, release


@needs_sources
def test_the_real_dataset_tests_pass_with_a_new_contributed_article(tmp_path: Path):
    done = _pytest_on(*_contributed(tmp_path), *REAL_DATASET_TESTS)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and " failed" not in done.stdout


@needs_sources
def test_the_contributed_article_is_in_the_rebuilt_release_with_its_seconds(tmp_path: Path):
    import landmine_news as ln

    _, release = _contributed(tmp_path)
    ds = ln.load(release)
    article = ds.article("made-up-contribution")
    assert article.published_time == "07:14:13"
    assert {q.speaker for q in ds.quotes if q.article == article.id} == {"rustem-umerov", "made-up-demining-charities"}
    times = (release / "articles.csv").read_text(encoding="utf-8")
    assert "07:14:13" in times and ",21:00:00," in times  # one shape for every time of the column


@needs_sources
def test_a_stale_release_is_named_with_the_command_that_refreshes_it(tmp_path: Path):
    dataset, release = tmp_path / "dataset", tmp_path / "build"
    shutil.copytree(DATASET, dataset)
    shutil.copytree(BUILD, release)
    actor = dataset / "actors" / "united-states.yaml"
    text = actor.read_text(encoding="utf-8")
    assert "\nnotes: " in text
    actor.write_text(text.replace("\nnotes: ", "\nnotes: edited and not rebuilt. ", 1), encoding="utf-8")
    done = _pytest_on(dataset, release, "tests/test_build.py::test_committed_release_is_fresh")
    assert done.returncode == 1
    assert f"{release} is stale: run `landmine-news build`" in done.stdout


@needs_sources
def test_one_build_refreshes_the_release_and_every_document_the_data_feeds(tmp_path: Path):
    from .test_rule_rows import ROW

    checkout = tmp_path / "checkout"
    for name in ("dataset", "build", "docs"):
        shutil.copytree(ROOT / name, checkout / name)
    shutil.copyfile(ROOT / "CONTRIBUTING.md", checkout / "CONTRIBUTING.md")
    dataset, release = checkout / "dataset", checkout / "build"
    _add_fixture(dataset)
    (dataset / "figure_rules.toml").write_text(ROW, encoding="utf-8")
    check = ["build", "--dataset", str(dataset), "--out", str(release), "--check"]
    stale = run_cli(*check, timeout=300)
    assert stale.returncode == 1 and "run `landmine-news build" in stale.stdout
    done = run_cli("build", "--dataset", str(dataset), "--out", str(release), timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert {"codebook.md", "dataset-card.md", "CONTRIBUTING.md"} <= {
        Path(line.split()[-1]).name for line in done.stdout.splitlines() if line.startswith("refreshed ")
    }
    assert "`made-up-contribution`" in (checkout / "docs" / "dataset-card.md").read_text(encoding="utf-8")
    assert "`within-n-years` (added by the dataset)" in (checkout / "docs" / "codebook.md").read_text(encoding="utf-8")
    assert "within-n-years" in (checkout / "CONTRIBUTING.md").read_text(encoding="utf-8")
    fresh = run_cli(*check, timeout=300)
    assert fresh.returncode == 0, fresh.stdout
    again = run_cli("build", "--dataset", str(dataset), "--out", str(release), timeout=300)
    assert "refreshed" not in again.stdout  # nothing left to refresh
