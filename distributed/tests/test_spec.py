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


def test_a_new_mechanism_is_refused(spec):
    spec = dict(spec, mechanism="ringscope-projection/2")
    with pytest.raises(SpecError, match="mechanism"):
        check_spec(spec)


def test_a_kind_that_needs_folding_is_refused(spec):
    spec = dict(spec)
    spec["uses"] = spec["uses"] + [{"relation": "uses", "source": "storefront", "target": "identifier", "weight": 0.9}]
    with pytest.raises(SpecError, match="identifier"):
        check_spec(spec)


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
