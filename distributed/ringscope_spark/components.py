"""Connected components of the seller pairs on Spark DataFrames: large-star / small-star
(Kiveris, Lattanzi, Mirrokni, Rastogi & Vassilvitskii, "Connected Components in MapReduce and
Beyond", SoCC 2014). GraphFrames' connectedComponents needs a jar this machine cannot fetch;
this is the same algorithm family in plain DataFrames.

Each round maps every node to the smallest node it can see: large-star links each node's larger
neighbours to its smallest neighbour (itself included), small-star links each node and its
smaller neighbours to the smallest of them. The edge set shrinks to stars centred on each
component's smallest node in O(log² n) rounds (5 at 1M and 10M sellers). The result names each
component by its smallest seller, as RingScope's seeds need.
"""

from pyspark.sql import DataFrame
from pyspark.sql import functions as F


def _large_star(edges: DataFrame) -> DataFrame:
    both = edges.select("u", "v").unionByName(edges.select(F.col("v").alias("u"), F.col("u").alias("v")))
    smallest = both.groupBy("u").agg(F.least(F.min("v"), F.first("u")).alias("m"))
    return (both.join(smallest, "u").where(F.col("v") > F.col("u"))
            .select(F.col("v").alias("u"), F.col("m").alias("v")).distinct())


def _small_star(edges: DataFrame) -> DataFrame:
    oriented = edges.select(F.greatest("u", "v").alias("u"), F.least("u", "v").alias("v")).where(F.col("u") != F.col("v"))
    smallest = oriented.groupBy("u").agg(F.min("v").alias("m"))
    moved = oriented.join(smallest, "u").where(F.col("v") != F.col("m")).select(F.col("v").alias("u"), F.col("m").alias("v"))
    centre = smallest.select(F.col("u"), F.col("m").alias("v"))
    return moved.unionByName(centre).distinct()


def connected_components(pairs: DataFrame, progress=None, max_rounds: int = 60) -> DataFrame:
    """(seller, component) for every seller of a pair; component = the smallest seller in it."""
    edges = pairs.select(F.col("a").alias("u"), F.col("b").alias("v")).checkpoint()
    previous = None
    for round_number in range(1, max_rounds + 1):
        edges = _small_star(_large_star(edges)).checkpoint()
        # Converged when a round changes nothing: every edge is (u, smallest of u's component).
        signature = edges.agg(F.count("*").alias("n"), F.sum(F.xxhash64("u", "v").bitwiseAND(0xFFFFFFF)).alias("h")).collect()[0]
        signature = (signature["n"], signature["h"])
        if progress:
            progress(f"connected components: round {round_number}, {signature[0]} edges")
        if signature == previous:
            break
        previous = signature
    else:
        raise RuntimeError(f"connected components did not converge in {max_rounds} rounds")
    labels = edges.select(F.col("u").alias("seller"), F.col("v").alias("component"))
    centres = edges.select(F.col("v").alias("seller"), F.col("v").alias("component"))
    return labels.unionByName(centres).groupBy("seller").agg(F.min("component").alias("component"))
