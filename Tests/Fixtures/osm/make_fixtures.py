"""Cuts the small OSM fixtures from the shared extracts (needs `pip install osmium`).

Run from the repository root: python3 Tests/Fixtures/osm/make_fixtures.py
Keeps the listed elements as they are in the source file, plus every node and member way they need.
"""
import os
import osmium

SHARED = os.path.join(os.path.dirname(__file__), "../../../../shared/data/osm")
HERE = os.path.dirname(__file__)

MONACO = {
    "n": {1866465411, 1866523017, 6482565675, 2475270782, 25230434, 280487253},
    "w": {49209406, 261584551, 4226740, 4229900, 4230113, 4229326, 718024988, 4230116},
    "r": {393226, 2093796},
}
SHANGHAI = {"n": {63283237}, "w": {8758061, 8792331, 8792376}, "r": set()}


def cut(source, keep, targets):
    keep = {k: set(v) for k, v in keep.items()}
    for o in osmium.FileProcessor(source, osmium.osm.RELATION):
        if o.id in keep["r"]:
            keep["w"] |= {m.ref for m in o.members if m.type == "w"}
            keep["n"] |= {m.ref for m in o.members if m.type == "n"}
    for o in osmium.FileProcessor(source, osmium.osm.WAY):
        if o.id in keep["w"]:
            keep["n"] |= {n.ref for n in o.nodes}
    for target in targets:
        if os.path.exists(target):
            os.remove(target)
        with osmium.SimpleWriter(target) as writer:
            for o in osmium.FileProcessor(source):
                if o.id in keep[o.type_str()]:
                    writer.add(o)


cut(os.path.join(SHARED, "monaco_2020.osm.pbf"), MONACO,
    [os.path.join(HERE, "monaco_sample.osm"), os.path.join(HERE, "monaco_sample.osm.pbf")])
cut(os.path.join(SHARED, "shanghai_center_roads_2025.osm"), SHANGHAI, [os.path.join(HERE, "shanghai_sample.osm")])
