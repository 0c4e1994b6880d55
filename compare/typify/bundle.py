"""Bundles a spec's event schemas into one JSON Schema file for typify.

typify reads one file and follows only `$ref`s inside it, so each YAML
file reachable from `event-schemas/schema/` becomes an entry of `$defs`
(named after its path) and each `$ref` to a file, or to a pointer inside
one, is rewritten to point at that entry. The root is a `oneOf` of the
event schemas, so that typify makes a type for every event.

    python3 compare/typify/bundle.py SPEC_DATA_DIR OUT.json
"""
import json
import os
import re
import sys

import yaml

data = os.path.abspath(sys.argv[1])
root = os.path.join(data, "event-schemas", "schema")
defs = {}


def def_name(path):
    rel = os.path.relpath(path, data)
    return re.sub(r"[^A-Za-z0-9]+", "_", rel[: -len(".yaml")]).strip("_")


def load(path):
    name = def_name(path)
    if name in defs:
        return name
    defs[name] = None  # taken, for cycles
    with open(path) as f:
        schema = yaml.safe_load(f)
    defs[name] = rewrite(schema, os.path.dirname(path))
    return name


def rewrite(node, here):
    if isinstance(node, list):
        return [rewrite(item, here) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str) and not value.startswith("#"):
            file, _, pointer = value.partition("#")
            name = load(os.path.normpath(os.path.join(here, file)))
            out[key] = f"#/$defs/{name}{pointer}"
        elif key == "$schema":
            continue
        else:
            out[key] = rewrite(value, here)
    return out


events = sorted(
    os.path.join(root, f) for f in os.listdir(root) if f.endswith(".yaml")
)
names = [load(path) for path in events]
bundle = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "MatrixEvents",
    "oneOf": [{"$ref": f"#/$defs/{n}"} for n in names],
    "$defs": defs,
}
with open(sys.argv[2], "w") as f:
    json.dump(bundle, f, indent=1)
print(f"{len(names)} event schemas, {len(defs)} definitions -> {sys.argv[2]}")
