"""The projection spec: what `ringscope projection-spec` prints, read and checked.

RingScope's Swift code is the single source of truth for how sellers are linked (relations,
weights, hub rule, limits). This job never keeps its own copy: it asks the binary, and refuses a
spec whose *mechanism* it was not written for, so that a change in Swift either flows through
(new weights, limits) or stops the job loudly (a new way of linking).
"""

import json
import subprocess
from dataclasses import dataclass

#: The mechanisms this job implements, and whether each discounts services (Swift:
#: ProjectionSpec.currentMechanism, ProjectionSpec.mechanismWithoutServiceDiscount).
MECHANISMS = {"ringscope-projection/2": True, "ringscope-projection/1": False}
MECHANISM = "ringscope-projection/2"

#: The kinds this job links through: entities read as they are, and identifiers, whose values
#: `ringscope fold-identifiers` folds on the workers.
KNOWN_KINDS = {"seller", "storefront", "payment_account", "address", "factory", "identifier"}


class SpecError(Exception):
    """The spec cannot be used by this job."""


@dataclass(frozen=True)
class Spec:
    raw: dict

    def __getitem__(self, key):
        return self.raw[key]

    @property
    def fraction_bits(self) -> int:
        return self.raw["fraction_bits"]

    def entity_file(self, kind: str) -> dict:
        for entry in self.raw["entity_files"]:
            if entry["kind"] == kind:
                return entry
        raise SpecError(f"the spec names no file for entity kind {kind!r}")

    @property
    def discounts_services(self) -> bool:
        return MECHANISMS[self.raw["mechanism"]]

    def relation_ends(self) -> dict:
        return {r["relation"]: (r["source"], r["target"]) for r in self.raw["relations"]}


def load_spec(ringscope: str, discount_services: bool = True) -> Spec:
    """Runs `ringscope projection-spec` (with --no-discount-services when analyze gets it) and checks the result."""
    command = [ringscope, "projection-spec"] + ([] if discount_services else ["--no-discount-services"])
    try:
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    except FileNotFoundError as error:
        raise SpecError(f"cannot run {ringscope!r}: {error.strerror}; build it (swift build -c release) "
                        "or pass --ringscope PATH") from None
    except subprocess.CalledProcessError as error:
        raise SpecError(f"{ringscope} projection-spec failed (exit {error.returncode}): {error.stderr.strip()} — "
                        "this ringscope predates the Spark job; rebuild it") from None
    return check_spec(json.loads(out))


def check_spec(raw: dict) -> Spec:
    """Refuses a spec this job was not written for."""
    mechanism = raw.get("mechanism")
    if mechanism not in MECHANISMS:
        raise SpecError(f"ringscope projects by mechanism {mechanism!r}; this Spark job implements {' and '.join(map(repr, MECHANISMS))}. "
                        "Update distributed/ringscope_spark/projection.py to the new mechanism "
                        "(see Sources/Investigation/ProjectionSpec.swift) before running it.")
    if raw.get("resolves_addresses"):
        raise SpecError("the spec resolves addresses (analyze --resolve-addresses); the Spark job links raw addresses only")
    kinds = set(raw["linking_kinds"]) | {use["target"] for use in raw["uses"]} | {use["source"] for use in raw["uses"]}
    unknown = sorted(kinds - KNOWN_KINDS)
    if unknown:
        raise SpecError(f"the spec links through {', '.join(unknown)}, which this Spark job cannot read yet; "
                        "update distributed/ringscope_spark to the new kinds")
    ends = {r["relation"]: (r["source"], r["target"]) for r in raw["relations"]}
    for relation in raw.get("identifier_relations", []):
        if ends.get(relation, (None, None))[1] != "identifier" or ends[relation][0] not in ("storefront", "seller"):
            raise SpecError(f"identifier relation {relation!r} is not a storefront's or seller's use of an identifier")
    for use in raw["uses"]:
        if use["source"] not in ("storefront", "seller"):
            raise SpecError(f"use {use['relation']!r} starts at a {use['source']}: only storefront and seller uses are implemented")
    return Spec(raw)
