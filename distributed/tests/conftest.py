"""Shared fixtures: the ringscope binary and small generated worlds."""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
DISTRIBUTED = os.path.dirname(HERE)
ROOT = os.path.dirname(DISTRIBUTED)
sys.path.insert(0, DISTRIBUTED)


def pytest_configure(config):
    config.addinivalue_line("markers", "ci: the one Spark run .ci/run makes by default (the demo against ringscope analyze)")


def ringscope_binary() -> str:
    if os.environ.get("RINGSCOPE"):
        return os.path.abspath(os.environ["RINGSCOPE"])
    for build in ("debug", "release"):
        candidate = os.path.join(ROOT, ".build", build, "ringscope")
        if os.path.exists(candidate):
            return candidate
    pytest.fail("no ringscope binary: run `swift build --product ringscope` or set RINGSCOPE")


@pytest.fixture(scope="session")
def ringscope() -> str:
    return ringscope_binary()


@pytest.fixture(scope="session")
def world(ringscope, tmp_path_factory) -> str:
    """A generated world (WORLD_SELLERS sellers, default 20000, seed 3)."""
    sellers = os.environ.get("WORLD_SELLERS", "20000")
    path = str(tmp_path_factory.mktemp("worlds") / f"w{sellers}")
    subprocess.run([ringscope, "generate", path, "--sellers", sellers, "--seed", "3"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return path


def run_spark(dataset: str, out: str, ringscope: str, *extra, check=True):
    """distributed/ringscope-spark with the test's binary; returns the CompletedProcess."""
    command = [os.path.join(DISTRIBUTED, "ringscope-spark"), dataset, "--out", out, "--ringscope", ringscope,
               "--driver-memory", "2g", *extra]
    result = subprocess.run(command, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"ringscope-spark failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result
