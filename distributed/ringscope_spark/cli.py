"""`distributed/ringscope-spark DATASET --out RUN [--master …] [--shards N]`."""

import argparse
import os
import shutil
import sys

HELP = """\
Runs RingScope on Apache Spark: reads and checks the dataset, folds identifiers (`ringscope
fold-identifiers` on the workers; those read from photos by `ringscope image-identifiers` on
the driver), projects sellers (RingScope's weights and service discount, read from `ringscope
projection-spec`), finds connected components, writes the
projection sharded by component, finds communities per shard with `ringscope
shard-communities` (components over --giant-limit sellers on the driver), then has
`ringscope analyze --projection` write the run folder. The tables are byte-identical to
`ringscope analyze DATASET --seed N` (docs/distributed.md).

example:
  distributed/ringscope-spark datasets/demo --out output/demo-spark --master 'local[2]'
  distributed/ringscope-spark /data/export --out /cases/run --master spark://head:7077 --shards 64 \\
      --ringscope /opt/ringscope/bin/ringscope
"""


def default_ringscope() -> str:
    """$RINGSCOPE, else ringscope on PATH, else this checkout's release or debug build."""
    if os.environ.get("RINGSCOPE"):
        return os.environ["RINGSCOPE"]
    found = shutil.which("ringscope")
    if found:
        return found
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for build in ("release", "debug"):
        candidate = os.path.join(root, ".build", build, "ringscope")
        if os.path.exists(candidate):
            return candidate
    return "ringscope"


def parse(argv):
    parser = argparse.ArgumentParser(prog="ringscope-spark", description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", help="the dataset folder (DATASET.md v2)")
    parser.add_argument("--out", required=True, help="the run folder to write (as ringscope analyze --out)")
    parser.add_argument("--master", default="local[2]",
                        help="Spark master: local[N], spark://HOST:PORT, yarn… (default local[2]; local[N] retries a failed task up to 3 times)")
    parser.add_argument("--shards", type=int, default=8,
                        help="shards of small components, and Spark's shuffle partitions (default 8)")
    parser.add_argument("--giant-limit", type=int, default=100_000,
                        help="components of more sellers than this run on the driver with --threads (default 100000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the community detection, as analyze --seed (default 1)")
    parser.add_argument("--resolution", type=float, default=None, help="CPM resolution, as analyze --resolution (default ringscope's)")
    parser.add_argument("--threads", type=int, default=2,
                        help="threads of the driver's ringscope (large components, analyze) (default 2)")
    parser.add_argument("--ringscope", default=default_ringscope(),
                        help="the ringscope binary, at this path on the driver and every worker "
                             "(default $RINGSCOPE, ringscope on PATH, or this checkout's .build/release or .build/debug)")
    parser.add_argument("--driver-memory", default="4g", help="spark.driver.memory (local mode: driver and executors) (default 4g)")
    parser.add_argument("--executor-memory", default=None, help="spark.executor.memory on a cluster")
    parser.add_argument("--projection", default=None,
                        help="write the projection folder here and keep it (default: a temporary folder beside --out, removed)")
    parser.add_argument("--work", default=None, help="working folder for Spark's shuffle files (default: temporary, beside --out)")
    parser.add_argument("--keep-work", action="store_true", help="keep the temporary working folder")
    parser.add_argument("--event-log", default=None, help="write Spark's event log here (shuffle sizes for the benchmark)")
    parser.add_argument("--figures", default=None, help="write the stage seconds and peak memory here as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.epilog = "Options after -- go to ringscope analyze (e.g. -- --render-top 0 --formats none)."
    analyze_arguments = []
    if "--" in argv:
        position = argv.index("--")
        argv, analyze_arguments = argv[:position], argv[position + 1:]
    args = parser.parse_args(argv)
    args.analyze_arguments = analyze_arguments
    if args.shards < 1:
        parser.error("--shards must be at least 1")
    if args.threads < 1:
        parser.error("--threads must be at least 1")
    if args.resolution is not None and not args.resolution > 0:
        parser.error("--resolution must be a positive number, e.g. 0.02")
    return args


def main(argv=None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    from . import job, reading
    from .spec import SpecError

    progress = job.Progress(quiet=args.quiet)
    try:
        figures = job.run(args, progress)
    except reading.DatasetFailure as failure:
        for error in failure.errors:
            print(reading.format_error(args.dataset, error), file=sys.stderr)
        print(f"{args.dataset}: {len(failure.errors)} error(s); nothing was analysed. Fix the rows above and run again.", file=sys.stderr)
        return 1
    except (job.JobError, SpecError) as error:
        print(f"ringscope-spark: error: {error}", file=sys.stderr)
        return 1
    if args.figures:
        import json
        with open(args.figures, "w") as handle:
            json.dump(figures, handle, indent=2)
    progress.say(f"done in {sum(seconds for _, seconds in progress.stages):.2f} s")
    return 0
