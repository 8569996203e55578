"""PostgreSQL restarted while the DMS pushes: every answer is a 2xx or a clean 503, nothing
acknowledged is lost, nothing is stored twice, and the server serves again afterwards.

The shared cluster is never touched: the acceptance database is copied into a throw-away cluster
(`pg_cluster.ThrowawayCluster`) served by an Odoo of its own, and only that cluster is restarted.
"""
import json
import threading
import time
import uuid

import pytest
import requests

from .pg_cluster import ClusterServer, ThrowawayCluster
from .support import RpcClient

BATCH = 10
ACKNOWLEDGING = ("accepted", "duplicate", "updated")


@pytest.fixture(scope="module")
def cluster_server(odoo_server):
    cluster = ThrowawayCluster()
    server = None
    try:
        cluster.start()
        db = "dms_pgrestart"
        cluster.copy_database(odoo_server.db, db)
        server = ClusterServer(cluster, db, odoo_server.db)
        server.start()
        yield cluster, server
    finally:
        if server is not None:
            server.kill()
        cluster.remove()


def moment(external_id):
    return {"external_id": external_id, "type_code": "CALL_OUT", "occurred_at": "2026-11-02T10:00:00Z",
            "summary": "Pushed across a database restart", "site": "AMS"}


class Pusher(threading.Thread):
    """A DMS pushing batch after batch as fast as the server answers; keeps every answer."""

    def __init__(self, url, key, prefix):
        super().__init__(daemon=True)
        self.url, self.key, self.prefix = url, key, prefix
        self.stopping = threading.Event()
        self.answers = []  # (batch ids, status code or None, headers, body or error text)

    def push(self, ids):
        body = json.dumps([moment(external_id) for external_id in ids]).encode()
        try:
            response = requests.post(self.url, data=body, timeout=60, headers={
                "Content-Type": "application/json", "Authorization": "Bearer %s" % self.key})
        except requests.ConnectionError as error:
            return ids, None, {}, str(error)
        return ids, response.status_code, response.headers, response.text

    def run(self):
        number = 0
        while not self.stopping.is_set():
            ids = ["%s%d-%d" % (self.prefix, number, index) for index in range(BATCH)]
            number += 1
            answer = self.push(ids)
            self.answers.append(answer)
            if answer[1] != 200:
                time.sleep(0.25)  # a DMS backs off (Retry-After), if not for the full 10 s

    def ok_since(self, count):
        return sum(1 for answer in self.answers[count:] if answer[1] == 200)


def wait_for(predicate, timeout, message):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(message)


def stored(cluster, db, prefix):
    """external id -> (bindings, distinct moments) in the throw-away cluster."""
    connection = cluster.connect(db)
    try:
        with connection.cursor() as cr:
            cr.execute("""SELECT b.external_id, count(*), count(DISTINCT m.id)
                            FROM dms_moment_binding b JOIN presales_contact_moment m ON m.id = b.odoo_id
                           WHERE b.external_id LIKE %s GROUP BY b.external_id""", (prefix + "%",))
            return {row[0]: (row[1], row[2]) for row in cr.fetchall()}
    finally:
        connection.close()


def test_pushes_across_a_postgresql_restart_are_stored_once_or_refused_cleanly(cluster_server):
    cluster, server = cluster_server
    director = RpcClient(server.url, server.db, "director")
    key = director.call("dms.backend", "generate_api_key", [director.ref("dms_connector.backend_demo")])
    prefix = "PGR%s-" % uuid.uuid4().hex[:6]
    pusher = Pusher("%s/dms/demo-dms/moments" % server.url, key, prefix)
    pusher.start()
    try:
        wait_for(lambda: pusher.ok_since(0) >= 3, 60, "no push went through before the restart")
        # a restart in the middle of the pushes, as an upgrade or a failover does
        cluster.restart("fast")
        before_outage = len(pusher.answers)
        wait_for(lambda: pusher.ok_since(before_outage) >= 2, 60, "pushes did not go through after the restart")
        # then down for a while: the pushes meanwhile must be refused cleanly
        cluster.stop("immediate")
        down_from = len(pusher.answers)
        wait_for(lambda: len(pusher.answers) >= down_from + 3, 60,
                 "the server did not answer while PostgreSQL was down")
        cluster.start()
        back = len(pusher.answers)
        wait_for(lambda: pusher.ok_since(back) >= 3, 60, "the server did not serve again after PostgreSQL came back")
    finally:
        pusher.stopping.set()
        pusher.join(90)
    answers = pusher.answers
    refused = [answer for answer in answers if answer[1] != 200]
    assert any(answer[1] == 503 for answer in answers[down_from:back]), "no 503 while PostgreSQL was down"
    for ids, status, headers, body in refused:
        if status is None:
            continue  # the connection dropped while PostgreSQL went down: nothing was acknowledged
        assert status == 503, "batch %s got %s: %s" % (ids[0], status, body[:300])
        assert headers.get("Retry-After"), "503 without Retry-After"
        assert "database is unavailable" in json.loads(body)["error"]

    acknowledged = set()
    for ids, status, _headers, body in answers:
        if status == 200:
            results = json.loads(body)["results"]
            assert [result["external_id"] for result in results] == ids
            assert {result["status"] for result in results} <= set(ACKNOWLEDGING), results
            acknowledged.update(ids)
    rows = stored(cluster, server.db, prefix)
    missing = acknowledged - set(rows)
    assert not missing, "acknowledged but not stored: %s" % sorted(missing)[:10]
    assert all(counts == (1, 1) for counts in rows.values())

    # the DMS sends the refused batches again (Retry-After): now each is stored, still once
    for ids, status, _headers, _body in refused:
        again = pusher.push(ids)
        assert again[1] == 200, again
        assert {result["status"] for result in json.loads(again[3])["results"]} <= {"accepted", "duplicate"}
    every_id = {external_id for ids, *_rest in answers for external_id in ids}
    rows = stored(cluster, server.db, prefix)
    assert set(rows) == every_id
    assert all(counts == (1, 1) for counts in rows.values())
    # and the web client's users are served as before
    assert RpcClient(server.url, server.db, "sales1").call("res.users", "read", [director.uid], ["login"])
