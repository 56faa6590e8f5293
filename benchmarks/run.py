#!/usr/bin/env python3
"""Time `landmine-news validate` and `build` against `frictionless validate`, on the same data.

    python benchmarks/generate.py --small && python benchmarks/run.py --small
    python benchmarks/generate.py         && python benchmarks/run.py --repeat 3 --json benchmarks/out/full.json

Each command runs as its own process (whole-process wall time, start-up and imports
included), `--repeat` times, interleaved (validate, build, frictionless, validate, ...) so
drift on the machine affects all three alike. Each validate starts with an empty result
cache (its own, in `--out`), so it is a first run; the build after it finds the cache full.
For each it reports the median / min / max wall time, records per second, and two memory
figures:

* max RSS: the largest resident set of any single process of the run (the command or one of
  its workers), from `os.wait4`'s rusage of that child;
* peak tree PSS: the largest total, over the command and all its worker processes at the
  same moment, of their proportional set size (shared pages split between the processes
  sharing them), sampled from /proc every 20 ms (Linux only; "-" elsewhere). This is the
  figure to hold against a memory budget when validation runs in parallel workers. The
  sampler reads each process's page tables under its memory lock, which slows the run
  (10 to 25% measured), so memory comes from one extra run of each command, sampled,
  and times from the runs that are not.

Before the first run, every file of the synthetic set is read once (`measure.warm_files`):
frictionless reads a release written just before it, from the page cache, and so does
validate then.

It then times the everyday case, `landmine-news validate` on the real `dataset/`, against
`python -c pass` (and `landmine-news --version`, which is start-up alone).

Before timing anything it byte-compiles the package (`measure.compile_package`): an
installed wheel carries its bytecode, and an editable install under
`PYTHONDONTWRITEBYTECODE` would otherwise compile every module on every run.

The executables are looked up next to `sys.executable` (the same venv), falling back to
`python -m landmine_news` / `python -m frictionless`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from measure import (
    Step,
    cache_folder,
    compile_package,
    count_records,
    fmt_mib,
    fmt_s,
    run_once,
    table,
    tool,
    versions,
    warm_files,
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_DATASET = HERE / "data" / "synthetic"
DEFAULT_SMALL_DATASET = HERE / "data" / "synthetic-small"
DEFAULT_OUT = HERE / "out"

TARGETS = {
    "validate_vs_frictionless": 0.75,  # cold validate at most 0.75x frictionless validate's time (#29)
    "validate_plus_build_s": 15.0,  # validate + build wall time on the full synthetic set
    "peak_mib": 600.0,  # peak memory of a cold build at 4x (#29; 400 at 1x)
    "everyday_s": 0.15,  # validate on the real dataset, warm cache (#24; empty cache: 0.5)
}


def bench_synthetic(args: argparse.Namespace, ln: list[str], fl: list[str]) -> dict:
    dataset = args.dataset.resolve()
    release = (args.out / ("release-small" if args.small else "release")).resolve()
    workers = ["--workers", str(args.workers)] if args.workers is not None else []
    validate = Step("validate", [*ln, "validate", "--dataset", str(dataset), *workers])
    build = Step("build", [*ln, "build", "--dataset", str(dataset), "--out", str(release), *workers])
    fric = Step("frictionless", [*fl, "validate", str(release / "datapackage.json")])
    steps = [validate, build] + ([] if args.no_frictionless else [fric])

    with cache_folder((args.out / ("cache-small" if args.small else "cache")).resolve()) as cache:
        print(f"synthetic dataset {dataset}: reading it once ({warm_files(dataset) / 2**20:,.0f} MiB)", file=sys.stderr)
        for i in range(args.repeat):
            for step in steps:
                print(f"  run {i + 1}/{args.repeat}: {step.name} ...", end="", flush=True, file=sys.stderr)
                if step is validate:
                    shutil.rmtree(cache, ignore_errors=True)
                run = step.timed(REPO)
                print(f" {run.wall:.2f} s", file=sys.stderr)
                if step is validate and validate.records is None:
                    validate.records = count_records(run.stdout + run.stderr)
        for step in steps:  # once more each, sampled for memory only (sampling slows a run)
            if step is validate:
                shutil.rmtree(cache, ignore_errors=True)
            step.sampled(REPO)
    records = validate.records
    build.records = fric.records = records

    result: dict = {
        "dataset": str(dataset),
        "release": str(release),
        "records": records,
        "steps": {s.name: s.summary() for s in steps},
    }
    gen = dataset / "GENERATED.json"
    if gen.exists():
        result["generated"] = json.loads(gen.read_text(encoding="utf-8"))
    a, b = validate.median, build.median
    result["validate_plus_build_s"] = round(a + b, 3)
    if fric.runs:
        c = fric.median
        result["ratio_validate_over_frictionless"] = round(a / c, 3)
        result["ratio_validate_plus_build_over_frictionless"] = round((a + b) / c, 3)
    return result


def bench_everyday(args: argparse.Namespace, ln: list[str]) -> dict:
    real = args.real_dataset.resolve()
    steps = [
        Step("python -c pass", [sys.executable, "-c", "pass"]),
        Step("landmine-news --version", [*ln, "--version"]),
        Step("landmine-news validate (real dataset)", [*ln, "validate", "--dataset", str(real)]),
    ]
    print(f"everyday: real dataset {real}, {args.everyday_repeat} runs each, warm cache", file=sys.stderr)
    run_once(steps[2].cmd, cwd=REPO, sample=False)  # warms the result cache: the everyday case
    for _ in range(args.everyday_repeat):
        for step in steps:
            step.timed(REPO)
    steps[2].records = count_records(steps[2].runs[0].stdout + steps[2].runs[0].stderr)
    base, validate = steps[0].median, steps[2].median
    return {
        "dataset": str(real),
        "steps": {s.name: s.summary() for s in steps},
        "validate_s": round(validate, 4),
        "python_startup_s": round(base, 4),
        "validate_minus_startup_s": round(validate - base, 4),
    }


def report(result: dict) -> str:
    out = []
    syn = result.get("synthetic")
    if syn:
        gen = syn.get("generated") or {}
        what = (
            f"{gen['articles']:,} articles, {gen['quotes']:,} quotes, {gen['figures']:,} figures, {gen['actors']:,} actors"
            if gen
            else f"{syn['records']} records"
        )
        out.append(f"Synthetic dataset: {what} ({syn['records']:,} records), {result['env']['cpus']} CPUs")
        rows = []
        for name, s in syn["steps"].items():
            rows.append(
                [
                    name,
                    fmt_s(s["median_s"]),
                    fmt_s(s["min_s"]),
                    fmt_s(s["max_s"]),
                    str(s["runs"]),
                    f"{s['records_per_s']:,}" if s["records_per_s"] else "-",
                    fmt_mib(s["max_rss_mib"]),
                    fmt_mib(s["peak_tree_pss_mib"]),
                ]
            )
        out.append(table(rows, ["step", "median s", "min s", "max s", "runs", "records/s", "max RSS MiB", "peak tree PSS MiB"]))
        out.append("")
        t = TARGETS
        lines = [
            f"validate + build          {syn['validate_plus_build_s']:.2f} s   (target <= {t['validate_plus_build_s']:.0f} s)"
        ]
        if "ratio_validate_over_frictionless" in syn:
            lines.append(
                f"validate / frictionless   {syn['ratio_validate_over_frictionless']:.2f}     (target <= {t['validate_vs_frictionless']})"
            )
            lines.append(f"(validate+build) / fric.  {syn['ratio_validate_plus_build_over_frictionless']:.2f}")
        for name in ("validate", "build"):
            s = syn["steps"][name]
            peak = s["peak_tree_pss_mib"] if s["peak_tree_pss_mib"] is not None else s["max_rss_mib"]
            lines.append(
                f"peak memory {name:<13} {peak:,.0f} MiB (target < {t['peak_mib']:.0f} MiB; largest process {s['max_rss_mib']:,.0f} MiB)"
            )
        out.extend(lines)
        out.append("")
    day = result.get("everyday")
    if day:
        out.append(f"Everyday: {day['dataset']}")
        rows = [
            [name, fmt_s(s["median_s"]), fmt_s(s["min_s"]), fmt_s(s["max_s"]), str(s["runs"]), fmt_mib(s["max_rss_mib"])]
            for name, s in day["steps"].items()
        ]
        out.append(table(rows, ["command", "median s", "min s", "max s", "runs", "max RSS MiB"]))
        out.append(
            f"validate on the real dataset {day['validate_s']:.3f} s (target < {TARGETS['everyday_s']} s); "
            f"{day['validate_minus_startup_s']:.3f} s above bare `python -c pass`"
        )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--dataset",
        type=Path,
        default=None,
        help="synthetic dataset (default benchmarks/data/synthetic, or synthetic-small with --small)",
    )
    ap.add_argument("--small", action="store_true", help="use the --small generated dataset")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where releases are built (default benchmarks/out)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each synthetic step (default 3)")
    ap.add_argument("--workers", type=int, default=None, help="pass --workers N to landmine-news (default: its own choice)")
    ap.add_argument("--no-frictionless", action="store_true", help="skip the frictionless reference")
    ap.add_argument(
        "--real-dataset", type=Path, default=REPO / "dataset", help="dataset for the everyday timing (default dataset/)"
    )
    ap.add_argument("--everyday-repeat", type=int, default=10, help="runs of each everyday command (default 10)")
    ap.add_argument("--skip-synthetic", action="store_true")
    ap.add_argument("--skip-everyday", action="store_true")
    ap.add_argument(
        "--scale", type=int, default=None, metavar="N", help="time the 1x, 2x and 4x sets up to N (see benchmarks/scaled.py)"
    )
    ap.add_argument("--repeat-large", type=int, default=1, help="runs of each step on the 2x and 4x sets (default 1)")
    ap.add_argument("--json", type=Path, default=None, help="also write the results as JSON to this file")
    args = ap.parse_args(argv)
    if args.dataset is None:
        args.dataset = DEFAULT_SMALL_DATASET if args.small else DEFAULT_DATASET
    if args.repeat < 1 or args.everyday_repeat < 1:
        ap.error("--repeat and --everyday-repeat must be at least 1")

    ln = tool("landmine-news", "landmine_news")
    fl = tool("frictionless", "frictionless")
    result: dict = {
        "env": versions(),
        "bytecode": compile_package(),
        "landmine_news_cmd": ln,
        "frictionless_cmd": fl,
        "targets": TARGETS,
    }
    if args.scale is not None:
        from scaled import bench_scaled

        result["scaled"] = bench_scaled(args, ln, fl)
    elif not args.skip_synthetic:
        if not (args.dataset / "articles").is_dir():
            ap.error(
                f"{args.dataset} is not a dataset: run `python benchmarks/generate.py{' --small' if args.small else ''}` first"
            )
        args.out.mkdir(parents=True, exist_ok=True)
        result["synthetic"] = bench_synthetic(args, ln, fl)
    if not args.skip_everyday:
        result["everyday"] = bench_everyday(args, ln)
    text = report(result)
    if "scaled" in result:
        from scaled import report_scaled

        text = report_scaled(result["scaled"]) + "\n" + text
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
