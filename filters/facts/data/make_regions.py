#!/usr/bin/python3
"""Writes filters/facts/data/regions.tsv, the region table newswatch ships.

Reads the national statistics authority's division codes as published in CSV
form (provinces.csv, cities.csv, areas.csv with 2/4/6-digit codes, such as
../shared/gazetteer/) and keeps: every province, every prefecture-level city,
and the counties/districts of the four municipalities, of the provincial
capitals (always the XX01 city) and of the five separately planned cities.
Run from anywhere:
    make_regions.py /path/to/gazetteer > filters/facts/data/regions.tsv
Output columns (tab-separated): code, name, level, parent. Short names
(虹口 for 虹口区) are derived by the C++ loader, aliases live in
region_aliases.tsv.
"""
import csv
import os
import sys

MUNICIPALITIES = {"11", "12", "31", "50"}
# 计划单列市: Dalian, Ningbo, Xiamen, Qingdao, Shenzhen.
SEPARATELY_PLANNED = {"2102", "3302", "3502", "3702", "4403"}
# Placeholder rows of cities.csv that group counties, not real cities.
CITY_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_regions.py GAZETTEER_DIR")
    root = sys.argv[1]
    provinces = read(os.path.join(root, "provinces.csv"))
    cities = read(os.path.join(root, "cities.csv"))
    areas = read(os.path.join(root, "areas.csv"))

    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    out.writerow(["#code", "name", "level", "parent"])
    placeholder_cities = set()
    for p in provinces:
        out.writerow([p["code"] + "0000", p["name"], "province", "000000"])
    for c in cities:
        if c["name"] in CITY_PLACEHOLDERS:
            placeholder_cities.add(c["code"])
            continue
        out.writerow([c["code"] + "00", c["name"], "city", c["provinceCode"] + "0000"])
    for a in areas:
        city, prov = a["cityCode"], a["provinceCode"]
        wanted = (prov in MUNICIPALITIES or city.endswith("01") or city in SEPARATELY_PLANNED)
        if not wanted:
            continue
        # Counties of a municipality (or a province-administered county) hang
        # directly under the province: there is no real city between them.
        parent = prov + "0000" if city in placeholder_cities else city + "00"
        out.writerow([a["code"], a["name"], "county", parent])


if __name__ == "__main__":
    main()
