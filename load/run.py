"""Drive a running dealer CRM as a dealer group's Monday morning, with Locust, and report.

40 salespeople, 8 branch managers and 2 directors work in the web client the way it talks
(/web/dataset/call_kw, /web/dataset/search_read, /longpolling/poll, report downloads) with 5-20 s
of thought between actions; 4 DMS pushers send 50 moments/s each in batches of 1-200 through the
real /dms/<code>/moments route (a 503 is sent again after its Retry-After); the DMS simulator
serves a backlog the scheduled pull imports; a director imports one file; the crons run as
configured. With --faults the four faults of load/faults.py happen during the run.
Every loop is bounded in count and time and the run stops by itself after --minutes. It prints
`LOAD <name> <value>` lines and rewrites its section of bench/LOAD.md with a latency plot.
All traffic goes to 127.0.0.1.
Usage (scripts/stack.sh load does it): python load/run.py --url http://127.0.0.1:8069 --database DB
    --state .local/run/load-DB.json [--minutes 10] [--faults]
"""
# pylint: disable=print-used  # a command-line tool: stdout is its output
import argparse
import base64
import datetime
import itertools
import json
import logging
import os
import random
import sys
import time
import urllib.parse

import gevent
from locust import HttpUser, between, constant, task
from locust.env import Environment

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import faults as fault_injection  # noqa: E402  (load/ is not a package: its scripts run as files)
import loadlib  # noqa: E402
import report  # noqa: E402

_logger = logging.getLogger("load")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PUSH_RATE = 50  # moments per second and pusher
PUSH_BATCH = (1, 200)
PUSH_ACKNOWLEDGING = ("accepted", "duplicate", "updated")
NEW_CUSTOMER_SHARE = 0.001
THINK = between(5, 20)
# the most requests one user may make in a run (a bound above any think time)
USER_REQUEST_BOUND = 20000


class Run(object):
    """What the users of one run share: the recorder, the people to log in as, what was pushed."""

    def __init__(self, args, state):
        self.args = args
        self.state = state
        self.recorder = loadlib.Recorder()
        self.bound = loadlib.Bounded(10 ** 7, args.minutes * 60 + 30)
        self.people = {role: iter([person for person in state["people"] if person["role"] == role])
                       for role in ("sales", "manager", "director")}
        self.acknowledged = set()
        self.quarantined = 0
        self.unavailable = []  # when users were answered 503 + Retry-After (the database away)
        self.pushers = itertools.count(1)
        self.tag = "LOAD%s" % datetime.datetime.utcnow().strftime("%m%d%H%M%S")
        self.error_log = open(os.path.join(ROOT, ".local", "log", "load-errors.log"), "w")
        self.ids = itertools.count(1)

    def log_error(self, kind, status, detail):
        self.error_log.write("%.1f %s %s %s\n" % (time.time() - self.recorder.started, kind, status, detail[:500]))
        self.error_log.flush()


RUN = None


class DealerUser(HttpUser):
    """A person of the group in the web client: logged in once, a long poll open meanwhile."""

    abstract = True
    wait_time = THINK
    role = None

    poller = None

    uid = None
    context = None

    def on_start(self):
        self.person = next(RUN.people[self.role])
        self.bound = loadlib.Bounded(USER_REQUEST_BOUND, RUN.args.minutes * 60 + 30)
        self.login()
        self.poller = gevent.spawn(self.long_poll)

    def login(self):
        """Log in (again, after a failed login: the user retries as a person would)."""
        result = self.jsonrpc("login", "/web/session/authenticate", {
            "db": RUN.args.database, "login": self.person["login"], "password": RUN.state["password"]})
        self.uid = result and result.get("uid")
        self.context = dict((result or {}).get("user_context") or {})
        return self.uid

    def on_stop(self):
        if self.poller is not None:
            self.poller.kill(block=False)

    def long_poll(self):
        """The web client keeps one /longpolling/poll open (the bus: notifications, the live monitor)."""
        last, bound = 0, loadlib.Bounded(1000, RUN.args.minutes * 60 + 30)
        url = RUN.args.longpolling_url + "/longpolling/poll"
        while bound.next() and RUN.bound.next():
            body = {"jsonrpc": "2.0", "method": "call", "id": next(RUN.ids),
                    "params": {"channels": [], "last": last, "options": {}}}
            start = time.perf_counter()
            try:
                response = self.client.post(url, json=body, name="longpolling", timeout=120)
                payload = response.json() if response.status_code == 200 else None
            except ValueError:
                payload = None
            outcome = loadlib.classify(response.status_code or None, payload)
            RUN.recorder.add("longpolling", (time.perf_counter() - start) * 1000, outcome, self.person["login"])
            if outcome == "ok":
                last = max([last] + [notification["id"] for notification in payload["result"]])
            else:
                RUN.log_error("longpolling", response.status_code, response.text or str(getattr(response, "error", "")))
                gevent.sleep(2)

    def jsonrpc(self, kind, path, params):
        if not self.bound.next() or not RUN.bound.next():
            return None
        body = {"jsonrpc": "2.0", "method": "call", "params": params, "id": next(RUN.ids)}
        start = time.perf_counter()
        with self.client.post(path, json=body, name=kind, catch_response=True, timeout=120) as response:
            milliseconds = (time.perf_counter() - start) * 1000
            try:
                payload = response.json()
            except ValueError:
                payload = None
            outcome = loadlib.classify(response.status_code or None, payload)
            RUN.recorder.add(kind, milliseconds, outcome, self.person["login"])
            if outcome == "error":
                if response.status_code == 503 and response.headers.get("Retry-After"):
                    # the server said it is unavailable for a while, with a message the user reads
                    RUN.unavailable.append(time.time() - RUN.recorder.started)
                detail = json.dumps(payload["error"]) if isinstance(payload, dict) and payload.get("error") else (
                    response.text or str(getattr(response, "error", "")))
                if "SessionExpired" in detail:
                    # the web client sends the user to the login page: they log in again
                    self.uid = None
                RUN.log_error(kind, response.status_code, detail)
                response.failure(detail[:200])
            else:
                response.success()
        return payload.get("result") if outcome == "ok" else None

    def call(self, kind, model, method, args, **kwargs):
        if not self.uid and not self.login():
            return None
        kwargs["context"] = dict(self.context, **kwargs.pop("context", {}))
        return self.jsonrpc(kind, "/web/dataset/call_kw/%s/%s" % (model, method),
                            {"model": model, "method": method, "args": args, "kwargs": kwargs})

    def download(self, kind, path):
        if not self.bound.next() or not RUN.bound.next() or (not self.uid and not self.login()):
            return None
        start = time.perf_counter()
        with self.client.get(path, name=kind, catch_response=True, timeout=180) as response:
            milliseconds = (time.perf_counter() - start) * 1000
            ok = response.status_code == 200 and len(response.content or b"") > 0
            outcome = "ok" if ok else ("expected" if response.status_code in (403, 404) else "error")
            RUN.recorder.add(kind, milliseconds, outcome, self.person["login"])
            if outcome == "error":
                RUN.log_error(kind, response.status_code, (response.text or str(getattr(response, "error", "")))[:500])
                response.failure("HTTP %s" % response.status_code)
            else:
                response.success()
        return response


LEAD_FIELDS = ["name", "partner_id", "user_id", "team_id", "stage_id", "lead_type", "lead_status", "lifecycle_state",
               "planned_revenue", "probability", "lead_date", "phone", "email_from", "lead_received_at",
               "date_deadline", "description", "tag_ids"]
KANBAN_FIELDS = ["name", "partner_id", "user_id", "stage_id", "planned_revenue", "lead_status", "lifecycle_state",
                 "activity_date_deadline", "color", "priority"]


class Salesperson(DealerUser):
    weight = 40
    role = "sales"

    def _lead(self):
        return random.choice(self.person["leads"]) if self.person["leads"] else None

    @task(3)
    def open_pipeline(self):
        domain = [["type", "=", "opportunity"], ["user_id", "=", self.uid]]
        self.call("pipeline", "crm.lead", "read_group", [domain, ["stage_id"], ["stage_id"]], lazy=True)
        self.jsonrpc("pipeline", "/web/dataset/search_read", {
            "model": "crm.lead", "domain": domain, "fields": KANBAN_FIELDS, "limit": 80, "sort": "",
            "context": self.context})

    @task(3)
    def open_sales_up(self):
        lead = self._lead()
        if lead:
            self.call("sales_up_open", "crm.lead", "read", [[lead], LEAD_FIELDS])
            self.jsonrpc("sales_up_open", "/web/dataset/search_read", {
                "model": "presales.contact.moment", "domain": [["lead_id", "=", lead]],
                "fields": ["occurred_at", "kind", "summary", "user_id"], "limit": 40, "sort": "occurred_at desc",
                "context": self.context})

    def _partner(self, lead):
        found = self.call("sales_up_open", "crm.lead", "read", [[lead], ["partner_id"]])
        return found and found[0]["partner_id"] and found[0]["partner_id"][0]

    @task(2)
    def log_contact(self):
        lead = self._lead()
        if lead:
            self.call("log_contact", "presales.contact.moment", "create", [{
                "lead_id": lead, "partner_id": self._partner(lead), "kind": "call",
                "summary": "Called the customer back (load run)",
                # the generated customers gave no consent: the salesperson confirms why they call
                "privacy_confirmed": True, "privacy_confirm_reason": "The customer asked to be called back"}])

    @task(1)
    def book_test_drive(self):
        lead = self._lead()
        # the form asks for the customer first: a walk-in without one gets no test drive yet
        partner = lead and self._partner(lead)
        if partner:
            start = datetime.datetime.utcnow().replace(microsecond=0, second=0) + datetime.timedelta(
                days=random.randint(1, 20), hours=random.randint(0, 8))
            self.call("test_drive", "presales.test.drive", "create", [{
                "lead_id": lead, "partner_id": partner, "licence_number": "NL-LOAD-%d" % self.uid,
                "licence_expiry": "2099-01-01", "start_datetime": start.strftime("%Y-%m-%d %H:%M:%S"),
                "stop_datetime": (start + datetime.timedelta(minutes=45)).strftime("%Y-%m-%d %H:%M:%S")}])

    @task(1)
    def create_sales_up(self):
        number = next(RUN.ids)
        created = self.call("sales_up_create", "crm.lead", "create", [{
            "name": "Walk-in %s %d" % (RUN.tag, number), "type": "opportunity", "lead_type": "walk_in",
            "lead_status": "warm",
            "contact_name": "Load", "contact_lastname": "Visitor %d" % number, "user_id": self.uid}])
        if created:
            self.person["leads"].append(created)

    @task(2)
    def search_customers(self):
        self.call("customer_search", "res.partner", "name_search", [], name="Customer %d" % random.randint(1, 999),
                  limit=8)

    @task(1)
    def print_offer(self):
        lead = self._lead()
        offer = lead and self.call("offer_create", "presales.offer", "create", [{"lead_id": lead}])
        if offer:
            self.download("report_offer_pdf",
                          "/report/pdf/automotive_configurator.report_presales_offer_document/%d" % offer)

    @task(1)
    def upload_document(self):
        lead = self._lead()
        if lead:
            content = base64.b64encode(os.urandom(48 * 1024)).decode()
            self.call("upload", "ir.attachment", "create", [{
                "name": "id-scan-%d.bin" % next(RUN.ids), "datas": content, "datas_fname": "id-scan.bin",
                "res_model": "crm.lead", "res_id": lead}])


PERIODS = ((7, "this week"), (30, "this month"), (90, "quarter"), (365, "year"), (730, "two years"))
LEAD_TYPES = (None, "walk_in", "web", "call", "importer")


class Manager(DealerUser):
    """A branch manager (and, below, a director): the monitor at every level, the report pack's
    pivots, an XLSX export."""

    weight = 8
    role = "manager"

    def _filters(self):
        days = random.choice(PERIODS)[0]
        today = datetime.date.today()
        filters = {"date_from": (today - datetime.timedelta(days=days)).isoformat(), "date_to": today.isoformat()}
        lead_type = random.choice(LEAD_TYPES)
        if lead_type:
            filters["lead_type"] = lead_type
        return filters

    @task(4)
    def monitor(self):
        landing = self.call("monitor", "sales.monitor", "monitor_landing", [])
        if not landing:
            return
        filters = dict(landing.get("filters") or {}, **self._filters())
        data = self.call("monitor", "sales.monitor", "monitor_data", [landing["level"]], **filters)
        rows = (data or {}).get("rows") or []
        if landing["level"] == "branches" and rows:
            filters["team_id"] = random.choice(RUN.state["teams"])
            data = self.call("monitor", "sales.monitor", "monitor_data", ["staff"], **filters)
            rows = (data or {}).get("rows") or []
        people = [person["uid"] for person in RUN.state["people"]
                  if person["team_id"] == filters.get("team_id", self.person["team_id"])]
        if people:
            filters["user_id"] = random.choice(people)
            self.call("monitor", "sales.monitor", "monitor_data", ["customers"], **filters)

    @task(2)
    def pivots(self):
        self.call("report_pivot", "sales_monitor.opportunity.report", "read_group", [[], ["team_id"], ["team_id"]],
                  lazy=False)
        self.call("report_pivot", "sales_monitor.activity.report", "read_group",
                  [[["date", ">=", (datetime.date.today() - datetime.timedelta(days=90)).isoformat()]],
                   ["user_id"], ["user_id"]], lazy=False)

    @task(1)
    def export_xlsx(self):
        ids = self.call("report_pivot", "sales_monitor.opportunity.report", "search",
                        [[["team_id", "=", self.person["team_id"]]]], limit=1000)
        if ids:
            self.download("report_xlsx", "/report/xlsx/sales_monitor.opportunity_xlsx/%s" % ",".join(map(str, ids)))


class Director(Manager):
    weight = 2
    role = "director"


class DmsPusher(HttpUser):
    """A DMS pushing 50 moments/s in batches of 1-200, each batch sent again after a 503's
    Retry-After or a lost connection until the CRM acknowledges it."""

    weight = 4
    wait_time = constant(0)

    def on_start(self):
        self.number = next(RUN.pushers)
        self.sent = 0
        self.bound = loadlib.Bounded(10 ** 6, RUN.args.minutes * 60 + 30)

    @task
    def push(self):
        if not self.bound.next() or not RUN.bound.next():
            gevent.sleep(1)
            return
        size = random.randint(*PUSH_BATCH)
        started = time.time()
        ids = ["%s-P%d-%07d" % (RUN.tag, self.number, self.sent + offset) for offset in range(size)]
        self.sent += size
        now = datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")
        batch = [{"external_id": external_id, "type_code": random.choice(("CALL_OUT", "EMAIL_OUT", "VISIT")),
                  "occurred_at": now, "summary": "Load run moment %s" % external_id, "site": "AMS",
                  "customer": self._customer()} for external_id in ids]
        retries = loadlib.Bounded(60, 300)
        while retries.next() and RUN.bound.next():
            wait = self._send(batch)
            if wait is None:
                break
            gevent.sleep(wait)
        # the pace of a DMS: PUSH_RATE moments a second on average
        gevent.sleep(max(0.0, size / PUSH_RATE - (time.time() - started)))

    def _customer(self):
        """Mostly a customer the DMS and the CRM share (load/prepare.py bound them); now and then
        one the CRM has never seen (NEW_CUSTOMER_SHARE: each costs a partner created by the ORM)."""
        if random.random() < NEW_CUSTOMER_SHARE:
            return {"external_id": "%s-C-%d" % (RUN.tag, next(RUN.ids)), "first_name": "Nieuwe",
                    "last_name": "Klant %d" % random.randint(1, 10 ** 6)}
        return {"external_id": "LOADC-%d" % random.randint(1, RUN.state["sales_ups"])}

    def _send(self, batch):
        start = time.perf_counter()
        with self.client.post("/dms/load-dms/moments", data=json.dumps(batch), name="dms_push",
                              catch_response=True, timeout=120, headers={
                                  "Content-Type": "application/json",
                                  "Authorization": "Bearer %s" % RUN.state["key"]}) as response:
            milliseconds = (time.perf_counter() - start) * 1000
            if response.status_code == 200:
                results = response.json()["results"]
                RUN.acknowledged.update(result["external_id"] for result in results
                                        if result.get("status") in PUSH_ACKNOWLEDGING)
                RUN.quarantined += sum(1 for result in results if result.get("status") == "quarantined")
                RUN.recorder.add("dms_push", milliseconds, "ok", "pusher%d" % self.number)
                response.success()
                return None
            # a 503 (database restarting, a long import holding the backend) is the protocol working:
            # the batch is sent again; a lost connection too (a killed worker); anything else is an error
            retry = response.status_code in (0, 503)
            RUN.recorder.add("dms_push", milliseconds, "expected" if retry else "error", "pusher%d" % self.number)
            if retry:
                response.success()
                return min(float(response.headers.get("Retry-After") or 2), 30.0)
            RUN.log_error("dms_push", response.status_code, response.text or "")
            response.failure("HTTP %s" % response.status_code)
            return None


def file_import(run, url):
    """A director imports one file of 1,000 moments (dry run, then import), as on the backend's form."""
    session = __import__("requests").Session()
    director = [person for person in run.state["people"] if person["role"] == "director"][0]
    rpc = fault_injection.Rpc(session, url, run.args.database, director["login"], run.state["password"])
    moments = [{"external_id": "%s-F-%05d" % (run.tag, index), "type_code": "CALL_OUT",
                "occurred_at": datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
                "summary": "Imported from a file", "site": "UTR"} for index in range(1000)]
    start = time.perf_counter()
    try:
        record = rpc.call("dms.file.import", "create", {
            "name": "load-%s.json" % run.tag, "backend_id": run.state["backend_id"], "file_type": "json",
            "content": base64.b64encode(json.dumps(moments).encode()).decode()})
        # "another import was running; run again": the director runs it again, as the message says
        tries, imported = loadlib.Bounded(10, 300), False
        while not imported and tries.next():
            try:
                rpc.call("dms.file.import", "action_dry_run", [record])
                rpc.call("dms.file.import", "action_import", [record])
                imported = True
            except fault_injection.RpcFailure as error:
                if "another import was running" not in str(error):
                    raise
                gevent.sleep(10)
        if not imported:
            raise fault_injection.RpcFailure("the DMS backend stayed busy through 10 tries")
        run.recorder.add("file_import", (time.perf_counter() - start) * 1000, "ok", director["login"])
    except fault_injection.RpcFailure as error:
        run.recorder.add("file_import", (time.perf_counter() - start) * 1000, "error", director["login"])
        run.log_error("file_import", "rpc", str(error))
    return ["%s-F-%05d" % (run.tag, index) for index in range(1000)]


def main():
    global RUN  # pylint: disable=global-statement  # the Locust users reach the run through it
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--longpolling-url", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--faults", action="store_true")
    parser.add_argument("--server-pid", type=int)
    parser.add_argument("--filestore")
    parser.add_argument("--output", default=os.path.join(ROOT, "bench", "LOAD.md"))
    args = parser.parse_args()
    for url in (args.url, args.longpolling_url):
        if urllib.parse.urlparse(url).hostname != "127.0.0.1":
            sys.exit("the load goes to 127.0.0.1 only, not %s" % url)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with open(args.state) as handle:
        RUN = Run(args, json.load(handle))
    database = fault_injection.Database()
    deadlocks_before = database.deadlocks(args.database)
    load_before = os.getloadavg()
    environment = Environment(user_classes=[Salesperson, Manager, Director, DmsPusher], host=args.url)
    runner = environment.create_local_runner()
    people = sum(1 for _person in RUN.state["people"])
    runner.start(people + 4, hatch_rate=10)
    helpers = [gevent.spawn_later(30, file_import, RUN, args.url)]
    injector = None
    if args.faults:
        injector = fault_injection.Injector(RUN, database, args)
        helpers.append(gevent.spawn(injector.run_all))
    loads = []
    watch = loadlib.Bounded(10000, args.minutes * 60)
    while watch.next():
        gevent.sleep(min(15, watch.remaining()))
        loads.append((time.time() - RUN.recorder.started, os.getloadavg()[0]))
    runner.quit()
    RUN.bound.stop()
    helpers[0].join(timeout=120)
    file_ids = helpers[0].value or []
    if injector:
        helpers[1].join(timeout=180)
    # what the CRM acknowledged is stored: each acknowledged moment has its binding
    pushed = sorted(RUN.acknowledged)
    stored = database.stored(args.database, RUN.state["backend_id"], pushed)
    figures = RUN.recorder.summary()
    figures.update({
        "pushed": len(pushed), "stored": stored, "push_quarantined": RUN.quarantined,
        "file_imported": database.stored(args.database, RUN.state["backend_id"], file_ids or []),
        "db_deadlocks": database.deadlocks(args.database) - deadlocks_before,
        "users": people, "pushers": 4, "minutes": args.minutes})
    if injector:
        figures.update(injector.figures(pushed, stored))
    for line in loadlib.load_lines(figures):
        print(line, flush=True)
    report.write(args, RUN.recorder, figures, load_before, loads, os.getloadavg(),
                 injector.outcomes if injector else None)
    failed = loadlib.targets_met(figures, faults=args.faults)
    print("targets: %s" % ("all met" if not failed else "; ".join(failed)), flush=True)
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
