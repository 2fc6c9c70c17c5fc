#!/usr/bin/env python3
"""provider.py: a fake AI provider for the prober's tests: each API family's answers over HTTP and HTTPS, told per path how to answer, recording every request.

Usage: provider.py DIR [--cert CERT --key KEY] [--wrong-cert CERT --wrong-key KEY]
                       [--delay-ms N]

Listens on 127.0.0.1 only, on free ports: plain HTTP, HTTPS with CERT
(when given) and HTTPS with WRONG-CERT (a certificate for another name).
Writes DIR/ports ({"http": P, "https": P, "wrong": P}) once it listens,
and one JSON line per request to DIR/requests.jsonl: {"id", "event":
"start" or "end", "t" (seconds, float), "port", "method", "path",
"headers" (names in lower case), "body", "proxied" (the request came
through a proxy: its request line held the whole URL)} ("end" lines
carry id and t).

The first path segment says how to answer; the rest says which family
(the URL the catalog would hold, after a scenario segment):

  ok         the family's success (streamed when the request asks)
  slow       success after --delay-ms (1500)
  slowfirst  a stream whose first content token comes after --delay-ms
  s401 s429 s500 s529   that status with the family's error body
  s302       a redirect to /ok/redirected/... on this server
  empty      200 with an empty body
  malformed  200 with a body that is not JSON (a stream: not events)
  errbody    200 with the family's error member
  reset      the connection reset once the request is read
  hang       nothing until the client gives up

Families by path: .../chat/completions (openai, azure), /v1/messages
(anthropic), :generateContent and :streamGenerateContent (gemini),
/v2/chat (cohere), /converse and /converse-stream (bedrock),
/chat-completions/ (clova).

Statuspage v2 summaries (the providers' own status pages), under
/status/SCENARIO/api/v2/summary.json:

  operational  every component operational, indicator none
  major        a major outage of the component "Chat Completions"
  incident     an unresolved incident affecting "Chat Completions",
               every component still operational, indicator minor
  malformed    200 with a body that is not JSON
  slow         operational after --delay-ms
  file         the scenario named in DIR/status_scenario (operational
               when missing): a test switches it between reads

Each summary also has a group container "API" over "Chat Completions"
and "Embeddings". SIGTERM stops it.
"""
import json
import os
import signal
import socket
import ssl
import struct
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {"dir": ".", "delay": 1.5, "next_id": 0}


def record(line):
    with LOCK:
        with open(os.path.join(STATE["dir"], "requests.jsonl"), "a") as f:
            f.write(json.dumps(line) + "\n")


def family_of(path):
    if path.endswith("/chat/completions"):
        return "openai"
    if path.endswith("/v1/messages"):
        return "anthropic"
    if ":generateContent" in path or ":streamGenerateContent" in path:
        return "gemini"
    if path.endswith("/v2/chat"):
        return "cohere"
    if path.endswith("/converse") or path.endswith("/converse-stream"):
        return "bedrock"
    if "/chat-completions/" in path:
        return "clova"
    return "openai"


# ---- Statuspage v2 summaries -------------------------------------------

def summary(scenario):
    chat = {"operational": "operational", "major": "major_outage",
            "incident": "operational"}.get(scenario, "operational")
    t = "2026-12-01T10:00:00.000Z"

    def comp(cid, name, status, group=False, group_id=None):
        c = {"id": cid, "name": name, "status": status, "created_at": t, "updated_at": t,
             "position": 1, "description": None, "showcase": False, "start_date": None,
             "group_id": group_id, "page_id": "fakepage", "group": group,
             "only_show_if_degraded": False}
        if group:
            c["components"] = ["c-chat", "c-emb"]
        return c

    incidents = []
    if scenario in ("major", "incident"):
        affected = [{"code": "c-chat", "name": "Chat Completions", "old_status": "operational",
                     "new_status": chat}]
        incidents.append({
            "id": "inc-" + scenario, "name": "Elevated errors on Chat Completions",
            "status": "investigating", "impact": "major" if scenario == "major" else "minor",
            "created_at": "2026-12-01T11:58:07.478-07:00", "updated_at": "2026-12-01T19:00:00Z",
            "monitoring_at": None, "resolved_at": None,
            "shortlink": "https://stspg.io/fake" + scenario,
            "started_at": "2026-12-01T18:58:07Z", "page_id": "fakepage",
            "incident_updates": [{"id": "u1", "status": "investigating",
                                  "body": "We are investigating.",
                                  "affected_components": affected}],
            "components": [comp("c-chat", "Chat Completions", chat)]})
    indicator = {"major": "major", "incident": "minor"}.get(scenario, "none")
    description = {"major": "Partial System Outage",
                   "incident": "Minor Service Outage"}.get(scenario, "All Systems Operational")
    return {"page": {"id": "fakepage", "name": "Fake", "url": "https://status.example.com",
                     "time_zone": "Etc/UTC", "updated_at": t},
            "components": [comp("c-api", "API", chat, group=True),
                           comp("c-chat", "Chat Completions", chat, group_id="c-api"),
                           comp("c-emb", "Embeddings", "operational", group_id="c-api")],
            "incidents": incidents, "scheduled_maintenances": [],
            "status": {"indicator": indicator, "description": description}}


def status_answer(handler, scenario):
    if scenario == "file":
        try:
            with open(os.path.join(STATE["dir"], "status_scenario")) as f:
                scenario = f.read().strip() or "operational"
        except OSError:
            scenario = "operational"
    if scenario == "malformed":
        handler.send(200, b"{\"status\": {\"indicator\": ")
        return
    if scenario == "slow":
        time.sleep(STATE["delay"])
    handler.send(200, summary(scenario))


# ---- each family's answers ---------------------------------------------

def success(fam):
    if fam == "openai":
        return {"id": "chatcmpl-1", "object": "chat.completion",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": "OK"},
                             "finish_reason": "length"}],
                "usage": {"prompt_tokens": 9, "completion_tokens": 1, "total_tokens": 10}}
    if fam == "anthropic":
        return {"id": "msg_1", "type": "message", "role": "assistant",
                "content": [{"type": "text", "text": "OK"}], "stop_reason": "max_tokens",
                "usage": {"input_tokens": 9, "output_tokens": 1}}
    if fam == "gemini":
        return {"candidates": [{"content": {"role": "model", "parts": [{"text": "OK"}]},
                                "finishReason": "MAX_TOKENS"}],
                "usageMetadata": {"promptTokenCount": 9, "candidatesTokenCount": 1}}
    if fam == "cohere":
        return {"id": "c1", "finish_reason": "MAX_TOKENS",
                "message": {"role": "assistant", "content": [{"type": "text", "text": "OK"}]},
                "usage": {"tokens": {"input_tokens": 9, "output_tokens": 1}}}
    if fam == "bedrock":
        return {"output": {"message": {"role": "assistant", "content": [{"text": "OK"}]}},
                "stopReason": "max_tokens", "usage": {"inputTokens": 9, "outputTokens": 1},
                "metrics": {"latencyMs": 10}}
    return {"status": {"code": "20000", "message": "OK"},
            "result": {"message": {"role": "assistant", "content": "OK"}, "stopReason": "length"}}


def error_body(fam, code):
    """The family's error member (a generic one: invalid request)."""
    if fam == "anthropic":
        return {"type": "error", "error": {"type": "invalid_request_error", "message": "bad"}}
    if fam == "gemini":
        return {"error": {"code": code, "message": "bad", "status": "INVALID_ARGUMENT"}}
    if fam in ("cohere", "bedrock"):
        return {"id": "e1", "message": "invalid request"}
    if fam == "clova":
        return {"status": {"code": "50000", "message": "Internal server error"}}
    return {"error": {"message": "bad", "type": "invalid_request_error", "code": None}}


def sse(event, data):
    head = "event: %s\n" % event if event else ""
    return (head + "data: " + (data if isinstance(data, str) else json.dumps(data)) + "\n\n").encode()


def es_message(event_type, payload, exception=False):
    """One message of AWS's event stream (an event, or an exception)."""
    def header(name, value):
        n, v = name.encode(), value.encode()
        return struct.pack("B", len(n)) + n + b"\x07" + struct.pack(">H", len(v)) + v
    headers = header(":exception-type" if exception else ":event-type", event_type) \
        + header(":content-type", "application/json") \
        + header(":message-type", "exception" if exception else "event")
    body = json.dumps(payload).encode()
    total = 12 + len(headers) + len(body) + 4
    prelude = struct.pack(">II", total, len(headers))
    prelude += struct.pack(">I", zlib.crc32(prelude))
    msg = prelude + headers + body
    return msg + struct.pack(">I", zlib.crc32(msg))


def stream_parts(fam):
    """(before the first token, the token and after) of a streamed answer."""
    if fam == "openai":
        chunk = lambda d: {"id": "c", "object": "chat.completion.chunk",
                           "choices": [{"index": 0, "delta": d, "finish_reason": None}]}
        return ([sse(None, chunk({"role": "assistant", "content": ""}))],
                [sse(None, chunk({"content": "OK"})), sse(None, "[DONE]")])
    if fam == "anthropic":
        return ([sse("message_start", {"type": "message_start", "message": {"id": "m", "type": "message",
                                                                        "content": []}}),
                 sse("content_block_start", {"type": "content_block_start", "index": 0,
                                             "content_block": {"type": "text", "text": ""}}),
                 b"event: ping\ndata: {\"type\": \"ping\"}\n\n"],
                [sse("content_block_delta", {"type": "content_block_delta", "index": 0,
                                             "delta": {"type": "text_delta", "text": "OK"}}),
                 sse("content_block_stop", {"type": "content_block_stop", "index": 0}),
                 sse("message_stop", {"type": "message_stop"})])
    if fam == "gemini":
        return ([], [sse(None, success("gemini"))])
    if fam == "cohere":
        return ([sse("message-start", {"type": "message-start", "id": "c"})],
                [sse("content-delta", {"type": "content-delta", "index": 0,
                                       "delta": {"message": {"content": {"text": "OK"}}}}),
                 sse("message-end", {"type": "message-end", "delta": {"finish_reason": "MAX_TOKENS"}})])
    if fam == "bedrock":
        return ([es_message("messageStart", {"role": "assistant"})],
                [es_message("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "OK"}}),
                 es_message("messageStop", {"stopReason": "max_tokens"})])
    return ([],
            [sse("token", {"message": {"role": "assistant", "content": "OK"}}),
             sse("result", {"message": {"role": "assistant", "content": "OK"}, "stopReason": "length"})])


def stream_error(fam):
    if fam == "bedrock":
        return [es_message("validationException", {"message": "bad"}, exception=True)]
    if fam == "anthropic":
        return [sse("error", {"type": "error", "error": {"type": "api_error", "message": "bad"}})]
    if fam == "clova":
        return [sse("error", {"status": {"code": "50000", "message": "err"}})]
    if fam == "cohere":
        return [sse("error", {"type": "error", "message": "bad"})]
    return [sse(None, {"error": {"message": "bad", "type": "server_error"}})]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, body, ctype="application/json", extra=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.handle_one()

    def do_POST(self):
        self.handle_one()

    def do_HEAD(self):
        self.handle_one()

    def handle_one(self):
        # Through a proxy the request line holds the whole URL.
        proxied = self.path.startswith("http://")
        if proxied:
            self.path = "/" + self.path.split("/", 3)[3]
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8", "replace") if n else ""
        with LOCK:
            STATE["next_id"] += 1
            rid = STATE["next_id"]
        record({"id": rid, "event": "start", "t": time.time(), "port": self.server.server_address[1],
                "method": self.command, "path": self.path, "proxied": proxied,
                "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
        try:
            self.answer(body)
        finally:
            record({"id": rid, "event": "end", "t": time.time()})

    def answer(self, body):
        parts = self.path.split("?")[0].split("/")
        scenario = parts[1] if len(parts) > 1 else ""
        fam = family_of(self.path.split("?")[0])
        try:
            req = json.loads(body) if body else {}
        except ValueError:
            req = {}
        streamed = (":streamGenerateContent" in self.path or self.path.split("?")[0].endswith("/converse-stream")
                    or (isinstance(req, dict) and req.get("stream") is True)
                    or "text/event-stream" in (self.headers.get("Accept") or ""))
        delay = STATE["delay"]
        if scenario == "status":
            status_answer(self, parts[2] if len(parts) > 2 else "operational")
            return
        if scenario == "hang":
            time.sleep(30)
            self.close_connection = True
            return
        if scenario == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        codes = {"s401": 401, "s429": 429, "s500": 500, "s529": 529}
        if scenario in codes:
            self.send(codes[scenario], error_body(fam, codes[scenario]))
            return
        if scenario == "s302":
            # Elsewhere on this server: a followed redirect would show.
            self.send(302, b"", "text/plain",
                      [("Location", "http://127.0.0.1:%d/ok/redirected/v1/chat/completions"
                        % self.server.server_address[1])])
            return
        if scenario == "empty":
            self.send(200, b"")
            return
        if scenario == "malformed":
            self.send(200, b"{\"choices\": [ this is not JSON", "text/event-stream" if streamed else "application/json")
            return
        if scenario == "slow":
            time.sleep(delay)
        if not streamed:
            self.send(200, error_body(fam, 200) if scenario == "errbody" else success(fam))
            return
        before, after = stream_parts(fam)
        if scenario == "errbody":
            after = stream_error(fam)
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.amazon.eventstream" if fam == "bedrock"
                         else "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        for p in before:
            self.wfile.write(p)
        self.wfile.flush()
        if scenario == "slowfirst":
            time.sleep(delay)
        for p in after:
            self.wfile.write(p)
        self.wfile.flush()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def handle_error(self, request, client_address):
        pass  # a client that went away (timeouts, resets) is expected


def serve(ctx):
    srv = Server(("127.0.0.1", 0), Handler)
    if ctx is not None:
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def tls(cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    return ctx


def main(argv):
    args = {"--cert": None, "--key": None, "--wrong-cert": None, "--wrong-key": None, "--delay-ms": "1500"}
    STATE["dir"] = argv[1]
    i = 2
    while i < len(argv):
        args[argv[i]] = argv[i + 1]
        i += 2
    STATE["delay"] = int(args["--delay-ms"]) / 1000.0
    ports = {"http": serve(None).server_address[1]}
    if args["--cert"]:
        ports["https"] = serve(tls(args["--cert"], args["--key"])).server_address[1]
    if args["--wrong-cert"]:
        ports["wrong"] = serve(tls(args["--wrong-cert"], args["--wrong-key"])).server_address[1]
    tmp = os.path.join(STATE["dir"], "ports.tmp")
    with open(tmp, "w") as f:
        json.dump(ports, f)
    os.rename(tmp, os.path.join(STATE["dir"], "ports"))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    while not stop.wait(0.2):
        pass


if __name__ == "__main__":
    main(sys.argv)
