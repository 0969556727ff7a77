#!/usr/bin/env python3
"""An address-resolution benchmark written independently of RingScope's generator.

usage: independent.py OUT_DIR [--seed N] [--places N]

Needs Faker (and pypinyin for Chinese written in Latin letters) in its Python, e.g.
    python3 -m venv /tmp/res-venv && /tmp/res-venv/bin/pip install faker pypinyin

Base places come from Faker's address providers (en_US, en_GB, en_CA, zh_CN: street names with
their USPS-style suffixes, house numbers, secondary units, cities, states, provinces, postcodes).
Each place is then written several ways, as sellers and couriers write one address in exports
and on labels, by rules taken from how real exports look and NOT from RingScope's generator:

- English: suffix written out or abbreviated with or without a period (Street / St / St.), the
  house number before the street or after it ("Kennedy Light, 150", as OpenStreetMap exports
  do), the unit as "Apt 5", "Apt. 5", "#5", "Unit 5", "Suite 5", "Ste 5", "Flat 5" (GB), before or
  after the street line, or as the Canadian "5-150 Main St"; city, state or province, postcode
  (ZIP+4 sometimes), country each kept or dropped; upper or lower case; commas or none; a typo
  in the street name now and then.
- Chinese: province, city and district each kept or dropped, full-width digits, 号楼 / 栋 / 幢 / 座
  for one building, 单元 with Chinese numerals (二单元), 室 / 房 / a bare room number, a compound
  address with or without its street and number, and pinyin or English renderings ("Room 301,
  Unit 2, Building 3, Dongtai Garden, No. 12 Xingfu Road, Baiyun District, Guangzhou").
- Distractors: places that differ from a base place only in the house number, the unit (apartment,
  单元) or the room; they are other places and must not merge.
- Geocodes: about 30% missing; the rest off by a geocoder's error (most within tens of metres,
  some a few hundred, a few up to ~1 km).

Output in the DATASET.md layout (sellers.csv, storefronts.csv, addresses.csv) with
truth/addresses.csv (address_id, place_id, scored) as the generated worlds have; score with
`score.py MERGES OUT_DIR`. Deterministic for a seed.
"""
import csv, math, os, random, sys

try:
    from faker import Faker
except ImportError:
    sys.exit("independent.py needs Faker: pip install faker pypinyin (into a venv)")
try:
    from pypinyin import lazy_pinyin
except ImportError:
    lazy_pinyin = None

# USPS Publication 28 standard suffix abbreviations (the common ones Faker's en_* providers use).
USPS = {
    "Alley": "Aly", "Avenue": "Ave", "Bridge": "Brg", "Brook": "Brk", "Burg": "Bg", "Bypass": "Byp", "Camp": "Cp",
    "Canyon": "Cyn", "Cape": "Cpe", "Causeway": "Cswy", "Center": "Ctr", "Circle": "Cir", "Cliff": "Clf", "Club": "Clb",
    "Common": "Cmn", "Corner": "Cor", "Course": "Crse", "Court": "Ct", "Courts": "Cts", "Cove": "Cv", "Creek": "Crk",
    "Crescent": "Cres", "Crest": "Crst", "Crossing": "Xing", "Curve": "Curv", "Dale": "Dl", "Dam": "Dm", "Divide": "Dv",
    "Drive": "Dr", "Drives": "Drs", "Estate": "Est", "Estates": "Ests", "Expressway": "Expy", "Extension": "Ext",
    "Falls": "Fls", "Ferry": "Fry", "Field": "Fld", "Fields": "Flds", "Flat": "Flt", "Flats": "Flts", "Ford": "Frd",
    "Forest": "Frst", "Forge": "Frg", "Fork": "Frk", "Fort": "Ft", "Freeway": "Fwy", "Garden": "Gdn", "Gardens": "Gdns",
    "Gateway": "Gtwy", "Glen": "Gln", "Green": "Grn", "Grove": "Grv", "Harbor": "Hbr", "Haven": "Hvn", "Heights": "Hts",
    "Highway": "Hwy", "Hill": "Hl", "Hills": "Hls", "Hollow": "Holw", "Island": "Is", "Junction": "Jct", "Key": "Ky",
    "Knoll": "Knl", "Lake": "Lk", "Lakes": "Lks", "Landing": "Lndg", "Lane": "Ln", "Light": "Lgt", "Lights": "Lgts",
    "Lock": "Lck", "Lodge": "Ldg", "Manor": "Mnr", "Meadow": "Mdw", "Meadows": "Mdws", "Mill": "Ml", "Mills": "Mls",
    "Mission": "Msn", "Motorway": "Mtwy", "Mount": "Mt", "Mountain": "Mtn", "Neck": "Nck", "Orchard": "Orch",
    "Parkway": "Pkwy", "Pass": "Pass", "Pine": "Pne", "Pines": "Pnes", "Place": "Pl", "Plain": "Pln", "Plains": "Plns",
    "Plaza": "Plz", "Point": "Pt", "Points": "Pts", "Port": "Prt", "Prairie": "Pr", "Radial": "Radl", "Ranch": "Rnch",
    "Rapid": "Rpd", "Rapids": "Rpds", "Rest": "Rst", "Ridge": "Rdg", "Ridges": "Rdgs", "River": "Riv", "Road": "Rd",
    "Roads": "Rds", "Route": "Rte", "Shoal": "Shl", "Shoals": "Shls", "Shore": "Shr", "Shores": "Shrs", "Spring": "Spg",
    "Springs": "Spgs", "Square": "Sq", "Squares": "Sqs", "Station": "Sta", "Stravenue": "Stra", "Stream": "Strm",
    "Street": "St", "Streets": "Sts", "Summit": "Smt", "Terrace": "Ter", "Throughway": "Trwy", "Trace": "Trce",
    "Track": "Trak", "Trafficway": "Trfy", "Trail": "Trl", "Tunnel": "Tunl", "Turnpike": "Tpke", "Union": "Un",
    "Unions": "Uns", "Valley": "Vly", "Valleys": "Vlys", "Via": "Via", "Viaduct": "Via", "View": "Vw", "Views": "Vws",
    "Village": "Vlg", "Villages": "Vlgs", "Ville": "Vl", "Vista": "Vis", "Walk": "Walk", "Way": "Way", "Well": "Wl",
    "Wells": "Wls", "Junctions": "Jcts", "Loaf": "Lf", "Locks": "Lcks", "Harbors": "Hbrs", "Heights ": "Hts",
}
COUNTRIES = {"en_US": ["USA", "United States", "US"], "en_GB": ["UK", "United Kingdom", "GB"], "en_CA": ["Canada", "CA"],
             "zh_CN": ["中国", "China", "P.R. China"]}
# City centres the places are scattered around (a few km), one per locale.
CENTRES = {"en_US": (40.44, -79.99), "en_GB": (55.95, -3.19), "en_CA": (43.65, -79.38), "zh_CN": (30.27, 120.15)}
FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
HANZI_DIGITS = "零一二三四五六七八九"
COMPOUND_KINDS = [("花园", "Garden", "Huayuan"), ("小区", "Residential Quarter", "Xiaoqu"), ("苑", "Court", "Yuan"),
                  ("家园", "Homeland", "Jiayuan"), ("公寓", "Apartments", "Gongyu"), ("大厦", "Mansion", "Dasha")]


def offset(lat, lon, metres, rng):
    angle = rng.uniform(0, 2 * math.pi)
    return lat + metres * math.cos(angle) / 111_320, lon + metres * math.sin(angle) / (111_320 * math.cos(math.radians(lat)))


def geocode(place, rng):
    """A geocoder's reading of one spelling: missing 30% of the time, else off by its error."""
    if rng.random() < 0.30:
        return None, None
    r = rng.random()
    error = rng.uniform(0, 40) if r < 0.6 else rng.uniform(40, 300) if r < 0.88 else rng.uniform(300, 1000)
    return offset(place["lat"], place["lon"], error, rng)


def typo(word, rng):
    if len(word) < 6:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "swap", "double"])
    if kind == "drop":
        return word[:i] + word[i + 1:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + word[i] + word[i:]


# ---------------------------------------------------------------- English places

def english_place(fake, locale, rng):
    while True:
        street = fake.street_name()
        words = street.split()
        if len(words) >= 2 and words[-1] in USPS:
            break
    number = str(rng.choice([rng.randint(1, 99), rng.randint(100, 999), rng.randint(1000, 9999)]))
    if rng.random() < 0.05:
        number += rng.choice("AB")
    unit = None
    if rng.random() < 0.5:
        unit = str(rng.choice([rng.randint(1, 30), rng.randint(100, 2400)]))
    state = fake.state_abbr() if locale == "en_US" else fake.province_abbr() if locale == "en_CA" else ""
    postcode = fake.postcode()
    if locale == "en_CA" and len(postcode) == 6:
        postcode = postcode[:3] + " " + postcode[3:]
    return {"locale": locale, "name": " ".join(words[:-1]), "suffix": words[-1], "number": number, "unit": unit,
            "unit_kind": rng.choice(["Apt", "Suite", "Unit"] if locale != "en_GB" else ["Flat", "Unit", "Apartment"]),
            "city": fake.city(), "state": state, "postcode": postcode}


def english_spelling(p, rng):
    name = p["name"]
    if rng.random() < 0.08:
        name = " ".join(typo(w, rng) if i == 0 else w for i, w in enumerate(name.split()))
    style = rng.random()
    suffix = p["suffix"] if style < 0.45 else USPS[p["suffix"]] + ("." if style > 0.85 else "")
    osm_order = rng.random() < 0.15
    line = f"{name} {suffix}, {p['number']}" if osm_order else f"{p['number']} {name} {suffix}"
    parts = [line]
    if p["unit"]:
        u = p["unit"]
        kind = p["unit_kind"]
        forms = [f"{kind} {u}", f"{kind}. {u}" if kind == "Apt" else f"{kind} {u}", f"#{u}", f"Unit {u}"]
        if kind == "Suite":
            forms.append(f"Ste {u}")
        if p["locale"] == "en_GB":
            forms.append(f"Flat {u}")
        r = rng.random()
        if p["locale"] == "en_CA" and r < 0.3 and not osm_order:
            parts = [f"{u}-{line}"]          # Canadian unit-civic form: "5-150 Main St"
        elif r < 0.55:
            parts.append(rng.choice(forms))  # after the street line
        else:
            parts.insert(0, rng.choice(forms))
    if rng.random() < 0.8:
        parts.append(p["city"])
    tail = []
    if p["state"] and rng.random() < 0.6:
        tail.append(p["state"])
    if rng.random() < 0.6:
        code = p["postcode"]
        if p["locale"] == "en_US" and rng.random() < 0.15:
            code += f"-{rng.randint(0, 9999):04d}"
        if p["locale"] == "en_CA" and rng.random() < 0.5:
            code = code.replace(" ", "")
        tail.append(code)
    if tail:
        parts.append(" ".join(tail))
    if rng.random() < 0.2:
        parts.append(rng.choice(COUNTRIES[p["locale"]]))
    # Written without commas only when the number leads ("150 Main St Apt 5 Springfield"):
    # "Main St 150 Apt 5" without them is ambiguous to a person too.
    text = (", " if osm_order or rng.random() < 0.75 else " ").join(parts)
    r = rng.random()
    return text.upper() if r < 0.12 else text.lower() if r < 0.17 else text


def english_distractor(p, rng):
    q = dict(p)
    r = rng.random()
    if r < 0.5 or not p["unit"]:
        # Another house on the street (not "30" beside "30A": one number written more or less fully).
        base = int("".join(c for c in p["number"] if c.isdigit()))
        q["number"] = str(base + rng.choice([2, 4, 10, 1, 6]))
    else:
        q["unit"] = str(int(p["unit"]) + rng.choice([1, 2, 100, -1]) if int(p["unit"]) > 2 else int(p["unit"]) + 1)
    return q


# ---------------------------------------------------------------- Chinese places

def pinyin(text):
    if lazy_pinyin is None:
        return None
    return "".join(lazy_pinyin(text)).capitalize()


def chinese_place(fake, rng):
    def name(maker, suffixes):
        while True:
            n = maker()
            for s in suffixes:
                if n.endswith(s) and len(n) - len(s) >= 2:
                    return n[: -len(s)], s
            if len(n) >= 2 and not suffixes:
                return n, ""
    street, street_kind = name(fake.street_name, ["路", "街"])
    city = fake.city_name()
    district = fake.district()
    compound = None
    if rng.random() < 0.6:
        core = "".join(rng.sample(list("东南西北金银华盛龙凤翠绿阳光明星海天富贵康宁泰和平安新兴锦绣香樟枫林碧桂园景"), 2))
        compound = (core, rng.choice(COMPOUND_KINDS))
    room_floor = rng.randint(1, 30)
    return {"locale": "zh_CN", "province": fake.province(), "city": city, "district": district, "street": street,
            "street_kind": street_kind, "number": str(rng.randint(1, 999)), "compound": compound,
            "building": str(rng.randint(1, 40)) if compound else None, "unit": str(rng.randint(1, 6)) if compound and rng.random() < 0.6 else None,
            "room": str(room_floor * 100 + rng.randint(1, 8)), "postcode": fake.postcode()}


def chinese_spelling(p, rng):
    if rng.random() < 0.2 and lazy_pinyin is not None:
        return chinese_in_latin(p, rng)
    parts = []
    if rng.random() < 0.4:
        parts.append(p["province"])
    if rng.random() < 0.7:
        parts.append(p["city"] + "市")
    if rng.random() < 0.6:
        parts.append(p["district"] + "区")
    street_line = p["street"] + p["street_kind"] + p["number"] + "号"
    compound_only = p["compound"] and rng.random() < 0.3
    if not compound_only:
        parts.append(street_line)
    if p["compound"]:
        core, (kind, _, _) = p["compound"]
        parts.append(core + kind)
        parts.append(p["building"] + rng.choice(["号楼", "栋", "幢", "座"]))
        if p["unit"]:
            u = p["unit"]
            parts.append((HANZI_DIGITS[int(u)] if rng.random() < 0.3 else u) + "单元")
    parts.append(p["room"] + rng.choice(["室", "室", "房", ""]))
    sep = " " if rng.random() < 0.25 else ""
    text = sep.join(parts)
    if rng.random() < 0.3:
        text = text.translate(FULLWIDTH)
    if rng.random() < 0.15:
        text = rng.choice(COUNTRIES["zh_CN"][:1]) + text
    return text


def chinese_in_latin(p, rng):
    parts = [f"Room {p['room']}" if rng.random() < 0.7 else f"Rm {p['room']}"]
    if p["compound"]:
        core, (_, english, pinyin_kind) = p["compound"]
        if p["unit"]:
            parts.append(f"Unit {p['unit']}")
        parts.append(f"Building {p['building']}" if rng.random() < 0.6 else f"Bldg {p['building']}")
        parts.append(f"{pinyin(core)} {english if rng.random() < 0.5 else pinyin_kind}")
    street_kind = {"路": ("Road", "Rd", "Lu"), "街": ("Street", "St", "Jie")}[p["street_kind"]]
    if not p["compound"] or rng.random() < 0.7:
        parts.append(f"No. {p['number']} {pinyin(p['street'])} {rng.choice(street_kind)}")
    if rng.random() < 0.6:
        parts.append(f"{pinyin(p['district'])} District")
    parts.append(pinyin(p["city"]))
    if rng.random() < 0.4:
        parts.append(p["postcode"])
    if rng.random() < 0.5:
        parts.append("China")
    return ", ".join(parts)


def chinese_distractor(p, rng):
    q = dict(p)
    r = rng.random()
    if p["compound"] and r < 0.4:
        q["room"] = str(int(p["room"]) + rng.choice([1, 100, -100 if int(p["room"]) > 200 else 2]))
    elif p["compound"] and p["unit"] and r < 0.7:
        q["unit"] = str(int(p["unit"]) % 6 + 1)
    elif p["compound"]:
        # A compound has one street number: its neighbour is another building.
        q["building"] = str(int(p["building"]) + rng.choice([1, 2, 10]))
    else:
        q["number"] = str(int(p["number"]) + rng.choice([2, 4, 1, 10]))
    return q


# ---------------------------------------------------------------- output

def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        sys.exit(__doc__)
    out = args[0]
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 1
    count = int(args[args.index("--places") + 1]) if "--places" in args else 400
    rng = random.Random(seed)
    rows, truth = [], []
    place_number = 0
    for locale in ["en_US", "en_GB", "en_CA", "zh_CN"]:
        fake = Faker(locale)
        fake.seed_instance(seed * 1000 + len(locale) + ord(locale[-1]))
        centre = CENTRES[locale]
        for _ in range(count):
            base = chinese_place(fake, rng) if locale == "zh_CN" else english_place(fake, locale, rng)
            base["lat"], base["lon"] = offset(*centre, rng.uniform(0, 8000), rng)
            places = [base]
            if rng.random() < 0.4:  # a neighbour that differs in one number only
                other = chinese_distractor(base, rng) if locale == "zh_CN" else english_distractor(base, rng)
                other["lat"], other["lon"] = offset(base["lat"], base["lon"], rng.uniform(0, 60), rng)
                places.append(other)
            for place in places:
                place_number += 1
                place_id = f"P{place_number:05d}"
                spellings = rng.choice([1, 2, 2, 3, 3, 4])
                seen = set()
                for _ in range(spellings):
                    text = chinese_spelling(place, rng) if locale == "zh_CN" else english_spelling(place, rng)
                    if text in seen:
                        continue
                    seen.add(text)
                    lat, lon = geocode(place, rng)
                    city = place["city"] if rng.random() < 0.6 else ""
                    if locale == "zh_CN" and city and rng.random() < 0.5:
                        city += "市"
                    rows.append([text, city, place.get("state", "") or place.get("province", ""), locale[-2:], lat, lon])
                    truth.append(place_id)
    order = list(range(len(rows)))
    rng.shuffle(order)
    os.makedirs(os.path.join(out, "truth"), exist_ok=True)
    with open(os.path.join(out, "sellers.csv"), "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["seller_id", "name"], ["S1", "placeholder"]])
    with open(os.path.join(out, "storefronts.csv"), "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["storefront_id", "seller_id"], ["SF1", "S1"]])
    with open(os.path.join(out, "addresses.csv"), "w", newline="", encoding="utf-8") as f, \
            open(os.path.join(out, "truth", "addresses.csv"), "w", newline="", encoding="utf-8") as g:
        a, t = csv.writer(f), csv.writer(g)
        a.writerow(["address_id", "text", "city", "province", "country", "lat", "lon"])
        t.writerow(["address_id", "place_id", "scored"])
        for n, i in enumerate(order):
            text, city, province, country, lat, lon = rows[i]
            address_id = f"IA{n:05d}"
            a.writerow([address_id, text, city, province, country, "" if lat is None else f"{lat:.6f}", "" if lon is None else f"{lon:.6f}"])
            t.writerow([address_id, truth[i], "1"])
    print(f"{out}: {len(rows)} addresses of {place_number} places (seed {seed})", file=sys.stderr)


if __name__ == "__main__":
    main()
