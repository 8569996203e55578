#!/usr/bin/env python3
"""A stand-alone DMS for demos and tests: serves contact moments page by page, takes exports,
and can push moments to the CRM. Loopback only; plain Python 3 (standard library).

Serve (what the scheduled pull reads, and where the CRM sends back):
    python tools/dms_simulator.py --port 8690 --token demo-token --moments 500 --rate 0.5
  GET  /moments?cursor=C&limit=N   {"moments": [...], "next_cursor": "..."}; Bearer token required
  POST /customers                  a customer exported by the CRM -> {"id": "SIM-C-1"}
  POST /events                     a message of the CRM (received, first contact, test drive, offer,
                                   sold, lost, status, moment, customer, order ...): kept once per
                                   message_id, a second delivery of the same message is answered
                                   {"duplicate": true} and not kept again
  GET  /_exports                   every customer export received (tests check "never sent twice")
  GET  /_events                    every message received, once each
  GET  /_stats                     requests served, faults injected
Fault injection (every Nth request to /moments): --fail-every N (answers 500), --slow-every N
with --slow-seconds S, --drop-every N (closes the connection without an answer); per record:
--duplicate-rate R (a record of the previous page again), --malformed-rate R (a bad date).

Push (what the DMS does when it pushes; moments dated now, a batch answered 503 or not answered
at all is sent again after Retry-After; --count 0 pushes until stopped; the key may come from $DMS_KEY):
    python tools/dms_simulator.py --push http://127.0.0.1:8069/dms/demo-dms/moments --key KEY \
        --rate 5 --batch 10 --count 200
With --serve it also serves on --port meanwhile (what `make run` does: the demo pushes, is pulled and
hears back). A key or token that starts with "-" is read as the value it is.
"""
import argparse
import datetime
import json
import logging
import os
import random
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TYPE_CODES = ("CALL_OUT", "EMAIL_OUT", "VISIT", "TEST_DRIVE", "OFFER", "OFFER_FOLLOW_UP", "ORDER", "DELIVERY",
              "LEAD_WEB", "HAPPY_CALL")
FIRST_NAMES = ("Anna", "Bram", "Cor", "Daan", "Eva", "Fenna", "Gijs", "Hanna", "Iris", "Joost")
LAST_NAMES = ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder")
SITES = ("AMS", "UTR", "RTM")
EPOCH = datetime.datetime(2026, 11, 1, 8, 0, 0)
_logger = logging.getLogger("dms_simulator")


def make_moment(index, seed=0, customers=40, prefix="SIM", occurred=None):
    """The index-th moment of the simulated DMS (deterministic for a seed); it occurred 7 minutes
    after the previous one, or at `occurred` (a UTC datetime: the push mode sends what just happened)."""
    rng = random.Random(seed * 1000003 + index)
    customer = rng.randrange(customers)
    first, last = FIRST_NAMES[customer % len(FIRST_NAMES)], LAST_NAMES[customer % len(LAST_NAMES)]
    occurred = occurred or EPOCH + datetime.timedelta(minutes=7 * index)
    external_id = "%s-%06d" % (prefix, index)
    return {
        "external_id": external_id,
        "type_code": rng.choice(TYPE_CODES),
        "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "summary": "Simulated moment %s" % external_id,
        "direction": rng.choice(("inbound", "outbound")),
        "channel": rng.choice(("phone", "email", "showroom", "web")),
        "site": SITES[customer % len(SITES)],
        "customer": {"external_id": "%s-C-%03d" % (prefix, customer), "first_name": first, "last_name": last,
                     "email": "sim%03d@example.nl" % customer, "marketing_consent": customer % 3 != 0},
    }


class Dms(object):
    """The simulated DMS's state: its moments (more arrive at --rate per second), exports, stats."""

    def __init__(self, args, prefix=None):
        self.args = args
        # the ids of the moments it serves (in push mode with --serve, not those it pushes)
        self.prefix = prefix or args.id_prefix
        self.started = time.time()
        self.lock = threading.Lock()
        self.exports = []
        self.events = []
        self.event_ids = set()
        self.stats = {"moments_requests": 0, "failed": 0, "slowed": 0, "dropped": 0, "exports": 0, "events": 0,
                      "duplicate_events": 0}

    def available(self):
        arrived = int((time.time() - self.started) * self.args.rate) if self.args.rate else 0
        return self.args.moments + arrived

    def page(self, cursor, limit):
        """Records after the cursor ("<occurred_at>|<external id>"), ordered by time then id."""
        start = 0
        if cursor:
            try:
                start = int(cursor.split("|", 1)[1].rsplit("-", 1)[1]) + 1
            except (IndexError, ValueError):
                raise ValueError("bad cursor %r" % cursor)
        end = min(start + limit, self.available())
        records = [make_moment(index, self.args.seed, prefix=self.prefix) for index in range(start, end)]
        rng = random.Random(start)
        for position, record in enumerate(records):
            if self.args.malformed_rate and rng.random() < self.args.malformed_rate:
                records[position] = dict(record, occurred_at="31/02/2026 25:61")
        if self.args.duplicate_rate and start and rng.random() < self.args.duplicate_rate:
            records.insert(0, make_moment(start - 1, self.args.seed, prefix=self.prefix))
        last = make_moment(end - 1, self.args.seed, prefix=self.prefix) if end > start else None
        next_cursor = "%s|%s" % (last["occurred_at"], last["external_id"]) if last else cursor
        return records, next_cursor


def _faults(dms):
    """The fault injected into this /moments request: "drop", "fail", "slow" or None."""
    with dms.lock:
        dms.stats["moments_requests"] += 1
        count = dms.stats["moments_requests"]
    for fault, every in (("drop", dms.args.drop_every), ("fail", dms.args.fail_every),
                         ("slow", dms.args.slow_every)):
        if every and count % every == 0:
            return fault
    return None


def moments_answer(dms, query_string):
    """(status, payload) of a /moments request; (None, None) drops the connection."""
    fault = _faults(dms)
    if fault == "drop":
        dms.stats["dropped"] += 1
        return None, None
    if fault == "fail":
        dms.stats["failed"] += 1
        return 503, {"error": "injected failure"}
    if fault == "slow":
        dms.stats["slowed"] += 1
        time.sleep(dms.args.slow_seconds)
    query = urllib.parse.parse_qs(query_string)
    try:
        limit = max(1, min(1000, int(query.get("limit", ["100"])[0])))
        records, next_cursor = dms.page(query.get("cursor", [""])[0], limit)
    except ValueError as error:
        return 400, {"error": str(error)}
    return 200, {"moments": records, "next_cursor": next_cursor}


Dms.moments_answer = moments_answer


class Handler(BaseHTTPRequestHandler):
    """HTTP front of the simulated DMS; `dms` is set on a subclass per server (handler_for)."""

    server_version = "DmsSimulator/1.0"
    dms = None

    def log_message(self, format, *args):  # noqa: A002 (the base class's signature)
        if self.dms.args.verbose:
            sys.stderr.write("dms-simulator: " + format % args + "\n")

    def _send(self, status, payload=None):
        body = json.dumps(payload).encode() if payload is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _authorised(self):
        if self.headers.get("Authorization", "") != "Bearer %s" % self.dms.args.token:
            self._send(401, {"error": "wrong or missing token"})
            return False
        return True

    def do_GET(self):  # noqa: N802 (http.server's naming)
        url = urllib.parse.urlparse(self.path)
        if url.path == "/_exports":
            with self.dms.lock:
                return self._send(200, self.dms.exports)
        if url.path == "/_events":
            with self.dms.lock:
                return self._send(200, self.dms.events)
        if url.path == "/_stats":
            return self._send(200, dict(self.dms.stats, available=self.dms.available()))
        if url.path != "/moments":
            return self._send(404, {"error": "no such resource"})
        if not self._authorised():
            return None
        status, payload = self.dms.moments_answer(url.query)
        if status is None:
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return None
        return self._send(status, payload)

    def _read_json(self):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            return json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            return None

    def do_POST(self):  # noqa: N802
        if self.path == "/events":
            return self._event()
        if self.path != "/customers":
            return self._send(404, {"error": "no such resource"})
        if not self._authorised():
            return None
        data = self._read_json()
        if not isinstance(data, dict):
            return self._send(400, {"error": "a customer is a JSON object"})
        with self.dms.lock:
            self.dms.stats["exports"] += 1
            self.dms.exports.append({"kind": "customer", "data": data})
            customer_id = "SIM-C-X%d" % len(self.dms.exports)
        return self._send(201, {"id": customer_id})

    def _event(self):
        """A message of the CRM, kept once per message_id (a resend after a lost answer is known)."""
        if not self._authorised():
            return None
        data = self._read_json()
        if not isinstance(data, dict) or not data.get("message_id") or not data.get("event"):
            return self._send(400, {"error": "a message is a JSON object with message_id and event"})
        with self.dms.lock:
            if data["message_id"] in self.dms.event_ids:
                self.dms.stats["duplicate_events"] += 1
                return self._send(200, {"ok": True, "duplicate": True})
            self.dms.event_ids.add(data["message_id"])
            self.dms.events.append(data)
            self.dms.stats["events"] += 1
        return self._send(200, {"ok": True})

    def do_PUT(self):  # noqa: N802
        parts = self.path.strip("/").split("/")
        if len(parts) != 3 or parts[0] != "sales-ups" or parts[2] != "status":
            return self._send(404, {"error": "no such resource"})
        if not self._authorised():
            return None
        data = self._read_json()
        with self.dms.lock:
            self.dms.stats["exports"] += 1
            self.dms.exports.append({"kind": "status", "sales_up": parts[1], "data": data})
        return self._send(200, {"ok": True})


def handler_for(dms):
    return type("DmsHandler", (Handler,), {"dms": dms})


def _send(args, batch):
    """POST one batch; None when stored (or refused for good), else the seconds to wait before
    sending it again (the CRM or its database is down: 503 with Retry-After, no connection)."""
    request = urllib.request.Request(
        args.push, data=json.dumps(batch).encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": "Bearer %s" % args.key})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            statuses = {}
            for result in json.loads(response.read())["results"]:
                statuses[result["status"]] = statuses.get(result["status"], 0) + 1
            _logger.info("pushed %d: %s", len(batch), statuses)
            return None
    except urllib.error.HTTPError as error:
        if error.code == 503:
            _logger.warning("push deferred: 503 %s", error.read()[:200])
            return min(float(error.headers.get("Retry-After") or 2), 30.0)
        _logger.warning("push refused: %s %s", error.code, error.read()[:200])
        return None
    except (urllib.error.URLError, OSError) as error:
        _logger.warning("push failed: %s", getattr(error, "reason", error))
        return 2.0


def push(args):
    """Push generated moments to the CRM at --rate moments per second in batches of --batch, each
    dated now (as a DMS pushes what just happened); --count 0 pushes until stopped. A batch the
    CRM could not take (503, no connection) is sent again, up to --retries times."""
    sent = index = 0
    interval = args.batch / args.rate if args.rate else 0
    while not args.count or sent < args.count:
        size = min(args.batch, args.count - sent) if args.count else args.batch
        now = datetime.datetime.utcnow().replace(microsecond=0)
        batch = [make_moment(index + offset, args.seed, prefix=args.id_prefix, occurred=now) for offset in range(size)]
        index += len(batch)
        for _attempt in range(args.retries + 1):
            wait = _send(args, batch)
            if wait is None:
                break
            time.sleep(wait)
        else:
            _logger.warning("gave up on %s..%s", batch[0]["external_id"], batch[-1]["external_id"])
        sent += len(batch)
        time.sleep(interval)
    return 0


# options whose value is a secret drawn at random: it may start with "-", which argparse would read
# as an option (secrets.token_urlsafe draws "-" for the first character once in 64 keys)
SECRET_OPTIONS = ("--key", "--token")


def _join_secret_values(argv):
    """["--key", "-abc"] as ["--key=-abc"]: argparse then takes the value as it is."""
    joined, index = [], 0
    while index < len(argv):
        if argv[index] in SECRET_OPTIONS and index + 1 < len(argv):
            joined.append("%s=%s" % (argv[index], argv[index + 1]))
            index += 2
        else:
            joined.append(argv[index])
            index += 1
    return joined


def serve(args, dms=None):
    """Serve the DMS's API on --port until stopped; returns the server (already serving) when
    `dms` is given, for the push mode's --serve."""
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler_for(dms or Dms(args)))
    server.daemon_threads = True
    _logger.info("DMS simulator on http://127.0.0.1:%d", args.port)
    if dms is not None:
        thread = threading.Thread(target=server.serve_forever, name="dms-simulator-serve", daemon=True)
        thread.start()
        return server
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        _logger.info("stopped")
    finally:
        server.server_close()
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8690)
    parser.add_argument("--token", default="demo-token", help="Bearer token the pull must send")
    parser.add_argument("--moments", type=int, default=500, help="moments present at start")
    parser.add_argument("--rate", type=float, default=0.0, help="new moments per second (serve) / pushed (push)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--id-prefix", default="SIM", help="prefix of the external ids (SIM-000001 ...)")
    parser.add_argument("--fail-every", type=int, default=0)
    parser.add_argument("--slow-every", type=int, default=0)
    parser.add_argument("--slow-seconds", type=float, default=5.0)
    parser.add_argument("--drop-every", type=int, default=0)
    parser.add_argument("--duplicate-rate", type=float, default=0.0)
    parser.add_argument("--malformed-rate", type=float, default=0.0)
    parser.add_argument("--push", metavar="URL", help="push moments to this CRM endpoint instead of serving")
    parser.add_argument("--key", default=os.environ.get("DMS_KEY"),
                        help="the backend's API key (push mode; default: $DMS_KEY)")
    parser.add_argument("--retries", type=int, default=30, help="times a batch is sent again after a 503")
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--count", type=int, default=100, help="moments to push (0: until stopped)")
    parser.add_argument("--serve", action="store_true", help="push mode: also serve on --port meanwhile")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(_join_secret_values(list(sys.argv[1:] if argv is None else argv)))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s dms-simulator %(message)s", stream=sys.stdout)
    if args.push:
        if not args.key:
            parser.error("--push needs --key or $DMS_KEY")
        server = serve(args, Dms(args, prefix=args.id_prefix + "P")) if args.serve else None
        args.rate = args.rate or 5.0
        try:
            return push(args)
        except KeyboardInterrupt:
            _logger.info("stopped")
            return 0
        finally:
            if server is not None:
                server.shutdown()
                server.server_close()
    serve(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
