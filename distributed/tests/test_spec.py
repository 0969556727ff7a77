"""The job refuses a spec it was not written for, and follows the weights it is given."""

import json
import subprocess

import pytest
from ringscope_spark.projection import hub_limit
from ringscope_spark.spec import MECHANISM, SpecError, check_spec


@pytest.fixture(scope="module")
def spec(ringscope):
    return json.loads(subprocess.run([ringscope, "projection-spec"], check=True, capture_output=True, text=True).stdout)


def test_this_ringscope_speaks_the_mechanism_of_this_job(spec):
    assert spec["mechanism"] == MECHANISM
    assert check_spec(spec)["hub_limit"] == spec["hub_limit"]


def test_both_mechanisms_are_implemented(ringscope, spec):
    assert check_spec(spec).discounts_services
    raw = json.loads(subprocess.run([ringscope, "projection-spec", "--no-discount-services"], check=True,
                                    capture_output=True, text=True).stdout)
    assert raw["mechanism"] == "ringscope-projection/1"
    assert not check_spec(raw).discounts_services


def test_a_new_mechanism_is_refused(spec):
    spec = dict(spec, mechanism="ringscope-projection/3")
    with pytest.raises(SpecError, match="mechanism"):
        check_spec(spec)


def test_an_unknown_kind_is_refused(spec):
    spec = dict(spec)
    spec["uses"] = spec["uses"] + [{"relation": "drives", "source": "storefront", "target": "vehicle", "weight": 0.9}]
    with pytest.raises(SpecError, match="vehicle"):
        check_spec(spec)


def test_identifiers_are_linked_through_the_spec(spec):
    # The identifier relations, kinds, weights and strong kinds come from ringscope.
    assert "identifier" in spec["linking_kinds"]
    assert set(spec["identifier_relations"]) == {"uses", "registered_with"}
    weights = {entry["kind"]: entry["weight"] for entry in spec["identifier_weights"]}
    assert weights["phone"] > weights["ip"] > 0
    assert "phone" in spec["identifier_strong_kinds"] and "ip" not in spec["identifier_strong_kinds"]
    bad = dict(spec, identifier_relations=["pays_to"])
    with pytest.raises(SpecError, match="pays_to"):
        check_spec(bad)


def test_resolved_addresses_are_refused(ringscope):
    raw = json.loads(subprocess.run([ringscope, "projection-spec", "--resolve-addresses"], check=True,
                                    capture_output=True, text=True).stdout)
    with pytest.raises(SpecError, match="resolves addresses"):
        check_spec(raw)


def test_hub_limit_is_lowered_until_the_pairs_fit(spec):
    spec = dict(spec, hub_limit=200, pair_budget=1000, hub_limit_floor=10, hub_limit_step_numerator=3, hub_limit_step_denominator=4)
    # 200 entities of 4 users: 1,200 pairs; one of 150 users: 11,175 pairs.
    assert hub_limit(spec, [(4, 200), (150, 1)]) == 10
    assert hub_limit(dict(spec, pair_budget=12_375), [(4, 200), (150, 1)]) == 200
    assert hub_limit(dict(spec, pair_budget=1_200), [(4, 200), (150, 1)]) == 112
