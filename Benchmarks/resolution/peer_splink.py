#!/usr/bin/env python3
"""Address deduplication with Splink (DuckDB backend): the peer for `ringscope resolve`.

usage: peer_splink.py DATASET_DIR OUT.csv [--threshold P]

Reads DATASET_DIR/addresses.csv and writes the predicted pairs as `address_id,merged_with,
match_probability` (the columns Benchmarks/resolution/score.py reads), so both tools are scored
by the same script against truth/addresses.csv.

Written as a competent analyst would, in Splink's documented way, without RingScope's rules:
- preparation: NFKC (folds full-width forms), lowercase, common English abbreviations expanded,
  Chinese read as pinyin by pypinyin (so 幸福路 and "Xingfu Road" share words), numbers of 1-4
  digits extracted (postal codes left out);
- comparisons: the numbers (array intersection: all equal / 2+ shared / 1 shared), the text
  without numbers (Jaro-Winkler 0.92 / 0.8), the city (exact), the distance (50 m / 120 m / 1 km);
- blocking: same city and the same numbers; same city and the same largest number (the room);
- training: lambda from a deterministic rule, u by random sampling, m by expectation
  maximisation on two blocking rules; pairs kept at match probability >= --threshold (0.9).

Setup: python3 -m venv /tmp/splink-venv && /tmp/splink-venv/bin/pip install splink pypinyin pandas
"""
import argparse, csv, re, sys, time, unicodedata

import pandas as pd
from pypinyin import lazy_pinyin
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

ABBREVIATIONS = {"rd": "road", "st": "street", "ave": "avenue", "rm": "room", "bldg": "building", "dist": "district",
                 "wh": "warehouse", "whse": "warehouse", "fl": "floor", "no": "", "blvd": "boulevard"}


def prepare(row):
    text = unicodedata.normalize("NFKC", row["text"] or "")
    text = " ".join(lazy_pinyin(text)).lower()
    numbers = sorted({n.lstrip("0") or "0" for n in re.findall(r"\d+", text) if len(n) <= 4}, key=int)
    words = [ABBREVIATIONS.get(w, w) for w in re.findall(r"[a-z]+", text)]
    city = unicodedata.normalize("NFKC", row["city"] or "").lower().removesuffix("市")
    city = "".join(lazy_pinyin(city)).replace(" ", "")
    return {
        "unique_id": row["address_id"],
        "text_words": " ".join(w for w in words if w),
        "numbers": numbers,
        "numbers_key": " ".join(numbers),
        "largest_number": numbers[-1] if numbers else None,
        "city": city or None,
        "lat": float(row["lat"]) if row.get("lat") else None,
        "lon": float(row["lon"]) if row.get("lon") else None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset")
    parser.add_argument("out")
    parser.add_argument("--threshold", type=float, default=0.9)
    args = parser.parse_args()
    started = time.time()
    with open(f"{args.dataset}/addresses.csv", newline="", encoding="utf-8") as f:
        df = pd.DataFrame([prepare(row) for row in csv.DictReader(f)])

    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ArrayIntersectAtSizes("numbers", [3, 2, 1]),
            cl.JaroWinklerAtThresholds("text_words", [0.92, 0.8]),
            cl.ExactMatch("city"),
            cl.DistanceInKMAtThresholds("lat", "lon", [0.05, 0.12, 1.0]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("city", "numbers_key"),
            block_on("city", "largest_number"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(df), settings, log_level=30)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("city", "numbers_key", "text_words")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("city", "numbers_key"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("city", "text_words"))
    predictions = linker.inference.predict(threshold_match_probability=args.threshold).as_pandas_dataframe()
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["address_id", "merged_with", "match_probability"])
        for left, right, probability in zip(predictions["unique_id_l"], predictions["unique_id_r"], predictions["match_probability"]):
            writer.writerow([left, right, f"{probability:.4f}"])
    print(f"{len(predictions)} pairs at p >= {args.threshold} in {time.time() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
