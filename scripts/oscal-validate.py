#!/usr/bin/env python3
"""python3 scripts/oscal-validate.py --schema SCHEMA [--ledger ROOT] DIR|FILE...

Validates OSCAL JSON documents (every *.json of a DIR, or the FILEs) against NIST's OSCAL JSON
schema (oscal_complete_schema.json; `make deps` puts the 1.2.3 one at .build/oscal/), then checks
that the documents given together hold together:

- every href resolves: a document href (import-profile, import-ssp, rlinks ...) to a file beside
  the document, a fragment (#UUID) to a back-matter resource of the same document, and with
  --ledger ROOT an artifact href in an assessment result's relevant-evidence to that path in the
  result's commit of the git repository at ROOT, whose SHA-256 must be the one its props give;
- every reference resolves: control-id, with-ids and target-id to a control or part of the
  catalog; component-uuid and subject-uuid to a component of the SSP; implementation-statement-uuid
  to an implemented requirement of the SSP; observation-uuid, finding-uuid and risk-uuid to one of
  the same document; party-uuids, member-of-organizations and role-id to the document's parties
  and roles; a POA&M's system-id to the SSP's;
- every uuid is defined once in its document, and oscal-version is 1.2.3.

The schema's token patterns use \\p{L} and \\p{N}, which Python's `re` does not know: patterns are
matched with the `regex` module instead (installed by `make deps`). Prints one line per problem and
exits 1 when there is any; else prints what was checked and exits 0.
"""
import argparse, hashlib, json, os, subprocess, sys, urllib.parse

import jsonschema
import regex

OSCAL_VERSION = "1.2.3"
ROOTS = {
    "catalog": "catalog", "profile": "profile", "system-security-plan": "ssp",
    "assessment-results": "assessment-results", "plan-of-action-and-milestones": "poam",
}


def pattern(validator, patrn, instance, schema):
    """The schema's `pattern`, matched by `regex` (which knows \\p{L}) instead of `re`."""
    if validator.is_type(instance, "string") and not regex.search(patrn, instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {patrn!r}")


def validator_for(schema_path):
    with open(schema_path) as f:
        schema = json.load(f)
    cls = jsonschema.validators.extend(jsonschema.Draft7Validator, {"pattern": pattern})
    return cls(schema, format_checker=jsonschema.FormatChecker()), schema.get("$id", "")


def walk(node, path=()):
    """Every (path, key, value) of a JSON tree."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield path, k, v
            yield from walk(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, path + (i,))


def objects(node, key):
    """Every object found under `key` (a list of objects) anywhere in the tree."""
    for _, k, v in walk(node):
        if k == key and isinstance(v, list):
            for item in v:
                if isinstance(item, dict):
                    yield item


def props(obj):
    return {p.get("name"): p.get("value") for p in obj.get("props", []) if isinstance(p, dict)}


class Checker:
    def __init__(self, ledger):
        self.ledger = ledger
        self.problems = []
        self.references = 0
        self.artifacts = 0

    def problem(self, file, where, text):
        self.problems.append(f"{file}: {'/'.join(str(p) for p in where) or '(root)'}: {text}")

    def check(self, docs):
        by_model = {}
        for file, doc in docs.items():
            root = next(iter(doc), None)
            model = ROOTS.get(root)
            if model is None:
                self.problem(file, (), f"not an OSCAL document this checker knows (root {root!r})")
                continue
            by_model.setdefault(model, []).append((file, doc[root]))
        catalog_controls, catalog_parts = set(), set()
        for _, c in by_model.get("catalog", []):
            catalog_controls |= {o["id"] for o in objects(c, "controls") if "id" in o}
            catalog_parts |= {o["id"] for o in objects(c, "parts") if "id" in o}
        components, implemented, system_ids = set(), set(), set()
        for _, s in by_model.get("ssp", []):
            components |= {o["uuid"] for o in objects(s, "components") if "uuid" in o}
            implemented |= {o["uuid"] for o in objects(s, "implemented-requirements") if "uuid" in o}
            system_ids |= {i.get("id") for i in s.get("system-characteristics", {}).get("system-ids", [])}

        for model, entries in by_model.items():
            for file, doc in entries:
                where0 = (next(k for k, v in ROOTS.items() if v == model),)
                if doc.get("metadata", {}).get("oscal-version") != OSCAL_VERSION:
                    self.problem(file, where0 + ("metadata", "oscal-version"), f"is not {OSCAL_VERSION}")
                # Every uuid defined once in the document.
                seen = {}
                for path, k, v in walk(doc):
                    if k == "uuid" and isinstance(v, str):
                        if v in seen:
                            self.problem(file, where0 + path, f"uuid {v} is defined twice (also at {'/'.join(map(str, seen[v]))})")
                        seen[v] = path
                local = {
                    "observation-uuid": {o["uuid"] for o in objects(doc, "observations") if "uuid" in o},
                    "finding-uuid": {o["uuid"] for o in objects(doc, "findings") if "uuid" in o},
                    "risk-uuid": {o["uuid"] for o in objects(doc, "risks") if "uuid" in o},
                    "party": {o["uuid"] for o in objects(doc, "parties") if "uuid" in o},
                    "role": {o["id"] for o in objects(doc, "roles") if "id" in o},
                    "resource": {o["uuid"] for o in objects(doc, "resources") if "uuid" in o},
                }
                needs = {"control-id": "catalog", "with-ids": "catalog", "target-id": "catalog", "component-uuid": "ssp",
                         "subject-uuid": "ssp", "implementation-statement-uuid": "ssp"}
                for path, k, v in walk(doc):
                    where = where0 + path + (k,)
                    if k in needs and needs[k] not in by_model:
                        self.problem(file, where, f"refers to the {needs[k]}, which is not among the documents checked")
                        continue
                    if k == "control-id":
                        self.ref(file, where, v, catalog_controls, "a control of the catalog")
                    elif k == "with-ids":
                        for i, x in enumerate(v):
                            self.ref(file, where + (i,), x, catalog_controls, "a control of the catalog")
                    elif k == "target-id":
                        self.ref(file, where, v, catalog_parts | catalog_controls, "a part or control of the catalog")
                    elif k == "component-uuid":
                        self.ref(file, where, v, components, "a component of the SSP")
                    elif k == "subject-uuid":
                        self.ref(file, where, v, components, "a component of the SSP")
                    elif k == "implementation-statement-uuid":
                        self.ref(file, where, v, implemented, "an implemented requirement of the SSP")
                    elif k in ("observation-uuid", "finding-uuid", "risk-uuid"):
                        self.ref(file, where, v, local[k], f"a{'n' if k[0] == 'o' else ''} {k[:-5]} of {file}")
                    elif k in ("party-uuids", "member-of-organizations"):
                        for i, x in enumerate(v):
                            self.ref(file, where + (i,), x, local["party"], f"a party of {file}")
                    elif k == "role-id" and isinstance(v, str):
                        self.ref(file, where, v, local["role"], f"a role of {file}")
                    elif k == "href" and isinstance(v, str) and "relevant-evidence" not in path:
                        self.href(file, where, v, local["resource"])
                if model == "poam" and "system-id" in doc:
                    if "ssp" not in by_model:
                        self.problem(file, where0 + ("system-id",), "refers to the SSP, which is not among the documents checked")
                    else:
                        self.ref(file, where0 + ("system-id", "id"), doc["system-id"].get("id"), system_ids, "the SSP's system id")
                if model == "assessment-results":
                    for i, result in enumerate(doc.get("results", [])):
                        commit = props(result).get("commit")
                        for j, obs in enumerate(result.get("observations", [])):
                            for n, ev in enumerate(obs.get("relevant-evidence", [])):
                                if "href" in ev:
                                    self.artifact(file, where0 + ("results", i, "observations", j, "relevant-evidence", n, "href"), ev, commit)

    def ref(self, file, where, value, known, what):
        self.references += 1
        if value not in known:
            self.problem(file, where, f"{value!r} is not {what}")

    def href(self, file, where, href, resources):
        self.references += 1
        if href.startswith("#"):
            if href[1:] not in resources:
                self.problem(file, where, f"{href} names no back-matter resource of {file}")
            return
        target = os.path.join(os.path.dirname(file), urllib.parse.unquote(href))
        if urllib.parse.urlparse(href).scheme or not os.path.isfile(target):
            self.problem(file, where, f"{href} does not resolve to a file beside {os.path.basename(file)}")

    def artifact(self, file, where, evidence, commit):
        self.references += 1
        if self.ledger is None:
            self.problem(file, where, "an artifact href: pass --ledger ROOT to check it against the ledger")
            return
        path = urllib.parse.unquote(evidence["href"])
        want = props(evidence).get("sha256")
        r = subprocess.run(["git", "-C", self.ledger, "cat-file", "blob", f"{commit}:{path}"], capture_output=True)
        if r.returncode != 0:
            self.problem(file, where, f"{path} is not in the ledger at {commit}: {r.stderr.decode().strip()}")
            return
        got = hashlib.sha256(r.stdout).hexdigest()
        if got != want:
            self.problem(file, where, f"{path} at {commit} hashes to {got}, the document says {want}")
        self.artifacts += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schema", required=True)
    ap.add_argument("--ledger")
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()
    validator, schema_id = validator_for(a.schema)
    files = []
    for p in a.paths:
        files += sorted(os.path.join(p, n) for n in os.listdir(p) if n.endswith(".json")) if os.path.isdir(p) else [p]
    checker = Checker(a.ledger)
    docs = {}
    for f in files:
        try:
            with open(f) as h:
                docs[f] = json.load(h)
        except (OSError, ValueError) as e:
            checker.problem(f, (), f"not JSON: {e}")
            continue
        for e in sorted(validator.iter_errors(docs[f]), key=lambda e: list(map(str, e.absolute_path))):
            # A oneOf/anyOf failure names its branches' errors: the deepest one says what is wrong.
            best = jsonschema.exceptions.best_match([e]) if e.context else e
            checker.problem(f, tuple(best.absolute_path), "schema: " + best.message[:500])
    checker.check(docs)
    for p in checker.problems:
        print(p)
    if checker.problems:
        return 1
    print(f"{len(docs)} documents valid against {schema_id}; {checker.references} references resolve"
          + (f", {checker.artifacts} artifacts match their SHA-256" if checker.artifacts else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
