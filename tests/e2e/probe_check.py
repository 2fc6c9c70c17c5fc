#!/usr/bin/env python3
"""probe_check.py: what the fake provider received, checked against each family's request shape and keys (tests/e2e/probe.sh).

Usage:
  probe_check.py catalog OUT PORTS          writes OUT/catalog.json, OUT/keys.json, OUT/expect.txt (| between fields)
  probe_check.py requests OUT               checks OUT/requests.jsonl against the catalog and keys
  probe_check.py schedule OUT PORT N INTERVAL   writes OUT/sched.json (N endpoints)
  probe_check.py overlap OUT                the schedule run: each endpoint never twice at once;
                                            the starts spread over the interval

Prints "PASS name" or "FAIL name: why" per check.
"""
import collections
import json
import os
import secrets
import sys

# Each family: its provider slug, key variables, the URL after the
# scenario segment, and the provider's model id.
FAMILIES = [
    ("openai", "openai-chat", ["OPENAI_API_KEY"], "/v1/chat/completions", "gpt-4o-mini"),
    ("azure", "azure-openai-chat", ["AZURE_OPENAI_API_KEY"],
     "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", "gpt-4o"),
    ("anthropic", "anthropic-messages", ["ANTHROPIC_API_KEY"], "/v1/messages", "claude-haiku-4-5"),
    ("gemini", "gemini-generate", ["GEMINI_API_KEY"],
     "/v1beta/models/gemini-2.5-flash:generateContent", "gemini-2.5-flash"),
    ("cohere", "cohere-chat", ["CO_API_KEY"], "/v2/chat", "command-a-03-2025"),
    ("bedrock", "bedrock-converse", ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
     "/model/amazon.nova-pro-v1:0/converse", "amazon.nova-pro-v1:0"),
    ("clova", "clova-chat", ["CLOVASTUDIO_API_KEY"], "/v3/chat-completions/HCX-005", "HCX-005"),
]

# Scenario -> (status, error kind, HTTP status or "", latency rule).
# The classification as docs/probing.md states it, written out here
# independently of the C code.
INFERENCE = {
    "ok": ("operational", "", "200", "fast"),
    "slow": ("degraded", "", "200", "slow"),
    "s401": ("outage", "auth", "401", "fast"),
    "s429": ("degraded", "rate_limited", "429", "fast"),
    "s529": ("outage", "overloaded", "529", "fast"),
    "s500": ("outage", "http_5xx", "500", "fast"),
    "s302": ("outage", "unexpected_status", "302", "fast"),
    "empty": ("outage", "empty", "200", "fast"),
    "malformed": ("outage", "malformed", "200", "fast"),
    "errbody": ("outage", "malformed", "200", "fast"),
    "reset": ("outage", "connect", "", "fast"),
    "hang": ("outage", "timeout", "", "timeout"),
}
STREAM = {
    "ok": ("operational", "", "200", "fast"),
    "slowfirst": ("degraded", "", "200", "slow"),
    "errbody": ("outage", "malformed", "200", "fast"),
    "malformed": ("outage", "malformed", "200", "fast"),
}
TIMEOUT_MS, DEGRADED_MS = 3000, 1000


def out(ok, name, why=""):
    print(("PASS %s" % name) if ok else ("FAIL %s: %s" % (name, why)))


def endpoint(url, kind, api, model, expect=(200, 401)):
    e = {"region": "global", "url": url, "method": "POST", "expectStatus": list(expect),
         "timeoutMs": TIMEOUT_MS, "degradedMs": DEGRADED_MS, "probe": kind}
    if api:
        e["api"] = api
    if model:
        e["providerModel"] = model
    return e


def make_catalog(outdir, ports_file):
    ports = json.load(open(ports_file))
    http = "http://127.0.0.1:%d" % ports["http"]
    keys, providers, expect = {}, [], []
    for slug, api, env, path, pm in FAMILIES:
        for v in env:
            keys[v] = "test-%s-%s" % (v.lower().replace("_", "-"), secrets.token_hex(12))
        models = []
        for kind, table in (("inference", INFERENCE), ("stream", STREAM)):
            for scn, row in table.items():
                mslug = "%s-%s%s" % (slug, "stream-" if kind == "stream" else "", scn)
                ep = endpoint(http + "/" + scn + path, kind, api, pm)
                if slug == "bedrock":
                    ep["region"] = "us-west-2"
                models.append({"slug": mslug, "name": mslug, "isActive": True, "endpoints": [ep]})
                expect.append((mslug, ep["region"], kind) + row)
        providers.append({"slug": slug, "name": slug, "keyEnv": env if len(env) > 1 else env[0],
                          "models": models})
    # TLS, connection and name failures, and an inference endpoint whose
    # provider's key is not set (probed for reachability).
    extra = [
        ("tls-ok", "https://127.0.0.1:%d/ok/v1/chat/completions" % ports["https"], "inference",
         ("operational", "", "200", "fast")),
        ("tls-wrong-name", "https://127.0.0.1:%d/ok/v1/chat/completions" % ports["wrong"], "inference",
         ("outage", "tls", "", "fast")),
        ("refused", "http://127.0.0.1:%d/ok/v1/chat/completions" % ports["closed"], "inference",
         ("outage", "connect", "", "fast")),
        ("no-such-host", "http://no-such-host.invalid/ok/v1/chat/completions", "inference",
         ("outage", "dns", "", "fast")),
    ]
    models = []
    for name, url, kind, row in extra:
        models.append({"slug": name, "name": name, "isActive": True,
                       "endpoints": [endpoint(url, kind, "openai-chat", "gpt-4o-mini")]})
        expect.append((name, "global", kind) + row)
    keys["NET_API_KEY"] = "test-net-api-key-%s" % secrets.token_hex(12)
    providers.append({"slug": "net", "name": "net", "keyEnv": "NET_API_KEY", "models": models})
    # MISTRAL_API_KEY is never set: its inference endpoint is probed as
    # reachability, where 401 is expected.
    providers.append({"slug": "nokey", "name": "nokey", "keyEnv": "MISTRAL_API_KEY", "models": [
        {"slug": "nokey-inference", "name": "n", "isActive": True,
         "endpoints": [endpoint(http + "/s401/v1/chat/completions", "inference", "openai-chat",
                                "mistral-small-latest")]},
        {"slug": "nokey-inactive", "name": "n", "isActive": False,
         "endpoints": [endpoint(http + "/ok/v1/chat/completions", "reachability", None, None)]}]})
    expect.append(("nokey-inference", "global", "reachability", "operational", "", "401", "fast"))
    json.dump({"providers": providers}, open(os.path.join(outdir, "catalog.json"), "w"), indent=1)
    json.dump(keys, open(os.path.join(outdir, "keys.json"), "w"))
    with open(os.path.join(outdir, "expect.txt"), "w") as f:
        for row in expect:
            f.write("|".join(row) + "\n")


def load_requests(outdir):
    starts, ends = {}, {}
    with open(os.path.join(outdir, "requests.jsonl")) as f:
        for line in f:
            r = json.loads(line)
            (starts if r["event"] == "start" else ends)[r["id"]] = r
    return starts, ends


def check_requests(outdir):
    keys = json.load(open(os.path.join(outdir, "keys.json")))
    starts, _ = load_requests(outdir)
    by_slug = {f[0]: f for f in FAMILIES}
    seen = collections.Counter()
    for r in starts.values():
        path, h = r["path"], r["headers"]
        text = json.dumps(r)
        scn = path.split("/")[1]
        fam = None
        for slug, api, env, p, pm in FAMILIES:
            if path.split("?")[0].endswith(p.split("?")[0]) or (slug == "bedrock" and "/converse" in path) \
                    or (slug == "gemini" and ":streamGenerateContent" in path):
                fam = slug
                break
        if path.startswith("/s401/v1/chat/completions") and "authorization" not in h \
                and "mistral" in r["body"]:
            # the provider without its key: probed bare
            seen["nokey"] += 1
            out(not any(v in text for v in keys.values()), "nokey request carries no key")
            continue
        if fam is None:
            out(False, "request %s" % path, "no family's path")
            continue
        slug, api, env, p, pm = by_slug[fam]
        own = [keys[v] for v in env]
        if r["port"] != json.load(open(os.path.join(outdir, "ports")))["http"]:
            own = [keys["NET_API_KEY"]]  # the TLS endpoint (openai-chat under provider net)
            slug = "net"
        others = [v for k, v in keys.items() if v not in own]
        name = "%s %s" % (slug, path.split("?")[0])
        leaked = [k for k in others if k in text]
        out(not leaked, name + ": no other provider's key", "found %d other keys" % len(leaked))
        try:
            body = json.loads(r["body"])
        except ValueError:
            out(False, name + ": JSON body", r["body"][:80])
            continue
        streamed = ":streamGenerateContent" in path or "/converse-stream" in path or body.get("stream") is True \
            or "text/event-stream" in h.get("accept", "")
        seen[(slug, streamed)] += 1
        ok, why = family_shape(slug, fam, r, h, body, own, pm, streamed)
        out(ok, name + (" (stream)" if streamed else "") + ": headers, key and body", why)
    for slug, *_ in FAMILIES:
        out(seen[(slug, False)] > 0 and seen[(slug, True)] > 0, "%s: requests whole and streamed arrived" % slug,
            str(dict(seen)))
    out(seen["nokey"] == 1, "the keyless provider's endpoint probed once, bare", str(seen["nokey"]))


def family_shape(slug, fam, r, h, body, own, pm, streamed):
    """(ok, why) for one request of its family."""
    key = own[0]
    ct = h.get("content-type", "")
    if ct != "application/json":
        return False, "content-type %r" % ct
    msgs = body.get("messages")
    if fam == "openai":
        if slug == "azure":
            if h.get("api-key") != key or "authorization" in h:
                return False, "azure wants api-key and no authorization"
            if "api-version=2024-10-21" not in r["path"]:
                return False, "api-version lost"
        elif h.get("authorization") != "Bearer " + key:
            return False, "authorization"
        if body.get("model") != pm or body.get("max_tokens") != 1 or body.get("temperature") != 0:
            return False, "body %r" % body
        if not (isinstance(msgs, list) and msgs and msgs[0].get("role") == "user" and msgs[0].get("content")):
            return False, "messages"
        if streamed != (body.get("stream") is True):
            return False, "stream member"
    elif fam == "anthropic":
        if h.get("x-api-key") != key or h.get("anthropic-version") != "2023-06-01" or "authorization" in h:
            return False, "x-api-key / anthropic-version"
        if body.get("model") != pm or body.get("max_tokens") != 1 or body.get("temperature") != 0 or not msgs:
            return False, "body %r" % body
    elif fam == "gemini":
        if h.get("x-goog-api-key") != key or "key=" in r["path"] or key in r["path"]:
            return False, "x-goog-api-key, key not in the URL"
        if pm not in r["path"]:
            return False, "model not in the path"
        if streamed and not r["path"].endswith(":streamGenerateContent?alt=sse"):
            return False, "stream path %s" % r["path"]
        gc = body.get("generationConfig", {})
        if gc.get("maxOutputTokens") != 1 or gc.get("temperature") != 0 or not body.get("contents"):
            return False, "body %r" % body
    elif fam == "cohere":
        if h.get("authorization") != "Bearer " + key:
            return False, "authorization"
        if body.get("model") != pm or body.get("max_tokens") != 1 or not msgs:
            return False, "body %r" % body
    elif fam == "bedrock":
        auth = h.get("authorization", "")
        if not auth.startswith("AWS4-HMAC-SHA256 Credential=%s/" % own[0]) or \
                "/us-west-2/bedrock/aws4_request" not in auth or "Signature=" not in auth:
            return False, "SigV4 authorization %r" % auth
        if not h.get("x-amz-date") or own[1] in json.dumps(r):
            return False, "x-amz-date, or the secret sent"
        if pm not in r["path"] or streamed != r["path"].endswith("/converse-stream"):
            return False, "path %s" % r["path"]
        ic = body.get("inferenceConfig", {})
        if ic.get("maxTokens") != 1 or ic.get("temperature") != 0 or not msgs:
            return False, "body %r" % body
    elif fam == "clova":
        if h.get("authorization") != "Bearer " + key:
            return False, "authorization"
        if pm not in r["path"] or body.get("maxTokens") != 1 or not msgs:
            return False, "body %r" % body
        if streamed != ("text/event-stream" in h.get("accept", "")):
            return False, "accept"
    return True, ""


def make_schedule(outdir, port, n, interval):
    models = [{"slug": "sched-%04d" % i, "name": "s%d" % i, "isActive": True,
               "endpoints": [{"url": "http://127.0.0.1:%s/ok/sched/%04d/v1/chat/completions" % (port, i),
                              "method": "POST", "expectStatus": [200], "timeoutMs": 5000,
                              "degradedMs": 5000, "intervalS": int(interval)}]}
              for i in range(int(n))]
    json.dump({"providers": [{"slug": "sched", "name": "sched", "models": models}]},
              open(os.path.join(outdir, "sched.json"), "w"))


def check_overlap(outdir, interval):
    starts, ends = load_requests(outdir)
    per = collections.defaultdict(list)
    for rid, r in starts.items():
        per[r["path"]].append((r["t"], ends[rid]["t"] if rid in ends else float("inf")))
    overlaps = 0
    for spans in per.values():
        spans.sort()
        overlaps += sum(1 for a, b in zip(spans, spans[1:]) if b[0] < a[1])
    out(overlaps == 0, "schedule: no endpoint probed twice at once", "%d overlaps" % overlaps)
    # Spread: the starts of each round fall evenly over the interval,
    # not all at once: no second holds more than twice its share.
    secs = collections.Counter(int(r["t"]) for r in starts.values())
    first, last = min(secs), max(secs)
    inner = [secs[s] for s in range(first + 1, last)]
    share = len(per) / float(interval)
    out(inner and max(inner) <= 2 * share, "schedule: starts spread over the interval",
        "busiest second %s, share %.0f" % (max(inner) if inner else None, share))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "catalog":
        make_catalog(sys.argv[2], sys.argv[3])
    elif cmd == "requests":
        check_requests(sys.argv[2])
    elif cmd == "schedule":
        make_schedule(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
    elif cmd == "overlap":
        check_overlap(sys.argv[2], sys.argv[3])
