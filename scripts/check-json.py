#!/usr/bin/env python3
"""python3 scripts/check-json.py SCHEMA [FILE]: validates a JSON document (FILE or stdin) against
one of the JSON Schemas in Schemas/; prints the errors and exits 1 when it does not conform."""
import json, sys
import jsonschema

schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2])) if len(sys.argv) > 2 else json.load(sys.stdin)
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors:
    print("/".join(str(p) for p in e.path) + ": " + e.message)
sys.exit(1 if errors else 0)
