"""Prints distributed/benchmark.sh's table from its results.tsv, the job's figures JSON (stage
seconds, peak memory by process) and Spark's event log (shuffle bytes written per stage)."""

import collections
import glob
import json
import os
import subprocess
import sys


def shuffle_by_stage(events_dir: str) -> dict:
    """Shuffle bytes written, summed over tasks, per job description (the job's stage name)."""
    stage_description = {}
    written = collections.Counter()
    for path in sorted(glob.glob(os.path.join(events_dir, "**", "*"), recursive=True)):
        name = os.path.basename(path)
        if os.path.isdir(path) or name.startswith(".") or name.startswith("appstatus"):
            continue
        if path.endswith(".zstd"):  # Spark 4 compresses its event log with zstd by default
            text = subprocess.run(["zstd", "-dc", path], check=True, capture_output=True, text=True).stdout
        else:
            with open(path) as handle:
                text = handle.read()
        for line in text.splitlines():
            if line:
                event = json.loads(line)
                kind = event.get("Event")
                if kind == "SparkListenerJobStart":
                    description = (event.get("Properties") or {}).get("spark.job.description", "?")
                    for stage in event.get("Stage IDs", []):
                        stage_description[stage] = description
                elif kind == "SparkListenerTaskEnd":
                    metrics = (event.get("Task Metrics") or {}).get("Shuffle Write Metrics") or {}
                    written[event.get("Stage ID")] += metrics.get("Shuffle Bytes Written", 0)
    totals = collections.Counter()
    for stage, size in written.items():
        totals[stage_description.get(stage, "?")] += size
    return totals


def mib(value) -> str:
    return f"{value / 2**20:,.0f}"


def main(results_path: str, runs_dir: str):
    rows = collections.defaultdict(dict)
    with open(results_path) as handle:
        for line in handle:
            size, what, *values = line.rstrip("\n").split("\t")
            rows[size][what] = values[0].split() if len(values) == 1 and what not in ("identical",) else values
    for size, row in rows.items():
        print(f"== {size} sellers, seed 1 (world: {int(row['world_bytes'][0]) / 1e9:.2f} GB on disk) ==")
        print(f"{'stage':<44} {'seconds':>9} {'peak RSS MiB':>13} {'shuffle MiB':>12}")
        print(f"{'-' * 44} {'-' * 9} {'-' * 13} {'-' * 12}")
        if "generate" in row:
            seconds, kib = row["generate"]
            print(f"{'ringscope generate (once)':<44} {float(seconds):>9.1f} {int(kib) / 1024:>13,.0f}")
        if "single" in row:
            seconds, kib = row["single"]
            print(f"{'ringscope analyze, end to end':<44} {float(seconds):>9.1f} {int(kib) / 1024:>13,.0f}")
        figures_path = os.path.join(runs_dir, f"{size}-figures.json")
        shuffle = shuffle_by_stage(os.path.join(runs_dir, f"{size}-events"))
        if os.path.exists(figures_path):
            with open(figures_path) as handle:
                figures = json.load(handle)
            for stage, seconds in figures["stages"]:
                moved = shuffle.get(stage)
                print(f"{'spark  ' + stage:<44} {seconds:>9.1f} {'':>13} {mib(moved) if moved else '':>12}")
            for process, peak in sorted(figures["peak_rss"].items()):
                if not process.startswith(("java", "python", "ringscope")):
                    continue  # shells and the like that Spark starts
                print(f"{'  peak RSS: ' + process:<44} {'':>9} {peak / 2**20:>13,.0f}")
            print(f"{'  seller links, hubs (limit), components':<44} {figures.get('pairs', '')}, {figures.get('hubs', '')} "
                  f"({figures.get('hub_limit', '')}), {figures.get('components', '')}, largest {figures.get('largest_component', '')}")
        if "spark" in row:
            seconds, kib = row["spark"]
            print(f"{'ringscope-spark, end to end':<44} {float(seconds):>9.1f} {int(kib) / 1024:>13,.0f} "
                  f"{mib(sum(shuffle.values())):>12}")
        if "identical" in row:
            print(f"tables identical to ringscope analyze: {row['identical'][0]}")
        print()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
