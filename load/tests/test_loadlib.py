"""The load run's own logic, without a server: errors, percentiles, LOAD lines, bounded loops,
bench/LOAD.md's sections (load/loadlib.py)."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import loadlib  # noqa: E402  (load/ is a folder of scripts, not a package)


def rpc_error(name):
    return {"jsonrpc": "2.0", "id": 1, "error": {
        "code": 200, "message": "Odoo Server Error", "data": {"name": name, "message": "refused"}}}


@pytest.mark.parametrize("status, payload, outcome", [
    (200, {"jsonrpc": "2.0", "id": 1, "result": []}, "ok"),
    (200, rpc_error("odoo.exceptions.AccessError"), "expected"),
    (200, rpc_error("odoo.exceptions.UserError"), "expected"),
    (200, rpc_error("psycopg2.OperationalError"), "error"),
    (200, rpc_error("builtins.KeyError"), "error"),
    (500, None, "error"),
    (503, None, "error"),
    (404, None, "error"),
    (None, None, "error"),  # the connection was lost: no answer at all
])
def test_what_counts_as_an_error(status, payload, outcome):
    assert loadlib.classify(status, payload) == outcome


def test_percentiles_are_nearest_rank():
    values = list(range(1, 101))
    assert loadlib.percentile(values, 0.95) == 95
    assert loadlib.percentile(values, 0.99) == 99
    assert loadlib.percentile([7], 0.95) == 7
    assert loadlib.percentile([], 0.95) is None


def test_summary_keeps_errors_out_of_the_times_and_machine_traffic_out_of_the_worst():
    recorder = loadlib.Recorder(clock=lambda: 0.0)
    for ms in range(1, 101):
        recorder.add("pipeline", ms, "ok", "a")
        recorder.add("report_xlsx", ms * 30, "ok", "b")
        recorder.add("longpolling", 50000, "ok", "a")
    recorder.add("pipeline", 99999, "error", "a")
    recorder.add("upload", 20, "expected", "a")
    figures = recorder.summary()
    assert figures["requests"] == 302
    assert figures["errors"] == 1 and figures["expected_errors"] == 1
    assert figures["p95_ms_pipeline"] == 95 and figures["p99_ms_pipeline"] == 99
    assert figures["p95_ms_interactive_worst"] == 95  # not the long poll's 50 s, not the failed 100 s
    assert figures["p95_ms_reports_worst"] == 2850
    rows = {row[0]: row for row in recorder.rows()}
    assert rows["pipeline"][1:3] == (101, 1) and rows["pipeline"][7] == "NO"
    assert rows["report_xlsx"][7] == "yes" and rows["longpolling"][7] == ""


def test_load_lines_print_and_parse_back():
    figures = {"requests": 1200, "errors": 0, "p95_ms_pipeline": 420, "p95_ms_reports_worst": None,
               "minutes": 0.5}
    lines = loadlib.load_lines(figures)
    assert lines[0] == "LOAD errors 0" and "LOAD p95_ms_reports_worst -" in lines
    text = "noise\n" + "\n".join(lines) + "\nLOAD bad name here\nLOAD Upper 1\n"
    assert loadlib.parse_load_lines(text) == figures
    with pytest.raises(ValueError):
        loadlib.load_lines({"not a name": 1})


def test_targets():
    good = {"errors": 0, "pushed": 10, "stored": 10, "db_deadlocks": 0, "p95_ms_interactive_worst": 900,
            "p95_ms_reports_worst": 2900}
    assert loadlib.targets_met(good) == []
    assert loadlib.targets_met(dict(good, stored=9)) == ["pushed 10 != stored 9"]
    assert len(loadlib.targets_met(dict(good, p95_ms_interactive_worst=1001, db_deadlocks=1))) == 2
    assert loadlib.targets_met(dict(good, faults_survived=4, lost_after_faults=0), faults=True) == []
    assert len(loadlib.targets_met(dict(good, faults_survived=3, lost_after_faults=2), faults=True)) == 2


def test_a_bounded_loop_stops_at_its_count_and_at_its_time():
    now = [0.0]
    bound = loadlib.Bounded(3, 10, clock=lambda: now[0])
    assert [bound.next() for _index in range(5)] == [True, True, True, False, False]
    bound = loadlib.Bounded(1000, 10, clock=lambda: now[0])
    assert bound.next()
    now[0] = 10.0
    assert not bound.next() and bound.remaining() == 0
    bound = loadlib.Bounded(1000, 10, clock=lambda: now[0])
    bound.stop()
    assert not bound.next()


def test_series_per_window():
    recorder = loadlib.Recorder(clock=lambda: 0.0)
    for second in range(90):
        recorder.add("dms_push", second, "ok", at=float(second))
    assert [start for start, _p95 in recorder.series(("dms_push",))] == [0.0, 30.0, 60.0]
    assert recorder.series(("dms_push",))[1][1] == 58


def test_each_run_rewrites_only_its_section():
    document = loadlib.replace_section("# Load\n", "plain", "plain 1")
    document = loadlib.replace_section(document, "faults", "faults 1")
    document = loadlib.replace_section(document, "plain", "plain 2")
    assert "plain 1" not in document and "plain 2" in document and "faults 1" in document
    assert document.index("plain 2") < document.index("faults 1")
