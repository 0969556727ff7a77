"""The seller projection on Spark, as `ringscope analyze` makes it (Sources/Investigation/Projection.swift).

Mechanism "ringscope-projection/1", with every number taken from the spec:

* Uses. Each weighted relation (spec "uses") makes (entity, seller, weight) rows: a storefront's
  use is its seller's. A seller's weight for an entity is that of its strongest relation. An
  address that is the target of the factory-site relation weighs at most the factory-site weight.
* Hubs. An entity used by more than `hub_limit` distinct sellers is a hub, left out. The limit
  is lowered (×3/4, not below the floor) until the seller pairs of non-hub entities fit the
  pair budget.
* Cliques. A non-hub entity with k users adds (w_a + w_b) · 0.5 · (1 / (k − 1)) to each pair.
* Transfers. A transfer between two non-hub accounts adds weight / (payees(from) · payees(to))
  to each (payee of one, payee of the other) pair of distinct sellers.
* Shared counterparty. A non-hub account with at least two transfer links (either direction)
  joins the payees of its non-hub counterparties in a clique at the counterparty weight, when
  there are 2 to hub_limit of them.
* Strong links: cliques of the strong kinds (factory sites excepted) and transfers.

Every contribution is truncated to fixed point (CAST(w · 2^40 AS BIGINT), as Swift's
Int64(w · 2^40)) and summed as integers: exact in any order, so the pairs carry the same bits
as the single-machine projection's.
"""

from pyspark.sql import DataFrame
from pyspark.sql import functions as F


def fixed(column, fraction_bits: int):
    """A double contribution in fixed point, truncated towards zero."""
    return (column * F.lit(float(1 << fraction_bits))).cast("bigint")


def entity_uses(spec, tables: dict, links: DataFrame) -> DataFrame:
    """(kind, entity, seller, weight): each seller once per entity, at its strongest relation's weight.

    `links` are resolved to row numbers: (relation, src, dst, line); `tables["storefront"]`
    has (idx, seller_idx)."""
    parts = []
    storefronts = tables["storefront"].select(F.col("idx").alias("src"), F.col("seller_idx").alias("seller"))
    for use in spec["uses"]:
        chosen = links.where(F.col("relation") == use["relation"])
        if use["source"] == "storefront":
            chosen = chosen.join(storefronts, "src")
        else:
            chosen = chosen.withColumn("seller", F.col("src"))
        parts.append(chosen.select(F.lit(use["target"]).alias("kind"), F.col("dst").alias("entity"), F.col("seller"),
                                   F.lit(float(use["weight"])).alias("weight")))
    uses = parts[0]
    for part in parts[1:]:
        uses = uses.unionByName(part)
    # Factory sites: an address a factory is located at weighs as a shared factory at most.
    sites = factory_sites(spec, links)
    uses = (uses.join(sites.withColumn("site", F.lit(True)), ["kind", "entity"], "left")
            .withColumn("weight", F.when(F.col("site"), F.least(F.col("weight"), F.lit(float(spec["factory_site_weight"]))))
                        .otherwise(F.col("weight")))
            .drop("site"))
    return uses.groupBy("kind", "entity", "seller").agg(F.max("weight").alias("weight"))


def factory_sites(spec, links: DataFrame) -> DataFrame:
    """(kind, entity) of every address that is a factory's site."""
    relation = spec["factory_site_relation"]
    target_kind = spec.relation_ends()[relation][1]
    return (links.where(F.col("relation") == relation)
            .select(F.lit(target_kind).alias("kind"), F.col("dst").alias("entity")).distinct())


def hub_limit(spec, user_counts: list) -> int:
    """The hub limit, lowered until the pairs fit the budget. `user_counts` is [(k, entities)]."""
    limit = spec["hub_limit"]
    while limit > spec["hub_limit_floor"]:
        pairs = sum(entities * (k * (k - 1) // 2) for k, entities in user_counts if k <= limit)
        if pairs <= spec["pair_budget"]:
            break
        limit = limit * spec["hub_limit_step_numerator"] // spec["hub_limit_step_denominator"]
    return limit


def clique_contributions(members: DataFrame, group_columns: list, strong, fraction_bits: int) -> DataFrame:
    """(a, b, weight, strong) for every pair a < b of sellers in a group of k members.

    `members` has the group columns, seller, weight and k."""
    left = members.select(*group_columns, F.col("seller").alias("a"), F.col("weight").alias("wa"), F.col("k"))
    right = members.select(*group_columns, F.col("seller").alias("b"), F.col("weight").alias("wb"))
    pairs = left.join(right, group_columns).where(F.col("a") < F.col("b"))
    # Swift: (w_first + w_second) * 0.5 * (1 / Double(k - 1)), in that order.
    contribution = fixed(((F.col("wa") + F.col("wb")) * F.lit(0.5)) * (F.lit(1.0) / (F.col("k") - 1).cast("double")), fraction_bits)
    return pairs.select("a", "b", contribution.alias("weight"), F.when(strong, contribution).otherwise(F.lit(0).cast("bigint")).alias("strong"))


def seller_pairs(spec, uses: DataFrame, counts: DataFrame, limit: int, links: DataFrame) -> DataFrame:
    """(a, b, weight, strong) summed per pair: the projection's links."""
    bits = spec.fraction_bits
    strong_kinds = spec["strong_kinds"]
    sites = factory_sites(spec, links)
    members = (uses.join(counts.where((F.col("k") >= 2) & (F.col("k") <= limit)), ["kind", "entity"])
               .join(sites.withColumn("site", F.lit(True)), ["kind", "entity"], "left"))
    is_strong = F.col("kind").isin(strong_kinds) & F.col("site").isNull()
    members = members.withColumn("strong_member", is_strong)
    cliques = clique_contributions(members.where(F.col("strong_member")), ["kind", "entity"], F.lit(True), bits).unionByName(
        clique_contributions(members.where(~F.col("strong_member")), ["kind", "entity"], F.lit(False), bits))

    # Money between accounts.
    account_kind = spec.relation_ends()[spec["transfer_relation"]][1]
    transfers = links.where(F.col("relation") == spec["transfer_relation"]).select("src", "dst")
    account_counts = counts.where(F.col("kind") == account_kind).select(F.col("entity").alias("account"), F.col("k"))
    hub_accounts = account_counts.where(F.col("k") > limit).select("account")
    payees = uses.where(F.col("kind") == account_kind).select(F.col("entity").alias("account"), F.col("seller"))
    payee_counts = account_counts.where(F.col("k") <= limit)
    direct = (transfers
              .join(payee_counts.select(F.col("account").alias("src"), F.col("k").alias("k_src")), "src")
              .join(payee_counts.select(F.col("account").alias("dst"), F.col("k").alias("k_dst")), "dst")
              .join(payees.select(F.col("account").alias("src"), F.col("seller").alias("x")), "src")
              .join(payees.select(F.col("account").alias("dst"), F.col("seller").alias("y")), "dst")
              .where(F.col("x") != F.col("y")))
    # Swift: weight / Double(fromSellers.count * toSellers.count).
    transfer_weight = fixed(F.lit(float(spec["transfer_weight"])) / (F.col("k_src") * F.col("k_dst")).cast("double"), bits)
    direct = direct.select(F.least("x", "y").alias("a"), F.greatest("x", "y").alias("b"),
                           transfer_weight.alias("weight"), transfer_weight.alias("strong"))

    # Shared counterparties: every transfer link counts at both ends (hubs and repeats too).
    ends = transfers.select(F.col("src").alias("account"), F.col("dst").alias("other")).unionByName(
        transfers.select(F.col("dst").alias("account"), F.col("src").alias("other")))
    busy = (ends.groupBy("account").count().where(F.col("count") >= 2).select("account")
            .join(hub_accounts, "account", "left_anti"))
    group = (ends.join(busy, "account")
             .join(hub_accounts.select(F.col("account").alias("other")), "other", "left_anti")
             .join(payees.select(F.col("account").alias("other"), F.col("seller")), "other")
             .select("account", "seller").distinct())
    group_sizes = group.groupBy("account").agg(F.count("*").alias("k")).where((F.col("k") >= 2) & (F.col("k") <= limit))
    counterparty_members = group.join(group_sizes, "account").withColumn("weight", F.lit(float(spec["shared_counterparty_weight"])))
    counterparty = clique_contributions(counterparty_members, ["account"], F.lit(False), bits)

    contributions = cliques.unionByName(direct).unionByName(counterparty)
    return contributions.groupBy("a", "b").agg(F.sum("weight").alias("weight"), F.sum("strong").alias("strong"))
