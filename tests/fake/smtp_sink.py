#!/usr/bin/env python3
"""smtp_sink.py: the SMTP server of the notification tests (aiosmtpd): STARTTLS required before anything, then AUTH LOGIN or PLAIN with one user; each message it takes is written to DIR/mail-N.eml with its envelope in DIR/mails.jsonl.

Usage: smtp_sink.py DIR PORT CERT KEY USER PASSWORD
  Listens on 127.0.0.1:PORT; writes DIR/ready once it listens.
"""
import json
import os
import ssl
import sys
import threading
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

DIR, PORT, CERT, KEY, USER, PASSWORD = sys.argv[1:7]
lock = threading.Lock()
count = [0]


def authenticator(server, session, envelope, mechanism, auth_data):
    login = getattr(auth_data, "login", b"") or b""
    password = getattr(auth_data, "password", b"") or b""
    ok = login.decode() == USER and password.decode() == PASSWORD
    with open(os.path.join(DIR, "auth.log"), "a") as f:
        f.write("%s %s %s tls=%s\n" % (mechanism, login.decode(), "ok" if ok else "refused",
                                      session.ssl is not None))
    return AuthResult(success=ok)


class Handler:
    async def handle_DATA(self, server, session, envelope):
        with lock:
            count[0] += 1
            n = count[0]
            path = os.path.join(DIR, "mail-%d.eml" % n)
            with open(path, "wb") as f:
                f.write(envelope.original_content or envelope.content)
            with open(os.path.join(DIR, "mails.jsonl"), "a") as f:
                f.write(json.dumps({
                    "file": path,
                    "from": envelope.mail_from,
                    "to": envelope.rcpt_tos,
                    "tls": session.ssl is not None,
                    "authenticated": bool(session.authenticated),
                }) + "\n")
        return "250 OK"


def main():
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(CERT, KEY)
    controller = Controller(Handler(), hostname="127.0.0.1", port=int(PORT),
                            tls_context=ctx, require_starttls=True,
                            auth_required=True, auth_require_tls=True,
                            authenticator=authenticator)
    controller.start()
    open(os.path.join(DIR, "ready"), "w").close()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
