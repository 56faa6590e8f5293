"""The per-file map on any `concurrent.futures.Executor`: here a local Dask cluster."""

from __future__ import annotations

from pathlib import Path

import pytest

from landmine_news.checks.report_render import as_json
from landmine_news.checks.validation import validate
from landmine_news.release.writer import build

from .conftest import HAVE_SOURCES


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.skipif(not HAVE_SOURCES, reason="the publishers' source texts are not in this copy")
def test_dask_runs_the_per_file_checks_with_identical_results(real_copy: Path, tmp_path: Path):
    distributed = pytest.importorskip("distributed")
    article = next((real_copy / "articles").glob("*.yaml"))
    article.write_text(article.read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8")
    local = validate(real_copy, workers=1, cache=False)
    assert not local.ok
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None) as client:
        executor = client.get_executor()
        assert as_json(validate(real_copy, executor=executor, cache=False)) == as_json(local)
        assert as_json(validate(real_copy, executor=executor)) == as_json(local)  # results go into the cache
        article.write_text(article.read_text(encoding="utf-8").replace("unknown_field: 1\n", ""), encoding="utf-8")
        on_dask = build(real_copy, tmp_path / "dask", executor=executor, cache=False)
    assert on_dask.report.ok
    assert build(real_copy, tmp_path / "local", workers=1, cache=False).report.ok
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")


def _collector_state(_: int) -> bool:
    import gc

    return gc.isenabled()


def test_worker_processes_collect_garbage_though_the_parent_paused_its_collector():
    # Forked workers inherit the parent's paused collector; left so, they grew with every file.
    from landmine_news.checks.parallel import MAX_CHUNK, gc_paused, map_files

    with gc_paused():
        states = list(map_files(_collector_state, [(i,) for i in range(4 * MAX_CHUNK)], workers=2))
    assert states == [True] * (4 * MAX_CHUNK)
