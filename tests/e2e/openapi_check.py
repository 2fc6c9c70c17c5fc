#!/usr/bin/python3
# openapi_check.py: checks static/openapi.json itself, against the program's route table, and validates captured real responses against it.
"""Usage: openapi_check.py OPENAPI_JSON ROUTES_FILE MANIFEST_FILE

ROUTES_FILE: one route a line, "METHODS PATTERN" ("GET,HEAD /api/v1/models/{slug}").
Every pattern must be a path of the document with an operation for each of
its methods but HEAD (HEAD is described by GET), and every path and
operation of the document must be a route.

MANIFEST_FILE: one captured response a line, tab-separated
"METHOD PATH_TEMPLATE STATUS CONTENT_TYPE BODY_FILE". Its response object
(or "default") must exist, list the media type, and, for JSON, the body
must validate against the media type's schema. CONTENT_TYPE may be empty
(a 304). A relative BODY_FILE is looked up from the current directory,
then from the manifest's directory. HEAD bodies are not validated.

Prints "ok ..." or "FAIL ..." per check and "openapi: N passed, M failed";
exits 1 when any check failed, 2 on bad usage, 0 otherwise.
Needs only Debian's python3-jsonschema (4.10 or later).
"""
import json
import os
import re
import sys
from urllib.parse import unquote

import jsonschema

OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
METHODS = {m.upper() for m in OPERATIONS}


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, what):
        self.passed += 1
        print("ok " + what)

    def fail(self, what, why):
        self.failed += 1
        print("FAIL %s: %s" % (what, why))


def pointer(doc, ref):
    """The value a local "#/a/b" reference names; KeyError when none."""
    if not ref.startswith("#"):
        raise KeyError("not a local reference")
    frag = unquote(ref[1:])
    node = doc
    if frag == "":
        return node
    if not frag.startswith("/"):
        raise KeyError("not a JSON pointer")
    for part in frag[1:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise KeyError(part)
    return node


def deref(doc, node):
    """Follows an object's $ref chain (responses, parameters, headers)."""
    for _ in range(20):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            node = pointer(doc, node["$ref"])
        else:
            return node
    raise KeyError("$ref loop")


def walk(node, where="#"):
    """Yields (location, dict) for every object of the document."""
    if isinstance(node, dict):
        yield where, node
        for k, v in node.items():
            yield from walk(v, where + "/" + str(k).replace("~", "~0").replace("/", "~1"))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, "%s/%d" % (where, i))


def operations(item):
    return [(m, item[m]) for m in OPERATIONS if isinstance(item.get(m), dict)]


def check_document(doc, res):
    version = doc.get("openapi")
    if isinstance(version, str) and version.startswith("3.1"):
        res.ok("document: openapi %s" % version)
    else:
        res.fail("document", "openapi is %r, not 3.1.x" % (version,))
    if not isinstance(doc.get("paths"), dict) or not doc["paths"]:
        res.fail("document", "no paths")
        return False

    bad_refs = 0
    n_refs = 0
    for where, node in walk(doc):
        r = node.get("$ref")
        if not isinstance(r, str):
            continue
        n_refs += 1
        try:
            pointer(doc, r)
        except KeyError as e:
            bad_refs += 1
            res.fail("document: $ref at %s" % where, "%s does not resolve (%s)" % (r, e))
    if bad_refs == 0:
        res.ok("document: all %d $ref resolve" % n_refs)

    # Every schema must itself be a valid 2020-12 schema.
    bad_schemas = 0
    for name, schema in ((doc.get("components") or {}).get("schemas") or {}).items():
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.exceptions.SchemaError as e:
            bad_schemas += 1
            res.fail("document: schema %s" % name, e.message)
    if bad_schemas == 0:
        res.ok("document: components/schemas are valid JSON Schema 2020-12")

    for path, item in doc["paths"].items():
        if not isinstance(item, dict):
            res.fail("document: %s" % path, "not a path item object")
            continue
        ops = operations(item)
        if not ops:
            res.fail("document: %s" % path, "no operation")
        template = re.findall(r"\{([^{}]+)\}", path)
        for method, operation in ops:
            what = "document: %s %s" % (method.upper(), path)
            problems = []
            responses = operation.get("responses")
            if not isinstance(responses, dict) or not responses:
                problems.append("no responses")
            declared = {}
            for p in list(item.get("parameters") or []) + list(operation.get("parameters") or []):
                try:
                    p = deref(doc, p)
                except KeyError:
                    continue  # reported with the $refs
                if isinstance(p, dict) and p.get("in") == "path":
                    declared[p.get("name")] = p
            for name in template:
                if name not in declared:
                    problems.append("path parameter {%s} is not declared" % name)
                elif declared[name].get("required") is not True:
                    problems.append("path parameter {%s} is not required: true" % name)
            for name in declared:
                if name not in template:
                    problems.append("path parameter %s is not in the template" % name)
            if problems:
                res.fail(what, "; ".join(problems))
            else:
                res.ok(what)
    return True


def read_routes(path, res):
    """{pattern: set of methods} from ROUTES_FILE."""
    routes = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split()
            if len(parts) != 2:
                res.fail("routes %s:%d" % (path, n), "not 'METHODS PATTERN': %r" % line)
                continue
            methods = {m.strip().upper() for m in parts[0].split(",") if m.strip()}
            unknown = methods - METHODS
            if unknown or not methods:
                res.fail("routes %s:%d" % (path, n), "unknown method in %r" % parts[0])
                continue
            routes.setdefault(parts[1], set()).update(methods)
    return routes


def check_routes(doc, routes, res):
    paths = doc["paths"]
    for pattern in sorted(routes):
        methods = routes[pattern]
        item = paths.get(pattern)
        if not isinstance(item, dict):
            res.fail("route %s %s" % (",".join(sorted(methods)), pattern), "not a path of the document")
            continue
        for m in sorted(methods):
            if m == "HEAD":
                if "GET" not in methods and "head" not in item:
                    res.fail("route HEAD %s" % pattern, "HEAD without GET and no head operation")
                continue
            if isinstance(item.get(m.lower()), dict):
                res.ok("route %s %s" % (m, pattern))
            else:
                res.fail("route %s %s" % (m, pattern), "the document has no %s operation" % m.lower())
        for m, _ in operations(item):
            if m.upper() not in methods:
                res.fail("document: %s %s" % (m.upper(), pattern), "the route does not serve %s" % m.upper())
    for pattern in paths:
        if pattern not in routes:
            res.fail("document: %s" % pattern, "stale: no route of the program has this path")


def media_type(content_type):
    return content_type.split(";", 1)[0].strip().lower()


def find_media(content, mt):
    """The media type object of content for mt, exact first, then wildcards."""
    keys = {media_type(k): k for k in content}
    for cand in (mt, mt.split("/", 1)[0] + "/*", "*/*"):
        if cand in keys:
            return keys[cand], content[keys[cand]]
    return None, None


def is_json(mt):
    return mt == "application/json" or mt.endswith("+json")


def error_path(err):
    parts = list(err.absolute_path)
    return "/" + "/".join(str(p) for p in parts) if parts else "(root)"


def describe(err):
    """best_match's message, without echoing a whole array or object."""
    if err.validator in ("minItems", "maxItems") and isinstance(err.instance, list):
        return "%d items, %s is %r" % (len(err.instance), err.validator, err.validator_value)
    if len(err.message) <= 300:
        return err.message
    return "fails %s: %s" % (err.validator, json.dumps(err.validator_value)[:200])


def body_file(name, manifest):
    if os.path.isabs(name) or os.path.exists(name):
        return name
    return os.path.join(os.path.dirname(os.path.abspath(manifest)), name)


def check_manifest(doc, manifest, res):
    resolver = jsonschema.RefResolver.from_schema(doc)
    format_checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    with open(manifest, encoding="utf-8") as f:
        lines = f.read().splitlines()
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 5:
            res.fail("manifest %s:%d" % (manifest, n), "want 5 tab-separated fields, got %d" % len(fields))
            continue
        method, template, status, ctype, body_name = (x.strip() for x in fields)
        what = "%s %s %s %s (%s)" % (method, template, status, ctype or "-", body_name)
        item = doc["paths"].get(template)
        if not isinstance(item, dict):
            res.fail(what, "no such path in the document")
            continue
        op_name = "get" if method.upper() == "HEAD" and "head" not in item else method.lower()
        operation = item.get(op_name)
        if not isinstance(operation, dict):
            res.fail(what, "the path has no %s operation" % op_name)
            continue
        responses = operation.get("responses", {})
        response = responses.get(status, responses.get("default"))
        if response is None:
            res.fail(what, "no response %s (and no default) is documented" % status)
            continue
        try:
            response = deref(doc, response)
        except KeyError as e:
            res.fail(what, "the response's $ref does not resolve (%s)" % e)
            continue
        content = response.get("content") or {}
        if ctype in ("", "-"):
            if content:
                res.fail(what, "no Content-Type, but the document lists %s" % ", ".join(sorted(content)))
            else:
                res.ok(what)
            continue
        mt = media_type(ctype)
        key, media = find_media(content, mt)
        if media is None:
            listed = ", ".join(sorted(content)) if content else "no content"
            res.fail(what, "media type %s is not listed for %s (%s)" % (mt, status, listed))
            continue
        if not is_json(mt) or method.upper() == "HEAD":
            res.ok(what)
            continue
        media = deref(doc, media)
        schema = media.get("schema")
        try:
            with open(body_file(body_name, manifest), encoding="utf-8") as bf:
                body = json.load(bf)
        except (OSError, ValueError) as e:
            res.fail(what, "body is not readable JSON: %s" % e)
            continue
        if schema is None:
            res.ok(what)
            continue
        validator = jsonschema.Draft202012Validator(
            schema, resolver=resolver, format_checker=format_checker
        )
        try:
            err = jsonschema.exceptions.best_match(validator.iter_errors(body))
        except (jsonschema.exceptions.RefResolutionError, jsonschema.exceptions.UnknownType,
                jsonschema.exceptions.SchemaError) as e:
            first = str(e).splitlines()[0].rstrip(" :")
            res.fail(what, "the schema cannot be used: %s: %s" % (type(e).__name__, first))
            continue
        if err is None:
            res.ok(what)
        else:
            schema_at = "/".join(str(p) for p in err.absolute_schema_path)
            res.fail(what, "at %s: %s (schema %s)" % (error_path(err), describe(err), schema_at))


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    openapi_json, routes_file, manifest_file = argv[1:]
    res = Results()
    try:
        with open(openapi_json, encoding="utf-8") as f:
            doc = json.load(f)
        if not isinstance(doc, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as e:
        res.fail("document %s" % openapi_json, str(e))
        doc = None
    if doc is not None and check_document(doc, res):
        try:
            routes = read_routes(routes_file, res)
            check_routes(doc, routes, res)
        except OSError as e:
            res.fail("routes %s" % routes_file, str(e))
        try:
            check_manifest(doc, manifest_file, res)
        except OSError as e:
            res.fail("manifest %s" % manifest_file, str(e))
    print("openapi: %d passed, %d failed" % (res.passed, res.failed))
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
