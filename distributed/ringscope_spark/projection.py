"""The seller projection on Spark, as `ringscope analyze` makes it (Sources/Investigation/Projection.swift).

Mechanisms "ringscope-projection/1" and "/2" (/1 and the service discount), with every number
taken from the spec:

* Uses. Each weighted relation (spec "uses") makes (entity, seller, weight) rows: a storefront's
  use is its seller's. A seller's weight for an entity is that of its strongest relation. An
  address that is the target of the factory-site relation weighs at most the factory-site weight.
  Identifiers (spec "identifier_relations"): each row of identifiers.csv is folded by
  `ringscope fold-identifiers` on the workers (job.fold_identifiers), rows of one kind and key
  are one identifier named by its first row, and a use weighs its kind's weight; the uses read
  from images come from `ringscope image-identifiers` with their weights.
* Service discount (/2). An account, address or identifier with k >= 3 users, c of them tied to
  another user from the other side of the business, keeps min(1, (c + 2) / k) of its weight
  (service_shares; Swift's ServiceDiscount).
* Hubs. An entity used by more than `hub_limit` distinct sellers is a hub, left out. The limit
  is lowered (×3/4, not below the floor) until the seller pairs of non-hub entities fit the
  pair budget.
* Cliques. A non-hub entity with k users adds (w_a + w_b) · 0.5 · (1 / (k − 1)) to each pair.
* Transfers. A transfer between two non-hub accounts adds weight / (payees(from) · payees(to))
  to each (payee of one, payee of the other) pair of distinct sellers.
* Shared counterparty. A non-hub account with at least two transfer links (either direction)
  joins the payees of its non-hub counterparties in a clique at the counterparty weight, when
  there are 2 to hub_limit of them.
* Strong links: cliques of the strong kinds (factory sites and identifiers of weak kinds
  excepted; of an address, only the users whose weight is above the ship-from weight, still
  discounted over all its users) and transfers.

Every contribution is truncated to fixed point (CAST(w · 2^40 AS BIGINT), as Swift's
Int64(w · 2^40)) and summed as integers: exact in any order, so the pairs carry the same bits
as the single-machine projection's.
"""

from pyspark.sql import DataFrame
from pyspark.sql import functions as F


def fixed(column, fraction_bits: int):
    """A double contribution in fixed point, truncated towards zero."""
    return (column * F.lit(float(1 << fraction_bits))).cast("bigint")


def entity_uses(spec, tables: dict, links: DataFrame, identifiers: DataFrame = None, image_uses: DataFrame = None) -> DataFrame:
    """(kind, entity, seller, weight): each seller once per entity, at its strongest relation's weight.

    `links` are resolved to row numbers: (relation, src, dst, line); `tables["storefront"]`
    has (idx, seller_idx). `identifiers` (row, id_kind, group, linkable) are the folded rows of
    identifiers.csv; `image_uses` (entity, seller, weight) the uses read from images."""
    parts = []
    storefronts = tables["storefront"].select(F.col("idx").alias("src"), F.col("seller_idx").alias("seller"))

    def sellers_of(chosen, source):
        if source == "storefront":
            return chosen.join(storefronts, "src")
        return chosen.withColumn("seller", F.col("src"))

    for use in spec["uses"]:
        chosen = sellers_of(links.where(F.col("relation") == use["relation"]), use["source"])
        parts.append(chosen.select(F.lit(use["target"]).alias("kind"), F.col("dst").alias("entity"), F.col("seller"),
                                   F.lit(float(use["weight"])).alias("weight")))
    if identifiers is not None:
        ends = spec.relation_ends()
        weight_of = F.create_map(*[F.lit(x) for entry in spec["identifier_weights"] for x in (entry["kind"], float(entry["weight"]))])
        linkable = identifiers.where(F.col("linkable") == 1).select(F.col("row").alias("dst"), "group", "id_kind")
        for relation in spec["identifier_relations"]:
            chosen = sellers_of(links.where(F.col("relation") == relation), ends[relation][0]).join(linkable, "dst")
            parts.append(chosen.select(F.lit("identifier").alias("kind"), F.col("group").alias("entity"), F.col("seller"),
                                       weight_of[F.col("id_kind")].alias("weight")).where(F.col("weight") > 0))
    if image_uses is not None:
        parts.append(image_uses.select(F.lit("identifier").alias("kind"), "entity", "seller", "weight"))
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


def service_shares(spec, uses: DataFrame, counts: DataFrame, limit: int, links: DataFrame, identifier_kinds: DataFrame) -> DataFrame:
    """(kind, entity, share) for every non-hub account, address or identifier of k >= 3 users:
    min(1, (c + 2) / k), c of its users being tied to another of them (Swift: ServiceDiscount).

    A user s of entity e is tied when s and another user u of e both use, in a corroborating
    way, one entity o of a side kind of e's (an account: an account, an address, an identifier;
    an address or identifier: an account), o not e; or when s has an account a (not e), u an
    account o, and money moved between a and o. Corroborating: a non-hub account; a non-hub
    address that is no factory's site, used above the ship-from weight; a non-hub identifier of
    a strong kind."""
    account, address = spec.relation_ends()[spec["transfer_relation"]][1], "address"
    kinds = [account, address, "identifier"]
    sites = factory_sites(spec, links).withColumn("site", F.lit(True))
    non_hub = (uses.join(counts.where(F.col("k") <= limit), ["kind", "entity"])
               .join(sites, ["kind", "entity"], "left")
               .join(identifier_kinds.withColumn("kind", F.lit("identifier")), ["kind", "entity"], "left"))
    corroborating = non_hub.where(
        (F.col("kind") == account)
        | ((F.col("kind") == address) & F.col("site").isNull() & (F.col("weight") > F.lit(float(spec["ships_from_weight"]))))
        | ((F.col("kind") == "identifier") & F.col("id_kind").isin(spec["identifier_strong_kinds"]))
    ).select(F.col("kind").alias("side"), F.col("entity").alias("other"), "seller").checkpoint()
    targets = non_hub.where(F.col("kind").isin(kinds) & (F.col("k") >= 3)).select("kind", "entity", "seller", "k").checkpoint()
    target_users = targets.select("kind", "entity", F.col("seller").alias("user"))

    # Ties through a shared corroborating entity of a side kind.
    side_allowed = (F.col("side") == account) | (F.col("kind") == account)
    by_side = (targets.join(corroborating, "seller")
               .where(side_allowed & ~((F.col("side") == F.col("kind")) & (F.col("other") == F.col("entity"))))
               .join(corroborating.withColumnRenamed("seller", "user"), ["side", "other"])
               .where(F.col("user") != F.col("seller"))
               .join(target_users, ["kind", "entity", "user"])
               .select("kind", "entity", "seller"))
    # Ties through money between the seller's accounts and another user's.
    accounts = corroborating.where(F.col("side") == account).select(F.col("other").alias("mine"), "seller")
    transfers = links.where(F.col("relation") == spec["transfer_relation"]).select("src", "dst")
    ends = (transfers.select(F.col("src").alias("mine"), F.col("dst").alias("theirs"))
            .unionByName(transfers.select(F.col("dst").alias("mine"), F.col("src").alias("theirs"))).distinct())
    is_entity = (F.col("kind") == account)
    by_money = (targets.join(accounts, "seller").where(~(is_entity & (F.col("mine") == F.col("entity"))))
                .join(ends, "mine")
                .where(~(is_entity & (F.col("theirs") == F.col("entity"))))
                .join(accounts.select(F.col("mine").alias("theirs"), F.col("seller").alias("user")), "theirs")
                .where(F.col("user") != F.col("seller"))
                .join(target_users, ["kind", "entity", "user"])
                .select("kind", "entity", "seller"))
    tied = by_side.unionByName(by_money).distinct().groupBy("kind", "entity").agg(F.count("*").alias("c"))
    # Swift: min(1, Double(corroborated + 2) / Double(k)).
    return (targets.select("kind", "entity", "k").distinct().join(tied, ["kind", "entity"], "left")
            .select("kind", "entity", F.least(F.lit(1.0), (F.coalesce(F.col("c"), F.lit(0)) + 2).cast("double") / F.col("k").cast("double")).alias("share")))


def discounted(uses: DataFrame, shares: DataFrame) -> DataFrame:
    """`uses` with each weight times its entity's share (Swift: EntityUsers.scale(by:))."""
    return (uses.join(shares, ["kind", "entity"], "left")
            .withColumn("weight", F.when(F.col("share").isNotNull(), F.col("weight") * F.col("share")).otherwise(F.col("weight")))
            .drop("share"))


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


def clique_contributions(members: DataFrame, group_columns: list, fraction_bits: int) -> DataFrame:
    """(a, b, weight, strong) for every pair a < b of sellers in a group of k members; `strong`
    is the contribution when both members are strong (column `strong_member`), else 0.

    `members` has the group columns, seller, weight, k and strong_member."""
    left = members.select(*group_columns, F.col("seller").alias("a"), F.col("weight").alias("wa"), F.col("k"),
                          F.col("strong_member").alias("sa"))
    right = members.select(*group_columns, F.col("seller").alias("b"), F.col("weight").alias("wb"), F.col("strong_member").alias("sb"))
    pairs = left.join(right, group_columns).where(F.col("a") < F.col("b"))
    # Swift: (w_first + w_second) * 0.5 * (1 / Double(k - 1)), in that order.
    contribution = fixed(((F.col("wa") + F.col("wb")) * F.lit(0.5)) * (F.lit(1.0) / (F.col("k") - 1).cast("double")), fraction_bits)
    return pairs.select("a", "b", contribution.alias("weight"),
                        F.when(F.col("sa") & F.col("sb"), contribution).otherwise(F.lit(0).cast("bigint")).alias("strong"))


def seller_pairs(spec, uses: DataFrame, counts: DataFrame, limit: int, links: DataFrame, identifier_kinds: DataFrame = None) -> DataFrame:
    """(a, b, weight, strong) summed per pair: the projection's links. `uses` are discounted
    (mechanism /2); `counts` count every entity's users."""
    bits = spec.fraction_bits
    strong_kinds = spec["strong_kinds"]
    sites = factory_sites(spec, links)
    members = (uses.join(counts.where((F.col("k") >= 2) & (F.col("k") <= limit)), ["kind", "entity"])
               .join(sites.withColumn("site", F.lit(True)), ["kind", "entity"], "left"))
    if identifier_kinds is not None:
        members = members.join(identifier_kinds.withColumn("kind", F.lit("identifier")), ["kind", "entity"], "left")
    else:
        members = members.withColumn("id_kind", F.lit(None).cast("string"))
    # Swift: Projection.forEachStrongPair — strong kinds, no factory site, identifiers of the
    # strong kinds only, and of an address only the users above the ship-from weight (the
    # discounted weight: forEachStrongPair reads the scaled users).
    is_strong = (F.col("kind").isin(strong_kinds) & F.col("site").isNull()
                 & ((F.col("kind") != "identifier") | F.col("id_kind").isin(spec["identifier_strong_kinds"]))
                 & ((F.col("kind") != "address") | (F.col("weight") > F.lit(float(spec["ships_from_weight"])))))
    members = members.withColumn("strong_member", F.coalesce(is_strong, F.lit(False)))
    cliques = clique_contributions(members, ["kind", "entity"], bits)

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
    counterparty_members = (group.join(group_sizes, "account").withColumn("weight", F.lit(float(spec["shared_counterparty_weight"])))
                            .withColumn("strong_member", F.lit(False)))
    counterparty = clique_contributions(counterparty_members, ["account"], bits)

    contributions = cliques.unionByName(direct).unionByName(counterparty)
    return contributions.groupBy("a", "b").agg(F.sum("weight").alias("weight"), F.sum("strong").alias("strong"))
