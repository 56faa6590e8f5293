"""A wheel built from the repository carries the release: load() works outside the repo."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile

from .conftest import ROOT


def test_wheel_ships_the_release_and_loads_it_elsewhere(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        timeout=300,
    )
    [wheel] = dist.glob("landmine_news-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for table in ("articles", "quotes", "actors", "figures"):
        assert f"landmine_news/data/release/{table}.parquet" in names
    assert "landmine_news/data/release/datapackage.json" in names
    assert "landmine_news/py.typed" in names
    assert {"landmine_news/data/CITATION.cff", "landmine_news/data/LICENSE-DATA.md"} <= names
    # The dataset card and the change log, for builds from an installed package and in its release.
    assert {"landmine_news/data/dataset-card.md", "landmine_news/data/CHANGELOG.md"} <= names
    assert {"landmine_news/data/release/dataset-card.md", "landmine_news/data/release/CHANGELOG.md"} <= names
    assert "landmine_news/data/release/landmine-news.sqlite" in names
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    # frictionless is an extra, never pulled by a plain install.
    assert all("extra ==" in line for line in requires if "frictionless" in line), requires
    assert "License-Expression: MIT AND CC-BY-4.0" in metadata
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(target), str(wheel)],
        check=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The installed copy must win over the editable one, and nothing may come from the repo.
    script = (
        f"import sys; sys.path.insert(0, {str(target)!r}); import landmine_news as ln; "
        "ds = ln.load(); "
        f"assert ln.__file__.startswith({str(target)!r}), ln.__file__; "
        f"assert {str(ROOT)!r} not in str(ln.release.reader.default_release()); "
        f"from landmine_news.release.citation import shipped_file; assert {str(ROOT)!r} not in str(shipped_file('CITATION.cff')); "
        "assert ln.citation().startswith('@misc'); "
        "print(len(ds.quotes), ds.quotes[0].id)"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=elsewhere, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    count, first = proc.stdout.split()
    assert int(count) > 0 and first


def test_sdist_carries_no_source_text_but_docs_and_ci(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        timeout=300,
        capture_output=True,
    )
    [sdist] = tmp_path.glob("landmine_news-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = [n.split("/", 1)[1] for n in archive.getnames() if "/" in n]
    assert not [n for n in names if n.startswith("dataset/sources/") and n.endswith(".txt")]
    assert "dataset/articles/biden-landmine-policy-scrutiny-2024-11-20.yaml" in names
    assert {"docs/architecture.md", ".ci/run", "build/datapackage.json", "tests/conftest.py"} <= set(names)
