"""A real SMTP server (aiosmtpd) on 127.0.0.1 for feedd's e-mail tests.

Usage: receiver.py FOLDER [--user NAME --password SECRET] [--refuse N]

Prints "READY <port>" (and writes the port to FOLDER/port) once it accepts connections and runs until its stdin closes (the test
ends). Each accepted mail is parsed with Python's email package, as a mail client would read it,
and written to FOLDER/NNN.json: envelope, decoded subject, Message-ID, parts and the AUTH login.
With --refuse N, the first N mails are answered "451 4.3.0" (try again later).
"""
import argparse
import email
import email.header
import email.policy
import json
import os
import socket
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler:
    def __init__(self, folder, refuse):
        self.folder = folder
        self.refuse = refuse
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 Mailbox busy, try again later"
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        parts = []
        for part in message.walk():
            if part.get_content_maintype() == "multipart":
                continue
            parts.append({"type": part.get_content_type(), "text": part.get_content()})
        self.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(message["Subject"]),
            "all_ascii": all(b < 128 for b in envelope.original_content),
            "message_id": message["Message-ID"],
            "from": str(message["From"]),
            "to": str(message["To"]),
            "content_type": message.get_content_type(),
            "parts": parts,
            "login": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
        }
        path = os.path.join(self.folder, "%03d.json" % self.count)
        with open(path + ".tmp", "w") as out:
            json.dump(record, out)
        os.rename(path + ".tmp", path)
        return "250 2.0.0 Message accepted"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--refuse", type=int, default=0)
    args = parser.parse_args()

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user
              and auth_data.password.decode() == args.password)
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    options = {}
    if args.user:
        options = {"authenticator": authenticator, "auth_required": True, "auth_require_tls": False}
    port = free_port()
    controller = Controller(Handler(args.folder, args.refuse), hostname="127.0.0.1", port=port, **options)
    controller.start()
    with open(os.path.join(args.folder, "port.tmp"), "w") as out:
        out.write(str(port))
    os.rename(os.path.join(args.folder, "port.tmp"), os.path.join(args.folder, "port"))
    print("READY %d" % port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
