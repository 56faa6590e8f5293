"""Measuring one command: wall time, rusage and the peak PSS of its process tree; helpers to report."""

from __future__ import annotations

import contextlib
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


# -- running one command ----------------------------------------------------------------------
@dataclass
class Run:
    wall: float
    rc: int
    max_rss_mib: float  # largest single process (wait4 rusage of the child and its waited-for children)
    tree_pss_mib: float | None  # peak sum over the process tree, sampled
    user: float
    sys: float
    stdout: str = field(default="", repr=False)
    stderr: str = field(default="", repr=False)


def _children(pid: int) -> list[int]:
    out = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out.extend(int(x) for x in fh.read().split())
        except OSError:
            pass
    return out


def _tree(pid: int) -> list[int]:
    seen, todo = [], [pid]
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(_children(p))
    return seen


def _pss_kib(pid: int) -> int:
    # Proportional set size where the kernel has it (shared pages split between processes),
    # else the resident set size.
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}") as fh:
                for line in fh:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            pass
    return 0


class TreeSampler(threading.Thread):
    """Samples the summed PSS of a process and its descendants until stopped."""

    def __init__(self, pid: int, interval: float = 0.02):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kib = 0
        self.enabled = os.path.exists(f"/proc/{pid}/smaps_rollup") or os.path.exists(f"/proc/{pid}/status")
        self._halt = threading.Event()

    def run(self) -> None:
        while self.enabled and not self._halt.is_set():
            total = sum(_pss_kib(p) for p in _tree(self.pid))
            self.peak_kib = max(self.peak_kib, total)
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()


@contextlib.contextmanager
def cache_folder(folder: Path) -> Iterator[Path]:
    """Give the commands run meanwhile this result cache (`LANDMINE_NEWS_CACHE_DIR`); the
    variable is put back as it was afterwards (a user's own setting included)."""
    before = os.environ.get("LANDMINE_NEWS_CACHE_DIR")
    os.environ["LANDMINE_NEWS_CACHE_DIR"] = str(folder)
    try:
        yield folder
    finally:
        if before is None:
            os.environ.pop("LANDMINE_NEWS_CACHE_DIR", None)
        else:
            os.environ["LANDMINE_NEWS_CACHE_DIR"] = before


def warm_files(folder: Path) -> int:
    """Read every file under `folder` once, so a first timed run does not time the disk.

    The reference reads a release that was written just before it, so it finds its files
    in the page cache: reading the dataset first puts both tools on the same footing.
    Returns how many bytes were read.
    """
    total = 0
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            total += len(path.read_bytes())
    return total


def run_once(cmd: list[str], cwd: Path | None = None, sample: bool = True) -> Run:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        sampler = TreeSampler(proc.pid) if sample and sys.platform.startswith("linux") else None
        if sampler:
            sampler.start()
        # wait4, not proc.wait(): it hands back this child's own rusage (ru_maxrss).
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if sampler:
            sampler.stop()
            sampler.join()
        out.seek(0)
        err.seek(0)
        maxrss_kib = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024
        return Run(
            wall,
            proc.returncode,
            maxrss_kib / 1024,
            sampler.peak_kib / 1024 if sampler and sampler.peak_kib else None,
            usage.ru_utime,
            usage.ru_stime,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


@dataclass
class Step:
    name: str
    cmd: list[str]
    runs: list[Run] = field(default_factory=list)
    """Timed runs, not sampled (`run_once(sample=False)`)."""
    records: int | None = None
    memory_runs: list[Run] = field(default_factory=list)
    """Runs sampled for peak memory only: the sampler reads every process's `smaps_rollup`
    every 20 ms, which walks its page tables under its memory lock, so a sampled run is
    slower (measured: 84.4 s against 68.4 s for a cold validate of the 4x set) and its time
    is never reported."""

    def timed(self, cwd: Path | None = None) -> Run:
        """Run the command once, unsampled; check its exit code and keep it among the timed runs."""
        run = run_once(self.cmd, cwd=cwd, sample=False)
        check_rc(self, run)
        self.runs.append(run)
        return run

    def sampled(self, cwd: Path | None = None) -> Run:
        """Run the command once with the memory sampler; check it and keep it for its memory only."""
        run = run_once(self.cmd, cwd=cwd, sample=True)
        check_rc(self, run)
        self.memory_runs.append(run)
        return run

    @property
    def walls(self) -> list[float]:
        return [r.wall for r in self.runs]

    @property
    def median(self) -> float:
        return statistics.median(self.walls)

    def summary(self) -> dict:
        pss = [r.tree_pss_mib for r in self.memory_runs + self.runs if r.tree_pss_mib is not None]
        return {
            "command": " ".join(self.cmd),
            "runs": len(self.runs),
            "median_s": round(self.median, 4),
            "min_s": round(min(self.walls), 4),
            "max_s": round(max(self.walls), 4),
            "walls_s": [round(w, 4) for w in self.walls],
            "user_s_median": round(statistics.median(r.user for r in self.runs), 3),
            "sys_s_median": round(statistics.median(r.sys for r in self.runs), 3),
            "max_rss_mib": round(max(r.max_rss_mib for r in self.runs + self.memory_runs), 1),
            "peak_tree_pss_mib": round(max(pss), 1) if pss else None,
            "memory_runs": len(self.memory_runs),
            "records": self.records,
            "records_per_s": round(self.records / self.median) if self.records else None,
            "exit_codes": sorted({r.rc for r in self.runs}),
        }


def check_rc(step: Step, run: Run, ok: tuple[int, ...] = (0,)) -> None:
    if run.rc not in ok:
        sys.stderr.write(
            f"\n{step.name} failed with exit code {run.rc}: {' '.join(step.cmd)}\n"
            f"--- stdout ---\n{run.stdout[-4000:]}\n--- stderr ---\n{run.stderr[-4000:]}\n"
        )
        raise SystemExit(2)


# -- finding the tools ----------------------------------------------------------------------
def tool(script: str, module: str) -> list[str]:
    bindir = Path(sys.executable).parent
    for name in (script, f"{script}.exe"):
        candidate = bindir / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    return [sys.executable, "-m", module]


def compile_package(name: str = "landmine_news") -> dict:
    """Byte-compile the package under test where Python looks for its bytecode.

    A wheel installed by pip carries compiled modules. An editable install writes them on
    first import, unless `PYTHONDONTWRITEBYTECODE` is set (as on some CI and sandbox
    machines): then every run compiles every module of the package again, ~0.2 s that no
    installed copy pays. Compiling once here times what a user's install runs.
    """
    import compileall
    import importlib.util

    spec = importlib.util.find_spec(name)
    folders = list(spec.submodule_search_locations or []) if spec else []
    ok = all(compileall.compile_dir(folder, quiet=1) for folder in folders)
    return {
        "package": name,
        "folders": folders,
        "compiled": ok,
        "PYTHONDONTWRITEBYTECODE": bool(os.environ.get("PYTHONDONTWRITEBYTECODE")),
    }


def versions() -> dict:
    from importlib import metadata

    out = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}
    for dist in ("landmine-news", "pydantic", "pydantic-core", "PyYAML", "pyarrow", "frictionless"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = None
    return out


_RECORDS = re.compile(r"in ([\d,]+) files, ([\d,]+) records")


def count_records(text: str) -> int | None:
    m = _RECORDS.search(text)
    return int(m.group(2).replace(",", "")) if m else None


# -- the benchmark --------------------------------------------------------------------------
def fmt_s(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def fmt_mib(x: float | None) -> str:
    return "-" if x is None else f"{x:,.0f}"


def table(rows: list[list[str]], headers: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=False)), line]
    for r in rows:
        out.append("  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=False))))
    return "\n".join(out)
