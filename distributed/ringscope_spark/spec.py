"""The projection spec: what `ringscope projection-spec` prints, read and checked.

RingScope's Swift code is the single source of truth for how sellers are linked (relations,
weights, hub rule, limits). This job never keeps its own copy: it asks the binary, and refuses a
spec whose *mechanism* it was not written for, so that a change in Swift either flows through
(new weights, limits) or stops the job loudly (a new way of linking).
"""

import json
import subprocess
from dataclasses import dataclass

#: The mechanism this job implements (Swift: ProjectionSpec.currentMechanism).
MECHANISM = "ringscope-projection/1"

#: The kinds whose files this job can read as plain entities (no folding of values).
PLAIN_KINDS = {"seller", "storefront", "payment_account", "address", "factory"}


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

    def relation_ends(self) -> dict:
        return {r["relation"]: (r["source"], r["target"]) for r in self.raw["relations"]}


def load_spec(ringscope: str) -> Spec:
    """Runs `ringscope projection-spec` and checks the result."""
    try:
        out = subprocess.run([ringscope, "projection-spec"], check=True, capture_output=True, text=True).stdout
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
    if mechanism != MECHANISM:
        raise SpecError(f"ringscope projects by mechanism {mechanism!r}; this Spark job implements {MECHANISM!r}. "
                        "Update distributed/ringscope_spark/projection.py to the new mechanism "
                        "(see Sources/Investigation/ProjectionSpec.swift) before running it.")
    if raw.get("resolves_addresses"):
        raise SpecError("the spec resolves addresses (analyze --resolve-addresses); the Spark job links raw addresses only")
    kinds = set(raw["linking_kinds"]) | {use["target"] for use in raw["uses"]} | {use["source"] for use in raw["uses"]}
    unknown = sorted(kinds - PLAIN_KINDS)
    if unknown:
        raise SpecError(f"the spec links through {', '.join(unknown)}, which this Spark job cannot read yet "
                        "(values need folding by ringscope); update distributed/ringscope_spark to the new kinds")
    for use in raw["uses"]:
        if use["source"] not in ("storefront", "seller"):
            raise SpecError(f"use {use['relation']!r} starts at a {use['source']}: only storefront and seller uses are implemented")
    return Spec(raw)
