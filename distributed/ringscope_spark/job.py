"""The whole job: dataset → projection folder → communities → `ringscope analyze --projection`.

Stages (each reports on stderr with its seconds):

1. read       the dataset CSVs, every per-row check of the files the projection reads
2. project    uses, hubs (with the pair budget), seller pairs in fixed point
3. components large-star / small-star; components named by their smallest seller
4. shard      the pairs written to DIR/links/, sharded by component (small ones batched)
5. detect     communities: each shard through `ringscope shard-communities` (SELECT TRANSFORM);
              components over --giant-limit sellers on the driver, with every thread
6. analyze    `ringscope analyze DATASET --projection DIR --out RUN`: ring assembly, scoring,
              factory ranking, referral packages, manifest — the run folder, written atomically

Nothing is written to RUN until stage 6 succeeds (ringscope stages the run and renames it).
"""

import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from . import reading
from .components import connected_components
from .projection import discounted, entity_uses, hub_limit, seller_pairs, service_shares
from .spec import load_spec

FOLDER_FORMAT = "ringscope-projection-folder/1"
# SELECT TRANSFORM's rows: Spark's default field separator is \u0001; ringscope speaks TSV.
TAB_ROWS = "ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n'"


class JobError(Exception):
    """A failure with a message for the user (exit 1)."""


class Progress:
    """Stage lines on stderr, with seconds; remembers them for the benchmark."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.started = time.time()
        self.clock = time.time()
        self.stages = []

    def say(self, text: str):
        if not self.quiet:
            print(f"ringscope-spark: {text}", file=sys.stderr, flush=True)

    def lap(self, stage: str, detail: str):
        seconds = time.time() - self.clock
        self.stages.append((stage, seconds))
        self.say(f"{stage}: {detail} ({seconds:.2f} s)")
        self.clock = time.time()


class PeakMemory:
    """Samples the resident memory of this process's children (the JVM: driver and executors in
    local mode; ringscope processes) every 0.2 s, by command name."""

    def __init__(self):
        self.peaks = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=2)
        self._sample()

    def _run(self):
        while not self._stop.wait(0.2):
            self._sample()

    def _sample(self):
        totals = {}
        for pid, name, rss in _descendants(os.getpid()):
            key = "java (driver and executors)" if name == "java" else name
            if name.startswith("ringscope"):
                key = "ringscope analyze" if b"\0analyze\0" in _cmdline(pid) else "ringscope shard-communities (one)"
            # ringscope processes run one per task: the peak of one, not their sum.
            totals[key] = max(totals.get(key, 0), rss) if key.startswith("ringscope") else totals.get(key, 0) + rss
        totals["python driver"] = _rss(os.getpid())
        for key, value in totals.items():
            self.peaks[key] = max(self.peaks.get(key, 0), value)


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def _descendants(root: int):
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/comm") as handle:
                name = handle.read().strip()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append((int(entry), name))
    stack = [root]
    while stack:
        for pid, name in children.get(stack.pop(), []):
            stack.append(pid)
            yield pid, name, _rss(pid)


def local_master_with_retries(master: str, attempts: int = 4) -> str:
    """local[N] → local[N,attempts]: local mode retries a failed task only when told to."""
    if master.startswith("local[") and "," not in master:
        return master[:-1] + f",{attempts}]"
    if master == "local":
        return f"local[1,{attempts}]"
    return master


def spark_session(args, work: str) -> SparkSession:
    if args.master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # no network lookup of the host name
    builder = (SparkSession.builder.appName("ringscope-spark")
               .master(local_master_with_retries(args.master))
               .config("spark.sql.shuffle.partitions", str(args.shards))
               .config("spark.default.parallelism", str(args.shards))
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.local.dir", os.path.join(work, "spark-local"))
               .config("spark.sql.adaptive.enabled", "true")
               .config("spark.eventLog.enabled", "true" if args.event_log else "false")
               .config("spark.driver.memory", args.driver_memory))
    if args.event_log:
        os.makedirs(args.event_log, exist_ok=True)
        builder = builder.config("spark.eventLog.dir", args.event_log)
    if args.executor_memory:
        builder = builder.config("spark.executor.memory", args.executor_memory)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(os.path.join(work, "checkpoints"))
    return spark


def transform_command(ringscope: str, args) -> str:
    command = [ringscope, "shard-communities", "--seed", str(args.seed)]
    if args.resolution is not None:
        command += ["--resolution", repr(args.resolution)]
    return " ".join(shlex.quote(part) for part in command)


def check_workers(spark: SparkSession, ringscope: str, partitions: int):
    """Runs `ringscope shard-communities --check` through SELECT TRANSFORM on every task slot
    before any work: a binary missing on a worker fails here, with a message, not mid-job."""
    command = " ".join(shlex.quote(p) for p in [ringscope, "shard-communities", "--check"])
    spark.range(0, partitions, 1, partitions).createOrReplaceTempView("ringscope_probe")
    try:
        rows = spark.sql(f"SELECT TRANSFORM(id) USING '{command}' AS (answer STRING) FROM ringscope_probe").collect()
    except Exception as error:  # Spark wraps the worker's failure; its text names the cause
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        # The worker's own words ("Subprocess exited with status 127. Error: …"), else Spark's first line.
        detail = next((line for line in lines if "Subprocess exited" in line), lines[0] if lines else "")[:300]
        raise JobError(f"the ringscope binary {ringscope!r} does not run on the Spark workers ({detail}). "
                       "Install it at the same path on every worker, or pass --ringscope PATH "
                       "(an absolute path valid on the workers).") from None
    if not rows or any(row.answer != "ok" for row in rows):
        raise JobError(f"{ringscope} shard-communities --check answered {[row.answer for row in rows]!r}, not 'ok'")


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_dataset(spark, spec, dataset: str, ringscope: str):
    """The entity tables (id, idx[, seller_idx]), the resolved links (relation, src, dst, line)
    and the folded identifiers (fold_identifiers; None without identifiers.csv), after every
    per-row check; raises DatasetFailure with the errors."""
    problems = []
    error_frames = []
    tables = {}
    identifier_rows = None
    raw_tables = {}
    files = []
    for entry in spec["entity_files"]:
        kind, file, id_column = entry["kind"], entry["file"], entry["id_column"]
        files.append(file)
        required = [id_column] + ([spec["storefront_seller_column"]] if kind == "storefront" else []) + (
            ["kind", "value"] if kind == "identifier" else [])
        table = reading.read_csv(spark, dataset, file, required, entry["required"], problems)
        if table is None:
            continue
        table.frame = table.frame.persist()
        raw_tables[kind] = table
        error_frames += [reading.field_count_errors(table), reading.id_errors(table, id_column),
                         reading.date_errors(table, ["registered_on", "opened_on"],
                                             'bad date "%s" in {name}; expected YYYY-MM-DD')]
        if kind in ("address", "factory"):
            error_frames.append(reading.coordinate_errors(table))
        valid = table.frame.where(F.col(reading.CORRUPT).isNull() & (F.col(id_column) != ""))
        if kind == "identifier":
            identifier_rows = valid.select(F.col("row").alias("idx"), "kind", "value", "line")
        tables[kind] = valid.select(F.col(id_column).alias("id"), F.col("row").alias("idx"), *(
            [F.col(spec["storefront_seller_column"]).alias("seller_id"), F.col("line")] if kind == "storefront" else []))
    if problems:
        raise reading.DatasetFailure(problems)
    empty = spark.createDataFrame([], "id STRING, idx BIGINT")
    for entry in spec["entity_files"]:
        tables.setdefault(entry["kind"], empty)

    # A storefront's seller.
    seller_column = spec["storefront_seller_column"]
    storefronts = tables["storefront"].join(
        tables["seller"].select(F.col("id").alias("seller_id"), F.col("idx").alias("seller_idx")), "seller_id", "left").checkpoint()
    column = raw_tables["storefront"].column_number(seller_column) if "storefront" in raw_tables else 0
    error_frames.append(storefronts.where(F.col("seller_idx").isNull()).select(
        F.lit(spec.entity_file("storefront")["file"]).alias("file"), F.col("line"), F.lit(column).alias("column"),
        F.when(F.col("seller_id") == "", F.lit(f"empty {seller_column}; a seller id is required here"))
        .otherwise(F.format_string('unknown seller "%s": no row of sellers.csv has this seller_id', F.col("seller_id")))
        .alias("message")))
    tables["storefront"] = storefronts.select("id", "idx", "seller_idx").checkpoint()

    # Links, resolved to row numbers: two joins (source ends, target ends) over every relation.
    link_file = spec["link_file"]
    links = reading.read_csv(spark, dataset, link_file, ["source_id", "target_id", "relation"], False, problems)
    if problems:
        raise reading.DatasetFailure(problems)
    resolved = spark.createDataFrame([], "relation STRING, src BIGINT, dst BIGINT, line BIGINT")
    if links is not None:
        files.append(link_file)
        links.frame = links.frame.persist()
        error_frames += [reading.field_count_errors(links),
                         reading.date_errors(links, ["first_seen", "last_seen"], 'bad date "%s"; expected YYYY-MM-DD')]
        ends = spec.relation_ends()
        ends_frame = spark.createDataFrame([(name, source, target) for name, (source, target) in ends.items()],
                                           "relation STRING, source_kind STRING, target_kind STRING")
        valid = links.frame.where(F.col(reading.CORRUPT).isNull()).join(F.broadcast(ends_frame), "relation", "left")
        error_frames.append(valid.where(F.col("source_kind").isNull()).select(
            F.lit(link_file).alias("file"), F.col("line"), F.lit(links.column_number("relation")).alias("column"),
            F.format_string(f'unknown relation "%s"; expected one of {", ".join(ends)}', F.col("relation")).alias("message")))
        entities = reading.union_all([frame.select(F.lit(kind).alias("kind"), "id", "idx") for kind, frame in tables.items()])
        chosen = (valid.where(F.col("source_kind").isNotNull()).select("relation", "source_kind", "target_kind", "source_id", "target_id", "line")
                  .join(entities.select(F.col("kind").alias("source_kind"), F.col("id").alias("source_id"), F.col("idx").alias("src")),
                        ["source_kind", "source_id"], "left")
                  .join(entities.select(F.col("kind").alias("target_kind"), F.col("id").alias("target_id"), F.col("idx").alias("dst")),
                        ["target_kind", "target_id"], "left")).checkpoint()  # for the checks and the projection
        file_of = F.create_map(*[F.lit(x) for entry in spec["entity_files"] for x in (entry["kind"], entry["file"])])
        id_column_of = F.create_map(*[F.lit(x) for entry in spec["entity_files"] for x in (entry["kind"], entry["id_column"])])
        for end, kind, id_name, word in (("src", "source_kind", "source_id", "source"), ("dst", "target_kind", "target_id", "target")):
            error_frames.append(chosen.where(F.col(end).isNull()).select(
                F.lit(link_file).alias("file"), F.col("line"), F.lit(links.column_number(id_name)).alias("column"),
                F.when(F.col(id_name) == "", F.format_string(f"empty {word} of %s; a %s id is required here", F.col("relation"), F.col(kind)))
                .otherwise(F.format_string(f'{word} of %s "%s" must be a %s, but no row of %s has this %s', F.col("relation"),
                                           F.col(id_name), F.col(kind), file_of[F.col(kind)], id_column_of[F.col(kind)]))
                .alias("message")))
        resolved = chosen.where(F.col("src").isNotNull() & F.col("dst").isNotNull()).select("relation", "src", "dst", "line")
    identifiers = None
    if identifier_rows is not None:
        identifiers, identifier_errors = fold_identifiers(spark, ringscope, identifier_rows, raw_tables["identifier"])
        error_frames.append(identifier_errors)
    errors = reading.collect_errors(error_frames, files)
    if errors:
        raise reading.DatasetFailure(errors)
    resolved = resolved.checkpoint()
    counts = {"seller": tables["seller"].count(), "link": resolved.count()}
    for table in raw_tables.values():
        table.frame.unpersist()
    if links is not None:
        links.frame.unpersist()
    return tables, resolved, counts, identifiers


def fold_identifiers(spark, ringscope: str, rows, table):
    """identifiers.csv's rows folded by `ringscope fold-identifiers` on the workers (SELECT
    TRANSFORM; kind and value in hexadecimal, so that any byte may stand in them): returns
    (row, id_kind, group, linkable) — the rows of one kind and key are one identifier, named by
    its first row, as Swift's IdentifierResolution names it — and the rows' errors."""
    command = " ".join(shlex.quote(p) for p in [ringscope, "fold-identifiers"])
    (rows.select("idx", F.coalesce(F.hex("kind"), F.lit("-")).alias("kind_hex"), F.coalesce(F.hex("value"), F.lit("-")).alias("value_hex"))
     .createOrReplaceTempView("ringscope_identifier_rows"))
    folded = spark.sql(f"""
        SELECT TRANSFORM(idx, kind_hex, value_hex) {TAB_ROWS} USING '{command}'
            AS (row BIGINT, id_kind STRING, key STRING, linkable INT, err_column STRING, message STRING) {TAB_ROWS}
        FROM ringscope_identifier_rows
    """).checkpoint()
    groups = folded.where(F.col("key") != "-").groupBy("id_kind", "key").agg(F.min("row").alias("group"))
    identifiers = folded.where(F.col("key") != "-").join(groups, ["id_kind", "key"]).select("row", "id_kind", "group", "linkable").checkpoint()
    columns = F.create_map(F.lit("kind"), F.lit(table.column_number("kind")), F.lit("value"), F.lit(table.column_number("value")))
    errors = (folded.where(F.col("err_column") != "-").join(rows.select(F.col("idx").alias("row"), "line"), "row")
              .select(F.lit(table.file).alias("file"), F.col("line"), columns[F.col("err_column")].alias("column"),
                      F.decode(F.unhex(F.col("message")), "UTF-8").alias("message")))
    return identifiers, errors


def image_identifier_uses(spark, ringscope: str, dataset: str, analyze_arguments: list):
    """The identifier uses read from the dataset's images, by `ringscope image-identifiers` on
    the driver with analyze's own options (OCR, its cache, --no-images): (entity, id_kind,
    seller, weight), or None when there are no images to read."""
    if not os.path.exists(os.path.join(dataset, "images.csv")) or "--no-images" in analyze_arguments:
        return None
    command = [ringscope, "image-identifiers", dataset, *analyze_arguments]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise JobError(f"{' '.join(shlex.quote(p) for p in command)} failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")
    rows = []
    for line in result.stdout.splitlines():
        entity, kind, seller, weight = line.split("\t")
        # float() of Swift's shortest decimal gives the same double (both round correctly).
        rows.append((int(entity), kind, int(seller), float(weight)))
    return spark.createDataFrame(rows, "entity BIGINT, id_kind STRING, seller BIGINT, weight DOUBLE")


def write_tsv(frame, path: str):
    (frame.write.mode("overwrite").option("sep", "\t").option("header", False)
     .option("quote", "").option("escape", "").csv(path))


def run(args, progress: Progress) -> dict:
    """Runs the job; returns figures for the benchmark. Raises JobError / DatasetFailure."""
    dataset = os.path.abspath(args.dataset)
    if not os.path.isdir(dataset):
        raise JobError(f"{args.dataset}: no such dataset folder; expected a folder holding sellers.csv and storefronts.csv")
    ringscope = args.ringscope
    spec = load_spec(ringscope, discount_services="--no-discount-services" not in args.analyze_arguments)
    out = os.path.abspath(args.out)
    parent = os.path.dirname(out)
    os.makedirs(parent, exist_ok=True)
    work = args.work or tempfile.mkdtemp(prefix="." + os.path.basename(out) + ".ringscope-spark-", dir=parent)
    os.makedirs(work, exist_ok=True)
    folder = args.projection or os.path.join(work, "projection")
    figures = {"stages": progress.stages}
    memory = PeakMemory().start()
    spark = None
    try:
        spark = spark_session(args, work)
        sc = spark.sparkContext
        progress.lap("start", f"Spark {spark.version}, master {sc.master}, {args.shards} shards")
        sc.setJobDescription("check workers")
        check_workers(spark, ringscope, max(2, sc.defaultParallelism))
        progress.lap("check", f"{ringscope} runs on the workers")

        sc.setJobDescription("read")
        tables, links, counts, identifiers = read_dataset(spark, spec, dataset, ringscope)
        image_uses = image_identifier_uses(spark, ringscope, dataset, args.analyze_arguments)
        progress.lap("read", f"{counts['seller']} sellers, {counts['link']} links, every row checked"
                             + (f"; {image_uses.count()} identifier uses read from images" if image_uses is not None else ""))

        sc.setJobDescription("project")
        # Checkpoints (written under the work folder) cut the query plans short: planning deep
        # plans again at every step cost more than the work on small data, and ran the driver
        # out of heap; they also keep a lost executor from recomputing from the CSVs.
        uses = entity_uses(spec, tables, links, identifiers,
                           image_uses.select("entity", "seller", "weight") if image_uses is not None else None).checkpoint()
        identifier_kinds = None
        if identifiers is not None or image_uses is not None:
            kinds = [frame.select(F.col(entity).alias("entity"), "id_kind") for frame, entity in
                     ((identifiers, "group"), (image_uses, "entity")) if frame is not None]
            identifier_kinds = (kinds[0].unionByName(kinds[1]) if len(kinds) == 2 else kinds[0]).distinct().checkpoint()
        else:
            identifier_kinds = spark.createDataFrame([], "entity BIGINT, id_kind STRING")
        user_counts = uses.groupBy("kind", "entity").agg(F.count("*").alias("k")).checkpoint()
        histogram = [(row.k, row.n) for row in user_counts.groupBy("k").agg(F.count("*").alias("n")).collect()]
        limit = hub_limit(spec, histogram)
        hubs = user_counts.where(F.col("k") > limit).orderBy(F.col("k").desc(), "kind", "entity").collect()
        if spec.discounts_services:
            shares = service_shares(spec, uses, user_counts, limit, links, identifier_kinds).checkpoint()
            uses = discounted(uses, shares).checkpoint()
        pairs = seller_pairs(spec, uses, user_counts, limit, links, identifier_kinds).checkpoint()
        pair_count = pairs.count()
        progress.lap("project", f"{pair_count} seller links, {len(hubs)} hubs left out (limit {limit} sellers)")

        sc.setJobDescription("components")
        components = connected_components(pairs, progress=progress.say).checkpoint()
        sizes = components.groupBy("component").agg(F.count("*").alias("size")).checkpoint()
        largest = sizes.orderBy(F.col("size").desc(), "component").limit(5).collect()
        component_count = sizes.count()
        giants = [row.component for row in sizes.where(F.col("size") > args.giant_limit).collect()]
        progress.lap("components", f"{component_count} components; largest {[row.size for row in largest]}; "
                                   f"{len(giants)} over {args.giant_limit} sellers run on the driver")

        sc.setJobDescription("shard")
        shard = F.when(F.col("component").isin(giants), F.lit(-1) - F.col("component")).otherwise(
            F.pmod(F.xxhash64("component"), F.lit(args.shards)))
        sharded = (pairs.join(components.select(F.col("seller").alias("a"), "component"), "a")
                   .withColumn("shard", shard)).checkpoint()
        if os.path.exists(folder):
            shutil.rmtree(folder)
        os.makedirs(folder)
        small = sharded.where(F.col("shard") >= 0)
        write_tsv(small.repartition(args.shards, "shard").sortWithinPartitions("shard", "a", "b").select("a", "b", "weight", "strong"),
                  os.path.join(folder, "links"))
        giant_files = []
        for key in giants:
            target = os.path.join(work, f"giant-{key}")
            write_tsv(sharded.where(F.col("component") == key).repartition(args.shards).select("a", "b", "weight", "strong"), target)
            parts = sorted(name for name in os.listdir(target) if not name.startswith((".", "_")))
            for part in parts:
                moved = os.path.join(folder, "links", f"giant-{key}-{part}")
                os.replace(os.path.join(target, part), moved)
                giant_files.append((key, moved))
            shutil.rmtree(target)
        with open(os.path.join(folder, "hubs.tsv"), "w") as handle:
            for row in hubs:
                handle.write(f"{row.kind}\t{row.entity}\t{row.k}\n")
        progress.lap("shard", f"{folder}/links: {args.shards} shards of small components, {len(giants)} large")

        sc.setJobDescription("detect")
        small.select("a", "b", "weight", "strong", "shard").createOrReplaceTempView("ringscope_links")
        command = transform_command(ringscope, args)
        groups = spark.sql(f"""
            SELECT TRANSFORM(a, b, weight, strong) {TAB_ROWS} USING '{command}' AS (seller BIGINT, grp BIGINT) {TAB_ROWS}
            FROM (SELECT * FROM ringscope_links DISTRIBUTE BY shard SORT BY shard, a, b)
        """)
        write_tsv(groups, os.path.join(folder, "communities"))
        for key in giants:
            files = [path for owner, path in giant_files if owner == key]
            detect_on_driver(ringscope, args, files, os.path.join(folder, "communities", f"giant-{key}.tsv"))
        progress.lap("detect", f"communities of {args.shards} shards through `{command}`; "
                               f"{len(giants)} large component(s) on the driver with {args.threads} threads")

        header = {
            "format": FOLDER_FORMAT,
            "spec": spec.raw,
            "sellers": counts["seller"],
            "sellers_sha256": sha256_of(os.path.join(dataset, spec.entity_file("seller")["file"])),
            "hub_limit": limit,
            # resolution null: ringscope's default.
            "communities": {"seed": args.seed, "resolution": args.resolution},
        }
        with open(os.path.join(folder, "projection.json"), "w") as handle:
            json.dump(header, handle, indent=2, sort_keys=True)
        figures.update(sellers=counts["seller"], links=counts["link"], pairs=pair_count, hubs=len(hubs), hub_limit=limit,
                       components=component_count, largest_component=largest[0].size if largest else 0)
        spark.stop()
        spark = None
        progress.lap("stop", "Spark stopped")

        analyze = [ringscope, "analyze", dataset, "--projection", folder, "--out", out, "--seed", str(args.seed),
                   "--threads", str(args.threads)] + (["--resolution", repr(args.resolution)] if args.resolution is not None else []) + args.analyze_arguments
        progress.say("analyze: " + " ".join(shlex.quote(p) for p in analyze))
        result = subprocess.run(analyze, stdout=sys.stdout if not args.quiet else subprocess.DEVNULL)
        if result.returncode != 0:
            raise JobError(f"ringscope analyze --projection failed (exit {result.returncode}); no run folder was written")
        progress.lap("analyze", f"run written to {out}")
    finally:
        if spark is not None:
            spark.stop()
        memory.stop()
        figures["peak_rss"] = memory.peaks
        if not args.work and not args.keep_work:
            shutil.rmtree(work, ignore_errors=True)
    return figures


def detect_on_driver(ringscope: str, args, files: list, output: str):
    """A large component on this machine: its pairs streamed into one ringscope with every thread."""
    command = shlex.split(transform_command(ringscope, args)) + ["--threads", str(args.threads)]
    with open(output + ".part", "wb") as sink:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=sink)
        try:
            for path in files:
                with open(path, "rb") as source:
                    shutil.copyfileobj(source, process.stdin, 1 << 20)
            process.stdin.close()
        except BrokenPipeError:
            pass
        if process.wait() != 0:
            raise JobError(f"{' '.join(command)} failed (exit {process.returncode}) on a large component")
    os.replace(output + ".part", output)

