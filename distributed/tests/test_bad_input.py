"""Bad input fails the run with file and line, before anything is written."""

import os
import shutil
import stat

from conftest import ROOT, run_spark

DEMO = os.path.join(ROOT, "datasets", "demo")


def copy_demo(tmp_path):
    dataset = tmp_path / "data"
    shutil.copytree(DEMO, dataset)
    return dataset


def test_malformed_rows_fail_the_run_with_file_and_line(ringscope, tmp_path):
    dataset = copy_demo(tmp_path)
    links = (dataset / "links.csv").read_text().splitlines(keepends=True)
    header = links[0].strip().split(",")
    row = links[41].strip().split(",")
    row[header.index("relation")] = "pays"            # line 42
    links[41] = ",".join(row) + "\n"
    row = links[99].strip().split(",")
    row[header.index("target_id")] = "NO-SUCH-ACCOUNT"  # line 100
    links[99] = ",".join(row) + "\n"
    (dataset / "links.csv").write_text("".join(links))
    sellers = (dataset / "sellers.csv").read_text().splitlines(keepends=True)
    sellers[10] = sellers[3]                        # line 11 repeats line 4's id
    sellers[20] = sellers[20].split(",")[0] + "\n"  # line 21 has one field
    (dataset / "sellers.csv").write_text("".join(sellers))
    # identifiers.csv is checked on the workers by `ringscope fold-identifiers`, in Swift's words.
    identifiers = (dataset / "identifiers.csv").read_text().splitlines(keepends=True)
    identifier_id = identifiers[4].split(",")[0]
    identifiers[4] = f"{identifier_id},fax,+86 20 1234 5678\n"   # line 5: unknown kind
    identifier_id = identifiers[6].split(",")[0]
    identifiers[6] = f"{identifier_id},phone,   \n"                # line 7: nothing in the value
    (dataset / "identifiers.csv").write_text("".join(identifiers))
    out = tmp_path / "run"
    result = run_spark(str(dataset), str(out), ringscope, check=False)
    assert result.returncode == 1, result.stderr[-2000:]
    assert f'links.csv:42:{header.index("relation") + 1}: error: unknown relation "pays"' in result.stderr
    assert f"links.csv:100:{header.index('target_id') + 1}: error: target of" in result.stderr
    assert '"NO-SUCH-ACCOUNT" must be a' in result.stderr
    assert "sellers.csv:11:1: error: duplicate seller_id" in result.stderr and "first defined on line 4" in result.stderr
    assert "sellers.csv:21:" in result.stderr and "fields as in the header" in result.stderr
    assert 'identifiers.csv:5:2: error: unknown identifier kind "fax"' in result.stderr
    assert "identifiers.csv:7:3: error: empty value; an identifier of kind phone" in result.stderr
    assert "nothing was analysed" in result.stderr
    assert not out.exists()
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".run")], "no work folder is left behind"


def test_a_ringscope_missing_on_the_workers_is_named_before_any_work(ringscope, tmp_path):
    # Runs on the driver (projection-spec) but not on the workers.
    wrapper = tmp_path / "ringscope-driver-only"
    wrapper.write_text(f"""#!/usr/bin/env bash
if [ "$1" = projection-spec ]; then exec {ringscope} "$@"; fi
echo "ringscope: not installed here" >&2; exit 127
""")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    out = tmp_path / "run"
    result = run_spark(DEMO, str(out), str(wrapper), check=False)
    assert result.returncode == 1
    assert "does not run on the Spark workers" in result.stderr
    assert "exited with status 127" in result.stderr and "not installed here" in result.stderr
    # (Spark's own log lines say "WriterThread: …": look for the job's stage line.)
    assert "ringscope-spark: read:" not in result.stderr, "no stage should have started"
    assert not out.exists()
