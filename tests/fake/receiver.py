#!/usr/bin/env python3
"""receiver.py: the webhook receiver of the notification tests: records every request as a JSON line, checks X-Aigo-Signature and the timestamp, drops repeats by Idempotency-Key, and can be told to answer 503 or to stop listening.

Usage: receiver.py DIR SECRETS_JSON PORT CONTROL_PORT
  Listens on 127.0.0.1:PORT (webhooks) and :CONTROL_PORT; DIR gets
  requests.jsonl (one line per request), receiver.log, and ready once both
  listen. SECRETS_JSON maps a channel name (the
  first path segment of the URL, /NAME/...) to its secret; a channel named
  there must sign every request.

Control (POST to 127.0.0.1:CONTROL_PORT): /mode/ok (answer 204), /mode/503,
/mode/slow (record, then answer 204 after 3 s),
/down (stop listening: connections are refused), /up (listen again on the
same port), /clear (forget what was recorded). Only 127.0.0.1.
"""
import hashlib
import hmac
import http.server
import json
import os
import sys
import threading
import time

MAX_SKEW = 300  # seconds a timestamp may be away from now

DIR = sys.argv[1]
SECRETS = json.load(open(sys.argv[2]))
lock = threading.Lock()
state = {"mode": "ok", "seen": {}, "server": None, "port": 0}
log_path = os.path.join(DIR, "requests.jsonl")


class Hook(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        with open(os.path.join(DIR, "receiver.log"), "a") as f:
            f.write("%s %s\n" % (time.strftime("%H:%M:%S"), fmt % args))

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n)
        channel = self.path.split("/")[1] if self.path.count("/") >= 1 else ""
        if channel == "":  # ntfy posts to the server root: its topic
            try:
                channel = json.loads(body).get("topic", "")
            except (ValueError, AttributeError):
                pass
        now = time.time()
        rec = {
            "at": now,
            "path": self.path,
            "channel": channel,
            "event": self.headers.get("X-Aigo-Event"),
            "timestamp": self.headers.get("X-Aigo-Timestamp"),
            "signature": self.headers.get("X-Aigo-Signature"),
            "idem": self.headers.get("Idempotency-Key"),
            "content_type": self.headers.get("Content-Type"),
            "user_agent": self.headers.get("User-Agent"),
            "body": body.decode("utf-8", "replace"),
            "problems": [],
        }
        secret = SECRETS.get(channel)
        ts = rec["timestamp"]
        try:
            ts_ok = ts is not None and abs(int(ts) - now) <= MAX_SKEW
        except ValueError:
            ts_ok = False
        if not ts_ok:
            rec["problems"].append("timestamp")
        if secret is not None:
            want = "sha256=" + hmac.new(secret.encode(), (ts or "").encode() + b"." + body,
                                        hashlib.sha256).hexdigest()
            if not hmac.compare_digest(want, rec["signature"] or ""):
                rec["problems"].append("signature")
        with lock:
            mode = state["mode"]
            if mode == "503":
                status = 503
            elif rec["problems"]:
                status = 401
            else:
                status = 204
                key = rec["idem"] or ""
                rec["duplicate"] = key in state["seen"]
                state["seen"][key] = state["seen"].get(key, 0) + 1
            rec["status"] = status
            with open(log_path, "a") as f:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        if mode == "slow":
            time.sleep(3)  # recorded, but the answer comes late
        self.send_response(status)
        self.send_header("Content-Length", "0")
        # No kept connection: /down must refuse every next request.
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()


def listen(port):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), Hook)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


class Control(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def do_POST(self):
        with lock:
            if self.path == "/mode/ok":
                state["mode"] = "ok"
            elif self.path == "/mode/503":
                state["mode"] = "503"
            elif self.path == "/mode/slow":
                state["mode"] = "slow"
            elif self.path == "/down" and state["server"] is not None:
                state["server"].shutdown()
                state["server"].server_close()
                state["server"] = None
            elif self.path == "/up" and state["server"] is None:
                state["server"] = listen(state["port"])
            elif self.path == "/clear":
                state["seen"] = {}
                open(log_path, "w").close()
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()


def main():
    open(log_path, "w").close()
    state["port"] = int(sys.argv[3])
    state["server"] = listen(state["port"])
    control = http.server.HTTPServer(("127.0.0.1", int(sys.argv[4])), Control)
    open(os.path.join(DIR, "ready"), "w").close()
    control.serve_forever()


if __name__ == "__main__":
    main()
