"""Reading the dataset CSVs (DATASET.md v2) on Spark, with ringscope's per-row checks.

Each file is read as RFC 4180 (quoted fields may hold commas, `""` and newlines), so it is one
Spark partition (a multi-line CSV cannot be split); its rows keep their order, which numbers the
entities as `ringscope analyze` numbers them (0-based data rows).

Every problem becomes a row (file, line, column, message). Lines are record numbers + 1 (the
header is line 1): exact unless a quoted field earlier in the file spans lines, which Spark
cannot count; `ringscope analyze --projection` validates the whole dataset again, with exact
lines, before it writes anything.
"""

import csv
import os

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType
from pyspark.sql.window import Window

CORRUPT = "_corrupt_record"

ERROR_COLUMNS = ["file", "line", "column", "message"]


class DatasetFailure(Exception):
    """The dataset has errors; `errors` are (file, line, column, message) tuples."""

    def __init__(self, errors):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def header_of(path: str) -> list:
    """The column names of a CSV file's first record (BOM and surrounding spaces removed)."""
    with open(path, newline="", encoding="utf-8") as handle:
        row = next(csv.reader(handle), None)
    if row is None:
        return []
    if row and row[0].startswith("\ufeff"):
        row[0] = row[0][1:]
    return [name.strip(" \t") for name in row]


class Table:
    """One CSV file read by Spark: `frame` has the file's columns (strings, "" for empty),
    `row` (0-based data row) and `line`; `errors` the rows that failed the file-level checks."""

    def __init__(self, file: str, frame: DataFrame, header: list):
        self.file = file
        self.frame = frame
        self.header = header

    def column_number(self, name: str) -> int:
        return self.header.index(name) + 1


def read_csv(spark: SparkSession, dataset: str, file: str, required_columns: list, required: bool, problems: list):
    """Reads `file` of `dataset`, or returns None (adding a problem if it is required).

    Header problems (missing or duplicate columns) are appended to `problems` at once; row
    problems stay in the returned frame's `_problem` column (see `row_errors`)."""
    path = os.path.join(dataset, file)
    if not os.path.exists(path):
        if required:
            problems.append((file, 0, 0, f"missing required file {file} in {dataset}"))
        return None
    header = header_of(path)
    if not header:
        problems.append((file, 1, 0, f"empty file; expected a header row naming the columns {', '.join(required_columns)}"))
        return None
    seen = {}
    for position, name in enumerate(header):
        if name in seen:
            problems.append((file, 1, position + 1, f'duplicate column "{name}" (also column {seen[name] + 1})'))
        else:
            seen[name] = position
    missing = [name for name in required_columns if name not in header]
    for name in missing:
        problems.append((file, 1, 0, f'missing required column "{name}"; the header has {", ".join(header)}'))
    if missing or len(seen) != len(header):
        return None
    # Internal names c0, c1… so that any header (spaces, dots, duplicates already refused) reads.
    schema = StructType([StructField(f"c{i}", StringType()) for i in range(len(header))] + [StructField(CORRUPT, StringType())])
    raw = (spark.read.schema(schema)
           .option("header", True).option("multiLine", True).option("mode", "PERMISSIVE")
           .option("columnNameOfCorruptRecord", CORRUPT).option("escape", '"').option("quote", '"')
           .option("encoding", "UTF-8").option("enforceSchema", True)
           .csv(path))
    # One partition per file (multi-line CSV is not splittable): monotonically_increasing_id
    # numbers the rows 0, 1, 2… in file order.
    frame = raw.select(
        *[F.coalesce(F.col(f"c{i}"), F.lit("")).alias(name) for i, name in enumerate(header)],
        F.col(CORRUPT),
        F.monotonically_increasing_id().alias("row"),
    ).withColumn("line", F.col("row") + 2)
    return Table(file, frame, header)


def field_count_errors(table: Table) -> DataFrame:
    """Rows whose field count differs from the header's."""
    count = len(table.header)
    return (table.frame.where(F.col(CORRUPT).isNotNull())
            .select(F.lit(table.file).alias("file"), F.col("line"), F.lit(count).alias("column"),
                    F.lit(f"expected {count} fields as in the header").alias("message")))


def id_errors(table: Table, id_column: str) -> DataFrame:
    """Empty ids, and every repeat of an id with the line of its first definition."""
    column = table.column_number(id_column)
    valid = table.frame.where(F.col(CORRUPT).isNull())
    empty = valid.where(F.col(id_column) == "").select(
        F.lit(table.file).alias("file"), F.col("line"), F.lit(column).alias("column"),
        F.lit(f"empty {id_column}; every row needs an id").alias("message"))
    first_line = F.min("line").over(Window.partitionBy(id_column))
    repeats = (valid.where(F.col(id_column) != "").withColumn("first_line", first_line)
               .where(F.col("line") > F.col("first_line"))
               .select(F.lit(table.file).alias("file"), F.col("line"), F.lit(column).alias("column"),
                       F.format_string(f'duplicate {id_column} "%s" (first defined on line %d)',
                                       F.col(id_column), F.col("first_line")).alias("message")))
    return empty.unionByName(repeats)


def date_errors(table: Table, names: list, message: str) -> DataFrame:
    """Dates that are not YYYY-MM-DD calendar dates (empty is unknown, allowed)."""
    frames = []
    for name in names:
        if name not in table.header:
            continue
        value = F.col(name)
        valid_date = value.rlike(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$") & F.try_to_date(value, "yyyy-MM-dd").isNotNull()
        frames.append(table.frame.where(F.col(CORRUPT).isNull() & (value != "") & ~valid_date).select(
            F.lit(table.file).alias("file"), F.col("line"), F.lit(table.column_number(name)).alias("column"),
            F.format_string(message.replace("{name}", name), value).alias("message")))
    return union_all(frames)


def coordinate_errors(table: Table) -> DataFrame:
    """lat and lon that are not decimal degrees in range."""
    frames = []
    for name, limit in (("lat", 90), ("lon", 180)):
        if name not in table.header:
            continue
        text = F.expr(f"trim(BOTH ' \t' FROM `{name}`)")
        number = text.try_cast("double")
        bad = (text != "") & (number.isNull() | F.isnan(number) | (F.abs(number) == float("inf")))
        out_of_range = (text != "") & ~bad & (F.abs(number) > limit)
        valid = table.frame.where(F.col(CORRUPT).isNull())
        frames.append(valid.where(bad).select(
            F.lit(table.file).alias("file"), F.col("line"), F.lit(table.column_number(name)).alias("column"),
            F.format_string(f'bad coordinate "%s" in {name}; expected decimal degrees such as 23.1291', text).alias("message")))
        frames.append(valid.where(out_of_range).select(
            F.lit(table.file).alias("file"), F.col("line"), F.lit(table.column_number(name)).alias("column"),
            F.format_string(f"{name} %s is out of range; expected -{limit} to {limit}", text).alias("message")))
    return union_all(frames)


def union_all(frames: list) -> DataFrame:
    frames = [frame for frame in frames if frame is not None]
    if not frames:
        return None
    result = frames[0]
    for frame in frames[1:]:
        result = result.unionByName(frame)
    return result


def collect_errors(frames: list, files_in_order: list, limit_per_file: int = 20) -> list:
    """The first `limit_per_file` errors of each file, in file then line order."""
    frame = union_all(frames)
    if frame is None:
        return []
    rows = (frame.withColumn("rank", F.row_number().over(Window.partitionBy("file").orderBy("line", "column")))
            .where(F.col("rank") <= limit_per_file).select(*ERROR_COLUMNS).collect())
    order = {name: position for position, name in enumerate(files_in_order)}
    return sorted(((r.file, r.line, r.column, r.message) for r in rows), key=lambda e: (order.get(e[0], len(order)), e[1], e[2]))


def format_error(dataset: str, error) -> str:
    """`FILE:LINE:COLUMN: error: message`, as ringscope prints it."""
    file, line, column, message = error
    location = file
    if line:
        location += f":{line}"
        if column:
            location += f":{column}"
    return f"{location}: error: {message}"
