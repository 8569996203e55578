"""The live monitor on the real server: a change reaches the open monitors that show it through
Odoo's bus (long-polling), on each viewer's own partner channel, within 5 seconds; a colleague
who may not see it is not told.

An open monitor polls /longpolling/poll exactly as the web client does; the change is a contact
logged over JSON-RPC by a salesperson, or moments the DMS pushes over HTTP (the bulk path).
"""
import json
import threading
import time
import uuid

import requests

CHANGED = "sales_monitor.changed"
LIVE_SECONDS = 5


def _peek_last(client):
    """The id of the newest bus message the user's monitor could see now (peek: no waiting)."""
    result = client.post("/longpolling/poll", {"channels": [], "last": 0, "options": {"peek": True}})
    return max([note["id"] for note in result["notifications"]] or [0])


def _peek_since(client, last):
    result = client.post("/longpolling/poll", {"channels": [], "last": last, "options": {"peek": True}})
    return [note for note in result["notifications"] if note["id"] > last]


class Watcher(threading.Thread):
    """An open monitor: long-polls until the monitor's change message arrives (or the deadline)."""

    def __init__(self, client, lead_id=None):
        super().__init__(daemon=True)
        self.client = client
        self.lead_id = lead_id
        self.last = _peek_last(client)
        self.message = None
        self.received_at = None

    def run(self):
        deadline = time.time() + 60
        while time.time() < deadline and self.message is None:
            notes = self.client.post("/longpolling/poll", {"channels": [], "last": self.last, "options": {}},
                                     timeout=70)
            for note in notes:
                self.last = max(self.last, note["id"])
                message = note["message"]
                if isinstance(message, dict) and message.get("type") == CHANGED and (
                        self.lead_id is None or self.lead_id in message.get("lead_ids", []) or message.get("all")):
                    self.message, self.received_at = message, time.time()


def _own_sales_up(client):
    found = client.call("crm.lead", "search_read", [("user_id", "=", client.uid), ("type", "=", "opportunity")],
                        ["id", "team_id"], limit=1)
    assert found, "the demo salesperson %s has a sales up" % client.login
    return found[0]


def test_a_logged_contact_reaches_the_directors_and_the_salespersons_monitor_within_5_seconds(rpc):
    sales1, director, sales2 = rpc("sales1"), rpc("director"), rpc("sales2")
    lead = _own_sales_up(sales1)
    watchers = [Watcher(director, lead["id"]), Watcher(sales1, lead["id"])]
    colleague_last = _peek_last(sales2)
    for watcher in watchers:
        watcher.start()
    time.sleep(0.5)  # the long polls are waiting, as on an open screen
    sales1.call("presales.contact.moment", "create", {
        "kind": "call", "channel": "phone", "summary": "Live: called back", "lead_id": lead["id"]})
    logged_at = time.time()
    for watcher in watchers:
        watcher.join(LIVE_SECONDS + 5)
        assert watcher.message is not None, "%s's monitor was not told" % watcher.client.login
        assert watcher.received_at - logged_at <= LIVE_SECONDS, watcher.received_at - logged_at
    assert watchers[0].message["team_ids"] == [lead["team_id"][0]]
    assert watchers[1].message["team_ids"] == [] and watchers[1].message["user_ids"] == [sales1.uid]
    # the colleague of the same branch does not work this sales up: nothing about it reached them
    told = [note["message"] for note in _peek_since(sales2, colleague_last)
            if isinstance(note["message"], dict) and note["message"].get("type") == CHANGED]
    assert not [message for message in told if lead["id"] in message.get("lead_ids", [])]
    # and the monitor the director reloads shows the new moment
    data = director.call("sales.monitor", "monitor_data", "staff", team_id=lead["team_id"][0])
    assert [row for row in data["rows"] if row["id"] == sales1.uid]


def test_moments_the_dms_pushes_reach_the_directors_monitor_within_5_seconds(odoo_server, rpc):
    director = rpc("director")
    key = director.call("dms.backend", "generate_api_key", [director.ref("dms_connector.backend_demo")])
    watcher = Watcher(director)
    watcher.start()
    time.sleep(0.5)
    ids = "L%s-" % uuid.uuid4().hex[:8]
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    body = [{"external_id": ids + str(number), "type_code": code, "occurred_at": now, "summary": "Live push",
             "site": "AMS", "customer": {"external_id": "C-" + ids, "first_name": "Live", "last_name": "Push " + ids,
                                         "email": "%s@live.example" % ids.lower()}}
            for number, code in enumerate(("LEAD_WEB", "CALL_OUT", "WORKSHOP_VISIT"))]
    response = requests.post("%s/dms/demo-dms/moments" % odoo_server.url, data=json.dumps(body).encode(),
                             headers={"Content-Type": "application/json", "Authorization": "Bearer %s" % key},
                             timeout=120)
    pushed_at = time.time()
    assert response.status_code == 200
    assert [result["status"] for result in response.json()["results"]] == ["accepted"] * 3
    watcher.join(LIVE_SECONDS + 5)
    assert watcher.message is not None, "the director's monitor was not told of the pushed moments"
    assert watcher.received_at - pushed_at <= LIVE_SECONDS
