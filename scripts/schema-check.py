#!/usr/bin/env python3
"""Validate evident records (YAML) against the JSON Schemas in Schemas/.

    python3 scripts/schema-check.py DIR_OR_FILE...   # print verdicts as JSON, exit 0
    python3 scripts/schema-check.py --self-test      # check Tests/Fixtures/records against expected.json

The schema is chosen by file-name prefix (ledger-*.yaml, evidence-*.yaml, control-*.yaml, poam-*.yaml,
affirmation-*.yaml, exception-*.yaml) or, failing that, by the record's own `schema` field. Output: {"<file name>": {"valid": bool, "errors": ["<field>: <message>"]}}
sorted by key. <field> is the dotted path of the offending field ("artifacts.0.path"); for a missing or
unknown key it names that key, and "(root)" stands for the whole record.

YAML is read the way evident reads records (see Schemas/README.md, "From YAML to JSON"): only
decimal integers, true/false and null get a non-string type; dates, timestamps, floats and YAML 1.1
words such as yes/no/on/off stay strings; duplicate keys are an error.

Needs Python 3.11, jsonschema (4.x) and PyYAML only.
"""

import json
import re
import sys
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "Schemas"
FIXTURES = ROOT / "Tests" / "Fixtures" / "records"

KINDS = {
    "ledger": ("ledger.schema.json", "evident/ledger/v1"),
    "evidence": ("evidence.schema.json", "evident/evidence/v1"),
    "poam": ("poam.schema.json", "evident/poam/v1"),
    "affirmation": ("affirmation.schema.json", "evident/affirmation/v1"),
    "control": ("control.schema.json", "evident/control/v1"),
    "exception": ("exception.schema.json", "evident/exception/v1"),
}


# --- YAML -> JSON data model -------------------------------------------------------------------

class RecordLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema scalars, minus floats and timestamps."""


# Start from no implicit resolvers at all, then add back the three types a record may use.
RecordLoader.yaml_implicit_resolvers = {}
RecordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
RecordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
RecordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


def _construct_int(loader, node):
    # Decimal only: PyYAML would read 0755 as octal and 1_000 as 1000.
    return int(loader.construct_scalar(node), 10)


def _construct_bool(loader, node):
    return loader.construct_scalar(node).lower() == "true"


RecordLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
RecordLoader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
# Explicit !!float / !!timestamp tags must not sneak non-JSON values in either.
RecordLoader.add_constructor("tag:yaml.org,2002:float", yaml.SafeLoader.construct_yaml_str)
RecordLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
RecordLoader.add_constructor("tag:yaml.org,2002:binary", yaml.SafeLoader.construct_yaml_str)


class RecordError(Exception):
    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


def _find_duplicate_keys(node, path):
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None:
                if key in seen:
                    raise RecordError(_join(path + [key]),
                                      f"duplicate key {key!r} (line {key_node.start_mark.line + 1})")
                seen.add(key)
            _find_duplicate_keys(value_node, path + [key if key is not None else "?"])
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _find_duplicate_keys(item, path + [index])


def load_record(text):
    loader = RecordLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _find_duplicate_keys(node, [])
        return loader.construct_document(node)
    except yaml.YAMLError as error:
        raise RecordError(None, "not valid YAML: " + " ".join(str(error).split())) from None
    finally:
        loader.dispose()


# --- Schemas -----------------------------------------------------------------------------------

def _ecma_pattern(pattern):
    """Give a schema pattern ECMA-262 end-of-input semantics under Python's re.

    In ECMA-262 (the dialect JSON Schema specifies) '$' matches only at the very end; in Python it
    also matches before a final newline, so "EV-20261128-7K3QX2\\n" would pass. Rewrite each bare
    '$' (outside a character class, unescaped) to '\\Z'.
    """
    out, in_class, i = [], False, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "$":
            c = r"\Z"
        out.append(c)
        i += 1
    return "".join(out)


_PATTERN_CACHE = {}


def _pattern(validator, pattern, instance, schema):
    if not validator.is_type(instance, "string"):
        return
    compiled = _PATTERN_CACHE.get(pattern)
    if compiled is None:
        compiled = _PATTERN_CACHE[pattern] = re.compile(_ecma_pattern(pattern))
    if not compiled.search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _properties(validator, properties, instance, schema):
    # jsonschema drops the property name from the path of a `false` subschema's error
    # ("frameworks.0" instead of "frameworks.0.categories"); report it at the property.
    if not validator.is_type(instance, "object"):
        return
    for name, subschema in properties.items():
        if name not in instance:
            continue
        if subschema is False:
            yield ValidationError(f"{name!r} is not allowed here", path=[name], schema_path=[name])
        else:
            yield from validator.descend(instance[name], subschema, path=name, schema_path=name)


def _required(validator, required, instance, schema):
    # One error per missing key, located at that key (jsonschema locates it at the parent).
    if not validator.is_type(instance, "object"):
        return
    for name in required:
        if name not in instance:
            yield ValidationError(f"{name!r} is a required property", path=[name])


def _additional_properties(validator, additional, instance, schema):
    # One error per unknown key, located at that key (jsonschema reports them all at the parent).
    if not validator.is_type(instance, "object") or additional is not False:
        yield from _BASE["additionalProperties"](validator, additional, instance, schema)
        return
    known = schema.get("properties", {})
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    for name in instance:
        if name not in known and not any(p.search(name) for p in patterns):
            allowed = ", ".join(known) or "none"
            yield ValidationError(f"unknown key {name!r} (allowed here: {allowed})", path=[name])


_BASE = Draft202012Validator.VALIDATORS
RecordValidator = validators.extend(Draft202012Validator, {
    "pattern": _pattern,
    "properties": _properties,
    "required": _required,
    "additionalProperties": _additional_properties,
})

_VALIDATORS = {}


def validator_for(kind):
    if kind not in _VALIDATORS:
        schema = json.loads((SCHEMA_DIR / KINDS[kind][0]).read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        _VALIDATORS[kind] = RecordValidator(schema)
    return _VALIDATORS[kind]


def schema_for(kind):
    return validator_for(kind).schema


# --- Validation --------------------------------------------------------------------------------

def _join(parts):
    return ".".join(str(p) for p in parts) if parts else "(root)"


def error_field(error):
    """Dotted path of the field an error is about (a missing or unknown key names that key)."""
    return _join(list(error.absolute_path))


def kind_of(name, record):
    for kind in KINDS:
        if name.startswith(kind + "-"):
            return kind
    if isinstance(record, dict):
        for kind, (_, schema_id) in KINDS.items():
            if record.get("schema") == schema_id:
                return kind
    return None


def check_file(path):
    """Return (valid, [(field, message)])."""
    try:
        text = path.read_text(encoding="utf-8")
        record = load_record(text)
    except (OSError, UnicodeDecodeError) as error:
        return False, [("(root)", f"cannot read: {error}")]
    except RecordError as error:
        return False, [(error.field or "(root)", error.message)]
    kind = kind_of(path.name, record)
    if kind is None:
        declared = record.get("schema") if isinstance(record, dict) else None
        known = ", ".join(s for _, s in KINDS.values())
        if declared is None:
            return False, [("schema", "cannot tell the record kind: name the file ledger-*.yaml, "
                                      f"evidence-*.yaml or control-*.yaml, or set schema: to one of {known}")]
        return False, [("schema", f"no schema in Schemas/ for {declared!r} (known: {known})")]
    problems = []
    errors = sorted(validator_for(kind).iter_errors(record),
                    key=lambda e: ([str(p) for p in e.absolute_path], e.message))
    for error in errors:
        problems.append((error_field(error), error.message))
    return not problems, problems


def collect(args):
    files = []
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*.yaml") if f.is_file()))
        elif p.is_file():
            files.append(p)
        else:
            raise SystemExit(f"schema-check: no such file or directory: {arg}")
    # Key by file name; fall back to the path when two files share a name.
    names = [f.name for f in files]
    return {(f.name if names.count(f.name) == 1 else str(f)): f for f in files}


def run(args):
    report = {}
    for key, path in collect(args).items():
        valid, problems = check_file(path)
        report[key] = {"valid": valid, "errors": [f"{field}: {msg}" for field, msg in problems]}
    print(json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False))
    return 0


# --- Self-test ---------------------------------------------------------------------------------

def _related(a, b):
    """True when dotted path a equals b or one contains the other."""
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


def _key_order_problem(record, schema, defs, where):
    """Check that known keys appear in the schema's property order (the canonical order)."""
    if "$ref" in schema:
        schema = defs[schema["$ref"].split("/")[-1]]
    if isinstance(record, dict) and "properties" in schema:
        order = list(schema["properties"])
        known = [k for k in record if k in order]
        if known != sorted(known, key=order.index):
            return f"{where or '(root)'}: keys {known} not in canonical order {order}"
        for k in known:
            problem = _key_order_problem(record[k], schema["properties"][k], defs, _join_sub(where, k))
            if problem:
                return problem
    elif isinstance(record, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(record):
            problem = _key_order_problem(item, schema["items"], defs, _join_sub(where, i))
            if problem:
                return problem
    return None


def _join_sub(where, key):
    return f"{where}.{key}" if where else str(key)


def self_test():
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
    mismatches = []
    seen = set()
    for folder, want_valid in (("valid", True), ("invalid", False)):
        for path in sorted((FIXTURES / folder).glob("*.yaml")):
            name = path.name
            seen.add(name)
            exp = expected.get(name)
            if exp is None:
                mismatches.append(f"{folder}/{name}: not listed in expected.json")
                continue
            if exp.get("valid") is not want_valid:
                mismatches.append(f"{folder}/{name}: expected.json says valid={exp.get('valid')} "
                                  f"but the file is under {folder}/")
            if not name.startswith(tuple(kind + "-" for kind in KINDS)):
                mismatches.append(f"{folder}/{name}: name must start with "
                                  + ", ".join(kind + "-" for kind in KINDS))
            valid, problems = check_file(path)
            fields = [f for f, _ in problems]
            detail = "; ".join(f"{f}: {m}" for f, m in problems)
            if valid != exp.get("valid"):
                mismatches.append(f"{folder}/{name}: expected valid={exp.get('valid')}, got valid={valid}"
                                  + (f" ({detail})" if detail else ""))
                continue
            if valid:
                if exp.get("field") is not None:
                    mismatches.append(f"{folder}/{name}: valid fixture must have field null")
            else:
                want = exp.get("field")
                if want not in fields:
                    mismatches.append(f"{folder}/{name}: expected an error at {want!r}, got {detail}")
                elif not all(_related(f, want) for f in fields):
                    mismatches.append(f"{folder}/{name}: more than one defect? errors: {detail}")
            # Canonical layout: key order, final newline, no tabs.
            text = path.read_text(encoding="utf-8")
            if not text.endswith("\n") or text.endswith("\n\n"):
                mismatches.append(f"{folder}/{name}: must end with exactly one newline")
            try:
                record = load_record(text)
            except RecordError:
                record = None
            kind = kind_of(name, record)
            if kind and record is not None:
                schema = schema_for(kind)
                problem = _key_order_problem(record, schema, schema.get("$defs", {}), "")
                if problem:
                    mismatches.append(f"{folder}/{name}: {problem}")
    for name in sorted(set(expected) - seen):
        mismatches.append(f"{name}: listed in expected.json but no such fixture")
    if mismatches:
        print(f"self-test: {len(mismatches)} mismatch(es)")
        for m in mismatches:
            print("  " + m)
        return 1
    n_valid = sum(1 for v in expected.values() if v["valid"])
    print(f"self-test: ok, {len(expected)} fixtures ({n_valid} valid, {len(expected) - n_valid} invalid) "
          "match expected.json")
    return 0


def main(argv):
    if argv == ["--self-test"]:
        return self_test()
    if not argv or any(a in ("-h", "--help") for a in argv):
        print(__doc__.strip(), file=sys.stderr)
        return 0 if argv else 64
    return run(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
