"""The per-file map on any `concurrent.futures.Executor`: here a local Dask cluster."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from landmine_news.checks.engine.validation import validate
from landmine_news.checks.report.render import as_json
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


def test_a_local_cluster_of_worker_processes_checks_the_files_with_identical_results(tiny: Path):
    distributed = pytest.importorskip("distributed")
    (tiny / "articles" / "tiny-article.yaml").write_text(
        (tiny / "articles" / "tiny-article.yaml").read_text(encoding="utf-8") + "unknown_field: 1\n", encoding="utf-8"
    )
    local = validate(tiny, workers=1, cache=False)
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        with distributed.get_task_stream(client) as stream:
            on_cluster = validate(tiny, executor=client.get_executor(), cache=False)
        ran_in = {task["worker"] for task in stream.data}
        workers = set(client.scheduler_info()["workers"])
    assert as_json(on_cluster) == as_json(local) and not on_cluster.ok
    # The files were checked in the cluster's worker processes, not in this one: nothing
    # reached them but the pickled tasks, each carrying its files' bytes.
    assert stream.data and ran_in <= workers


def _collector_state(_: int) -> bool:
    import gc

    return gc.isenabled()


def test_worker_processes_collect_garbage_though_the_parent_paused_its_collector():
    # Forked workers inherit the parent's paused collector; left so, they grew with every file.
    from landmine_news.checks.engine.pool import MAX_BATCH, gc_paused, map_files

    jobs = [(i,) for i in range(4 * MAX_BATCH)]
    with gc_paused():
        states = list(map_files(_collector_state, jobs, len(jobs), workers=2))
    assert states == [True] * len(jobs)


def _pid(_: int) -> int:
    import os

    return os.getpid()


def test_ready_results_keep_their_place_among_checked_ones():
    from landmine_news.checks.engine.pool import map_files

    items: list[object] = [(1,) if i % 3 else f"ready {i}" for i in range(500)]
    done = list(map_files(_pid, items, len(items), workers=2))
    assert [d for d in done if isinstance(d, str)] == [f"ready {i}" for i in range(0, 500, 3)]
    assert [i for i, d in enumerate(done) if isinstance(d, str)] == list(range(0, 500, 3))
    # Worker processes did the checks (how the batches fell between the two depends on the load).
    pids = {d for d in done if isinstance(d, int)}
    assert pids and os.getpid() not in pids and len(pids) <= 2


def _wait_for_ever() -> None:
    import time

    time.sleep(3600)


def test_workers_end_when_their_parent_is_killed(tmp_path: Path):
    import os
    import signal
    import subprocess
    import sys
    import time

    if not hasattr(signal, "SIGKILL") or not Path("/proc/self/stat").exists():
        pytest.skip("needs SIGKILL and /proc to find and watch the workers")
    script = (
        "import os, sys\n"
        "from tests.test_executor import _wait_for_ever\n"
        "from landmine_news.checks.engine.pool import map_files\n"
        "jobs = [() for _ in range(4)]\n"
        "for _ in map_files(_wait_for_ever, jobs, len(jobs), workers=2): pass\n"
    )
    root = Path(__file__).resolve().parents[1]
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=root, stdout=subprocess.PIPE)
    time.sleep(3)  # the pool has started and its workers are waiting
    children = _children(parent.pid)
    assert len(children) >= 2
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(c) for c in children):
        time.sleep(0.2)
    assert not any(_alive(c) for c in children)
    assert parent.stdout is not None and parent.stdout.read() == b""  # nothing holds the pipe open


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(stat[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return stat[0] != "Z"
