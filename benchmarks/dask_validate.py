"""`validate` of a dataset folder on a local Dask cluster of worker processes, for `run.py`.

    python benchmarks/dask_validate.py DATASET [--workers N]

Starts a `LocalCluster` (N worker processes, one thread each), validates with no cache
through `client.get_executor()`, prints the summary line and exits 0 when the dataset is
valid. The cluster's start-up is part of the time measured, as it is for a user.
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    from dask.distributed import Client, LocalCluster

    import landmine_news as ln

    with (
        LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        report = ln.validate(args.dataset, executor=client.get_executor(), cache=False)
    print(f"{'valid' if report.ok else 'INVALID'}: {len(report.errors)} errors")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
