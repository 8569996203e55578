"""The three DMS channels at once, against the simulator and over real HTTP: the DMS pushes a batch
while the director pulls the same moments from it and imports them from an export file. Each
external id is stored once, whatever channel came first.
"""
import base64
import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
import uuid

import requests

from .support import ROOT, RpcError, free_port

SIMULATOR = os.path.join(ROOT, "tools", "dms_simulator.py")
COUNT = 60
BUSY = "another import was running; run again"


def simulator_module():
    spec = importlib.util.spec_from_file_location("dms_simulator", SIMULATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def start_simulator(prefix):
    port = free_port()
    process = subprocess.Popen([sys.executable, SIMULATOR, "--port", str(port), "--token", "tri-token",
                                "--moments", str(COUNT), "--id-prefix", prefix],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = "http://127.0.0.1:%d" % port
    for _attempt in range(100):
        try:
            requests.get(url + "/_stats", timeout=1)
            return process, url
        except requests.RequestException:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the DMS simulator did not start on port %d" % port)


def again_while_busy(action):
    """Run `action` until no other import of the backend held its lock (the caller is told to
    run again, as a job is retried); return what it returned."""
    for _attempt in range(30):
        try:
            return action()
        except RpcError as error:
            if BUSY not in error.message:
                raise
        time.sleep(0.2)
    raise AssertionError("the backend stayed busy")


def test_push_pull_and_file_import_of_the_same_batch_at_once_store_each_moment_once(odoo_server, rpc):
    prefix = "TRI%s" % uuid.uuid4().hex[:6].upper()
    batch = [simulator_module().make_moment(index, 0, prefix=prefix) for index in range(COUNT)]
    process, url = start_simulator(prefix)
    try:
        director = rpc("director")
        backend_id = director.ref("dms_connector.backend_demo")
        key = director.call("dms.backend", "generate_api_key", [backend_id])
        director.call("dms.backend", "write", [backend_id], {"base_url": url, "password": "tri-token",
                                                             "pull_cursor": False})
        # the file: a dry run first says what the import would do, and stores nothing
        file_id = director.call("dms.file.import", "create", {
            "name": "%s.json" % prefix, "backend_id": backend_id, "target": "moments",
            "content": base64.b64encode(json.dumps(batch).encode()).decode()})
        director.call("dms.file.import", "action_dry_run", [file_id])
        counts = director.call("dms.file.import", "read", [file_id], ["create_count", "quarantine_count"])[0]
        assert (counts["create_count"], counts["quarantine_count"]) == (COUNT, 0)
        assert not director.call("dms.moment.binding", "search_count", [("external_id", "=like", prefix + "-%")])

        answers = {}

        def push():
            for _attempt in range(30):
                response = requests.post(odoo_server.url + "/dms/demo-dms/moments", data=json.dumps(batch),
                                         headers={"Content-Type": "application/json",
                                                  "Authorization": "Bearer %s" % key}, timeout=300)
                if response.status_code != 503:
                    break
                time.sleep(0.2)
            answers["push"] = response

        def pull():
            client = rpc("director")
            answers["pull"] = again_while_busy(lambda: client.call("dms.backend", "dms_pull_page", [backend_id]))

        def import_file():
            client = rpc("director")
            answers["file"] = again_while_busy(lambda: client.call("dms.file.import", "action_import", [file_id]))

        threads = [threading.Thread(target=target) for target in (push, pull, import_file)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
        assert set(answers) == {"push", "pull", "file"}, answers
        assert answers["push"].status_code == 200, answers["push"].text
        assert {result["status"] for result in answers["push"].json()["results"]} <= {"accepted", "duplicate"}
        assert answers["pull"].startswith("%d records" % COUNT), answers["pull"]
        counts = director.call("dms.file.import", "read", [file_id], ["create_count", "skip_count", "state"])[0]
        assert counts["state"] == "done"
        assert counts["create_count"] + counts["skip_count"] == COUNT

        bindings = director.call("dms.moment.binding", "search_read", [("external_id", "=like", prefix + "-%")],
                                 ["external_id", "odoo_id"])
        assert sorted(binding["external_id"] for binding in bindings) == sorted(raw["external_id"] for raw in batch)
        assert len({binding["odoo_id"][0] for binding in bindings}) == COUNT
        customers = {raw["customer"]["external_id"] for raw in batch}
        partner_bindings = director.call("dms.partner.binding", "search_read",
                                         [("external_id", "in", sorted(customers))], ["external_id"])
        assert sorted(binding["external_id"] for binding in partner_bindings) == sorted(customers)
        # the replay of the file after all of it: nothing left to do
        director.call("dms.file.import", "action_dry_run", [file_id])
        assert director.call("dms.file.import", "read", [file_id], ["skip_count"])[0]["skip_count"] == COUNT
    finally:
        process.terminate()
        process.wait(10)
