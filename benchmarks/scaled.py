"""`run.py --scale N`: the 1x, 2x and 4x synthetic sets, cold and incremental, against frictionless.

For each scale (1, 2, 4 up to N) the set is generated once (`generate.py --scale`) into
`benchmarks/data/synthetic[-xS]`, with its own result cache in `benchmarks/out/cache-xS`
(`LANDMINE_NEWS_CACHE_DIR`). Each repeat runs, as separate processes:

* validate, cold: the cache cleared first (entries are written, as a first run does);
* build right after that validate (what CI runs after validate: the cache holds every file);
* build, cold: the cache cleared first;
* `frictionless validate` of the built `datapackage.json` (the reference);
* on the 1x set only: validate with `--no-cache` (what the cache costs a cold run);
* on the 1x set only: one article file touched (a comment line appended, so its bytes
  change and its entry misses, but no row or cross-record fact does), then validate;
  touched again, then build; then one figure's `measures` text edited (a row changes, so
  the release must be written again, but no fact the cross-record checks read), then
  validate, edited again, then build; and validate again with nothing changed (warm).
  The article is restored afterwards.

Before the first run of a set, every file of it is read once (`measure.warm_files`): the
reference reads a release just written, so both tools find their input in the page cache.
Timed runs are not sampled for memory. After the timed repeats, validate (cold), build after
validate and build (cold) run once more each with the memory sampler, for their peak PSS
only: sampling slows a run by 10 to 25% (`measure.Step.memory_runs`).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from measure import Step, cache_folder, count_records, fmt_mib, fmt_s, table, warm_files

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ARTICLES_1X = 10_000


def dataset_for(scale: int) -> Path:
    return HERE / "data" / ("synthetic" if scale == 1 else f"synthetic-x{scale}")


def ensure_generated(scale: int) -> dict:
    """Generate the set of this scale unless a generator-made one with the right counts is there."""
    folder = dataset_for(scale)
    marker = folder / "GENERATED.json"
    if marker.exists():
        info = json.loads(marker.read_text(encoding="utf-8"))
        if info.get("articles") == ARTICLES_1X * scale:
            return dict(info)
    print(f"generating the {scale}x set into {folder} ...", file=sys.stderr)
    cmd = [sys.executable, str(HERE / "generate.py"), "--scale", str(scale), "--out", str(folder), "--quiet"]
    subprocess.run(cmd, check=True)
    return dict(json.loads(marker.read_text(encoding="utf-8")))


def _timed(step: Step) -> None:
    run = step.timed(REPO)
    if step.records is None:
        step.records = count_records(run.stdout + run.stderr)
    print(f"    {step.name}: {run.wall:.2f} s", file=sys.stderr)


def _sampled(step: Step) -> None:
    run = step.sampled(REPO)
    print(f"    {step.name} (memory only): {run.tree_pss_mib or run.max_rss_mib:,.0f} MiB", file=sys.stderr)


def bench_scale(scale: int, repeat: int, ln: list[str], fl: list[str], out: Path) -> dict:
    dataset, release = dataset_for(scale), (out / f"release-x{scale}").resolve()
    cache = (out / f"cache-x{scale}").resolve()
    d = ["--dataset", str(dataset)]
    validate = Step("validate, cold cache", [*ln, "validate", *d])
    uncached = Step("validate --no-cache", [*ln, "validate", "--no-cache", *d])
    after = Step("build after validate", [*ln, "build", *d, "--out", str(release)])
    build = Step("build, cold cache", [*ln, "build", *d, "--out", str(release)])
    fric = Step("frictionless validate", [*fl, "validate", str(release / "datapackage.json")])
    touched_v = Step("validate, 1 article touched", [*ln, "validate", *d])
    touched_b = Step("build, 1 article touched", [*ln, "build", *d, "--out", str(release)])
    edited_v = Step("validate, 1 figure edited", [*ln, "validate", *d])
    edited_b = Step("build, 1 figure edited", [*ln, "build", *d, "--out", str(release)])
    warm = Step("validate, warm cache", [*ln, "validate", *d])
    dask = Step(
        "validate --no-cache, Dask LocalCluster of 2 processes",
        [sys.executable, str(REPO / "benchmarks" / "dask_validate.py"), str(dataset)],
    )
    incremental = [uncached, touched_v, touched_b, edited_v, edited_b, warm] + ([dask] if _have_dask() else [])
    steps = [validate, after, build, fric] + (incremental if scale == 1 else [])
    article = sorted((dataset / "articles").glob("*.yaml"))[len(list((dataset / "articles").iterdir())) // 2]
    original = article.read_bytes()
    print(f"  {scale}x: reading the set once ({warm_files(dataset) / 2**20:,.0f} MiB)", file=sys.stderr)
    with cache_folder(cache):
        try:
            for i in range(repeat):
                print(f"  {scale}x, run {i + 1}/{repeat}", file=sys.stderr)
                for step in steps:
                    if step in (validate, build):
                        shutil.rmtree(cache, ignore_errors=True)
                    if step in (touched_v, touched_b):
                        with open(article, "ab") as fh:
                            fh.write(f"# touched by benchmarks/run.py ({step.name}, run {i})\n".encode())
                    if step in (edited_v, edited_b):
                        text = article.read_text(encoding="utf-8")
                        article.write_text(
                            text.replace('measures: "', f'measures: "edited ({step.name}, run {i}) ', 1), encoding="utf-8"
                        )
                    _timed(step)
            article.write_bytes(original)  # the memory runs measure the set as generated
            print(f"  {scale}x, memory", file=sys.stderr)
            for step in (validate, after, build):
                if step is not after:
                    shutil.rmtree(cache, ignore_errors=True)
                _sampled(step)
        finally:
            article.write_bytes(original)
    summary = {s.name: s.summary() for s in steps}
    f = fric.median
    ratios = {"ratio_dask_over_pool": round(dask.median / uncached.median, 3)} if dask in steps else {}
    return {
        "scale": scale,
        "records": validate.records,
        "steps": summary,
        "ratio_validate_over_frictionless": round(validate.median / f, 3),
        "ratio_validate_plus_build_over_frictionless": round((validate.median + after.median) / f, 3),
        "ratio_cold_build_over_frictionless": round(build.median / f, 3),
        **ratios,
    }


def _have_dask() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def bench_scaled(args: argparse.Namespace, ln: list[str], fl: list[str]) -> dict:
    scales = [s for s in (1, 2, 4) if s <= args.scale]
    generated = {s: ensure_generated(s) for s in scales}
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for s in scales:
        repeat = args.repeat if s == 1 else args.repeat_large
        results.append({**bench_scale(s, repeat, ln, fl, args.out), "generated": generated[s]})
    return {"scales": results}


def _peak(step: dict) -> float:
    return float(step["peak_tree_pss_mib"] if step["peak_tree_pss_mib"] is not None else step["max_rss_mib"])


def report_scaled(result: dict) -> str:
    rows = []
    for r in result["scales"]:
        st = r["steps"]
        rows.append(
            [
                f"{r['scale']}x",
                f"{r['records']:,}",
                f"{fmt_s(st['validate, cold cache']['median_s'])} ({st['validate, cold cache']['runs']})",
                fmt_s(st["build after validate"]["median_s"]),
                fmt_s(st["build, cold cache"]["median_s"]),
                fmt_s(st["frictionless validate"]["median_s"]),
                f"{r['ratio_validate_over_frictionless']:.2f}",
                f"{r['ratio_validate_plus_build_over_frictionless']:.2f}",
                fmt_mib(_peak(st["validate, cold cache"])),
                fmt_mib(_peak(st["build, cold cache"])),
            ]
        )
    headers = ["set", "records", "validate s (runs)", "build after", "build cold", "frictionless", "v/fric",
               "(v+b)/fric", "validate MiB", "build MiB"]  # fmt: skip
    out = [table(rows, headers), ""]
    one = next((r for r in result["scales"] if r["scale"] == 1), None)
    if one:
        st = one["steps"]
        for name in (
            "validate --no-cache",
            "validate, 1 article touched",
            "build, 1 article touched",
            "validate, 1 figure edited",
            "build, 1 figure edited",
            "validate, warm cache",
            "validate --no-cache, Dask LocalCluster of 2 processes",
        ):
            if name not in st:
                continue
            largest = fmt_mib(st[name]["max_rss_mib"])
            out.append(f"1x {name:<28} median {fmt_s(st[name]['median_s'])} s  largest process {largest} MiB")
        if "ratio_dask_over_pool" in one:
            out.append(f"1x Dask LocalCluster over the process pool: {one['ratio_dask_over_pool']:.2f}x (target <= 1.3x)")
    return "\n".join(out) + "\n"
