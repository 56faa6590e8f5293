"""How fast a cold validate could be if the cue finding and the YAML reading cost nothing.

Times the per-file check (`checks.worker.check_file_entry`, what a worker runs for each
file of a cold validate) in this one process, in CPU seconds, twice over the same article
files: as it is, and with `coverage.find_cues` and the YAML reader (`record_file.parse`)
answering from results kept from a first pass. The second figure is the cost of
everything else a worker does for an article file; spread over two cores, it gives a
lower bound on a cold validate's wall time if only those two parts were made native.

The kept YAML values are reused, so the quotes' computed offsets written into them by
the first pass are there on the next: they equal the computed ones, and the same checks
run. Run from the project folder, with the benchmark set generated:

    python benchmarks/floor.py [--dataset benchmarks/data/synthetic] [--files 2000]
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from landmine_news.checks import coverage, record_file, worker


def cpu_ms_per_file(files: list[Path], kind: str, folder: str, sources: Path, repeat: int) -> float:
    """The best of `repeat` passes, in CPU milliseconds per file."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for path in files:
            worker.check_file_entry(path, f"{folder}/{path.name}", kind, sources, b"k" * 32, "x", True)  # type: ignore[arg-type]
        best = min(best, time.process_time() - start)
    return best / len(files) * 1e3


def kept(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, answering a call it has seen before from the result it gave then."""
    results: dict[tuple[Any, ...], Any] = {}

    def answer(*args: Any) -> Any:
        if args not in results:
            results[args] = function(*args)
        return results[args]

    return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", type=Path, default=Path("benchmarks/data/synthetic"))
    parser.add_argument("--files", type=int, default=2000, help="article and actor files timed (default 2000 each)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    articles_all = sorted((args.dataset / "articles").glob("*.yaml"))
    actors_all = sorted((args.dataset / "actors").glob("*.yaml"))
    articles, actors, sources = articles_all[: args.files], actors_all[: args.files], args.dataset / "sources"
    gc.disable()  # as in a worker between files, the collector's pauses are not what is measured
    cpu_ms_per_file(articles[:50], "article", "articles", sources, 1)  # imports, first-use caches
    article_ms = cpu_ms_per_file(articles, "article", "articles", sources, args.repeat)
    actor_ms = cpu_ms_per_file(actors, "actor", "actors", sources, args.repeat)
    coverage.find_cues = kept(coverage.find_cues)  # type: ignore[assignment]
    record_file.parse = kept(record_file.parse)  # type: ignore[assignment]
    cpu_ms_per_file(articles, "article", "articles", sources, 1)  # fills what is kept
    rest_ms = cpu_ms_per_file(articles, "article", "articles", sources, args.repeat)
    print(f"{len(articles)} article files, {len(actors)} actor files of {args.dataset}, best of {args.repeat}, CPU per file:")
    print(f"  article file, as it is:                         {article_ms:.2f} ms")
    print(f"  article file, cue finding and YAML reading free: {rest_ms:.2f} ms")
    print(f"  actor file:                                     {actor_ms:.2f} ms")
    print(f"The whole set ({len(articles_all):,} article files, {len(actors_all):,} actor files), workers only, on 2 cores:")
    for name, per in (("as it is", article_ms), ("cue finding and YAML reading free", rest_ms)):
        cpu = (len(articles_all) * per + len(actors_all) * actor_ms) / 1e3
        print(f"  {name}: {cpu:.1f} s of CPU, so at least {cpu / 2:.1f} s wall")


if __name__ == "__main__":
    main()
