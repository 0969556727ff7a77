#!/usr/bin/env python3
"""Builds address-resolution datasets (DATASET.md format) from public labelled data.

usage: real_data.py geoer GEO_ER_CHECKOUT OUT_DIR
       real_data.py geoglue GEOBLOOM_CHECKOUT OUT_DIR

Neither source may be redistributed here, so nothing of them is committed: this script reads a
checkout of each and writes, per dataset, OUT_DIR/<name>/ with sellers.csv and storefronts.csv
(one placeholder each, so that the loader accepts the folder), addresses.csv, and truth/:

- geoer: Geo-ER (Balsebre, Yao, Cong, Hai, "Geospatial Entity Resolution", WWW 2022;
  github.com/PasqualeTurin/Geo-ER, data/train_valid_test/): points of interest of OpenStreetMap
  paired with Foursquare or Yelp in Edinburgh, Pittsburgh, Singapore and Toronto, each pair
  labelled match / no match by the authors. Its repository states no licence (OSM data is ODbL;
  Foursquare and Yelp data are under their own terms), hence not committed. Every entity with an
  address becomes a row (text = address and postcode, both with coordinates); labelled pairs whose
  two entities both have an address go to truth/address_pairs.csv (a match is one place, a non-match
  two), and truth/addresses.csv holds the places (components of the matches). Two variants per
  city: `geoer-<source>-<city>` with coordinates and `geoer-<source>-<city>-nocoords` without.
- geoglue: the GeoGLUE-clean subset (Hangzhou) published with GeoBloom (github.com/pkuliyi2015/GeoBloom,
  data/GeoGLUE_clean_subset/; GeoGLUE is CC BY-NC 4.0, Alibaba DAMO, modelscope.cn): user queries
  typed in a map app, each annotated with the point of interest it names. The queries whose
  target is an address record (category 地名地址信息: a compound and building, "佳源名城7号楼") are
  kept with their targets, among all 5,000 points of the subset as distractors. A query's
  coordinates are where the user was, not a geocode of the text (often kilometres away), so the
  variant `geoglue-hangzhou` keeps them and `geoglue-hangzhou-nocoords` drops them for queries.
  truth/addresses.csv has `scored` = 1 for queries: only pairs with a query are scored (two map
  points may be duplicates no one labelled).
"""
import csv, math, os, re, sys
from collections import defaultdict

CITIES = {"edi": ("Edinburgh", "GB"), "pit": ("Pittsburgh", "US"), "sin": ("Singapore", "SG"), "tor": ("Toronto", "CA")}


def write_dataset(folder, rows, places, pairs=None, scored=None):
    """rows: [(address_id, text, city, country, lat, lon)]; places: {address_id: place_id}."""
    os.makedirs(os.path.join(folder, "truth"), exist_ok=True)
    with open(os.path.join(folder, "sellers.csv"), "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["seller_id", "name"], ["S1", "placeholder"]])
    with open(os.path.join(folder, "storefronts.csv"), "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["storefront_id", "seller_id"], ["SF1", "S1"]])
    with open(os.path.join(folder, "addresses.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["address_id", "text", "city", "province", "country", "lat", "lon"])
        for address_id, text, city, country, lat, lon in rows:
            writer.writerow([address_id, text, city, "", country, "" if lat is None else f"{lat:.7f}", "" if lon is None else f"{lon:.7f}"])
    with open(os.path.join(folder, "truth", "addresses.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["address_id", "place_id", "scored"])
        for address_id, *_ in rows:
            writer.writerow([address_id, places[address_id], "1" if scored is None or address_id in scored else "0"])
    if pairs is not None:
        with open(os.path.join(folder, "truth", "address_pairs.csv"), "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["address_id", "other_id", "same_place", "written_alike"])
            writer.writerows(pairs)


ABBREVIATIONS = {"st": "street", "ave": "avenue", "av": "avenue", "rd": "road", "blvd": "boulevard", "dr": "drive",
                 "pl": "place", "hwy": "highway", "ln": "lane", "ct": "court", "sq": "square", "cres": "crescent",
                 "e": "east", "w": "west", "n": "north", "s": "south", "ste": "suite", "fl": "floor"}


def written_alike(a, b):
    """Whether two address texts say the same thing word for word, after case, punctuation, order
    and the commonest abbreviations: Geo-ER labels points of interest, and two businesses at
    "1417 East Carson Street" and "1417 E Carson St" are two points at one address, not two
    places. Such non-matches are left out of the address scores (score.py --poi-labels keeps them).
    Deliberately simple and independent of RingScope's parser."""
    def words(text):
        # Postcodes (written by one source and not the other) are left out.
        text = re.sub(r"\b(\d{5,6}|[a-z]\d[a-z] ?\d[a-z]\d|[a-z]{1,2}\d[a-z\d]? ?\d[a-z]{2})\b", " ", text.lower())
        return sorted(ABBREVIATIONS.get(w, w) for w in re.findall(r"[a-z]+|\d+", text))
    return "1" if words(a) == words(b) else "0"


def components(ids, edges):
    parent = {i: i for i in ids}
    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {i: "P" + find(i) for i in ids}


def geoer(checkout, out):
    def parse(entity):
        fields = {}
        for m in re.finditer(r"COL (\w+) VAL (.*?)(?= COL |$)", entity.strip()):
            fields[m.group(1)] = m.group(2).strip()
        return fields
    for source in ["osm_fsq", "osm_yelp"]:
        for code, (city, country) in CITIES.items():
            entities, labelled, counts = {}, [], {"L": 0, "R": 0}
            for split in ["train", "valid", "test"]:
                path = os.path.join(checkout, "data", "train_valid_test", source, code, split + ".txt")
                for line in open(path, encoding="utf-8"):
                    parts = line.rstrip("\n").split("\t")
                    if len(parts) != 3:
                        continue
                    ids = []
                    for side, text in zip("LR", parts[:2]):
                        key = (side, text.strip())
                        if key not in entities:
                            counts[side] += 1
                            entities[key] = (f"{side}{counts[side]:05d}", parse(text))
                        ids.append(entities[key][0])
                    labelled.append((ids[0], ids[1], parts[2].strip() == "1"))
            rows, has_address = [], set()
            for (side, _), (address_id, fields) in sorted(entities.items(), key=lambda item: item[1][0]):
                address = fields.get("address", "").strip()
                if not address or address.upper() == "NULL":
                    continue
                # Yelp's postal codes were stored as numbers ("15213.0"): the ".0" is not part of them.
                postcode = re.sub(r"^(\d+)\.0$", r"\1", fields.get("postalCode", "").strip())
                text = address + (", " + postcode if postcode and postcode.upper() not in ("NULL", "NONE", "NAN") else "")
                try:
                    lat, lon = float(fields["latitude"]), float(fields["longitude"])
                except (KeyError, ValueError):
                    lat = lon = None
                rows.append((address_id, text, city, country, lat, lon))
                has_address.add(address_id)
            text_of = {row[0]: row[1] for row in rows}
            pairs = sorted({(a, b, "1" if same else "0", written_alike(text_of[a], text_of[b]))
                            for a, b, same in labelled if a in has_address and b in has_address})
            places = components(sorted(has_address), [(a, b) for a, b, same, _ in pairs if same == "1"])
            name = f"geoer-{source.replace('_', '-')}-{code}"
            write_dataset(os.path.join(out, name), rows, places, pairs)
            write_dataset(os.path.join(out, name + "-nocoords"), [(a, t, c, k, None, None) for a, t, c, k, _, _ in rows], places, pairs)
            print(f"{name}: {len(rows)} addresses, {sum(1 for p in pairs if p[2] == '1')} same-place pairs, "
                  f"{sum(1 for p in pairs if p[2] == '0')} different-place pairs "
                  f"({sum(1 for p in pairs if p[2] == '0' and p[3] == '1')} of them written alike)", file=sys.stderr)


def gauss_kruger_to_wgs84(northing, easting, central_meridian=120.0):
    """Inverse transverse Mercator on the Xian 1980 ellipsoid (EPSG:2385, 3° zone at 120°E);
    metre-level accuracy, enough for distances between points of one city."""
    a, f = 6378140.0, 1 / 298.257
    e2 = f * (2 - f)
    k0, x = 1.0, easting - 500000.0
    e1 = (1 - math.sqrt(1 - e2)) / (1 + math.sqrt(1 - e2))
    m = northing / k0
    mu = m / (a * (1 - e2 / 4 - 3 * e2 ** 2 / 64 - 5 * e2 ** 3 / 256))
    phi1 = mu + (3 * e1 / 2 - 27 * e1 ** 3 / 32) * math.sin(2 * mu) + (21 * e1 ** 2 / 16 - 55 * e1 ** 4 / 32) * math.sin(4 * mu) \
        + (151 * e1 ** 3 / 96) * math.sin(6 * mu)
    ep2 = e2 / (1 - e2)
    c1, t1 = ep2 * math.cos(phi1) ** 2, math.tan(phi1) ** 2
    n1 = a / math.sqrt(1 - e2 * math.sin(phi1) ** 2)
    r1 = a * (1 - e2) / (1 - e2 * math.sin(phi1) ** 2) ** 1.5
    d = x / (n1 * k0)
    lat = phi1 - (n1 * math.tan(phi1) / r1) * (d ** 2 / 2 - (5 + 3 * t1 + 10 * c1 - 4 * c1 ** 2 - 9 * ep2) * d ** 4 / 24)
    lon = (d - (1 + 2 * t1 + c1) * d ** 3 / 6) / math.cos(phi1)
    return math.degrees(lat), central_meridian + math.degrees(lon)


def geoglue(checkout, out):
    base = os.path.join(checkout, "data", "GeoGLUE_clean_subset")
    pois = [line.rstrip("\n").split("\t") for line in open(os.path.join(base, "poi.txt"), encoding="utf-8")]
    rows, places, scored = [], {}, set()
    for index, (record, x, y) in enumerate(pois):
        fields = record.split(",")
        name, category, address, district = fields[0], fields[1], fields[-2], fields[-1]
        text = (district if district not in address else "") + ("" if address in (district, name) or address in name else address) + name
        lat, lon = gauss_kruger_to_wgs84(float(x), float(y))
        address_id = f"POI{index:05d}"
        rows.append((address_id, text, "杭州", "CN", lat, lon))
        places[address_id] = address_id
    queries = 0
    for split in ["train", "dev", "test"]:
        for number, line in enumerate(open(os.path.join(base, split + ".txt"), encoding="utf-8")):
            text, x, y, targets = line.rstrip("\n").split("\t")
            target = int(targets.split(",")[0])
            if pois[target][0].split(",")[1] != "地名地址信息":
                continue
            lat, lon = gauss_kruger_to_wgs84(float(x), float(y))
            address_id = f"Q{split}{number:04d}"
            rows.append((address_id, text, "杭州", "CN", lat, lon))
            places[address_id] = f"POI{target:05d}"
            scored.add(address_id)
            queries += 1
    write_dataset(os.path.join(out, "geoglue-hangzhou"), rows, places, scored=scored)
    write_dataset(os.path.join(out, "geoglue-hangzhou-nocoords"),
                  [(a, t, c, k, None, None) if a in scored else (a, t, c, k, la, lo) for a, t, c, k, la, lo in rows], places, scored=scored)
    print(f"geoglue-hangzhou: {len(rows)} addresses, {queries} queries naming an address record", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("geoer", "geoglue"):
        sys.exit(__doc__)
    {"geoer": geoer, "geoglue": geoglue}[sys.argv[1]](sys.argv[2], sys.argv[3])
