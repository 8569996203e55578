from datetime import datetime

from dealer_ops.lib import health

NOW = datetime(2026, 12, 7, 12, 0, 0)


def database(reachable=True, runner_alive=True, last_dms_import=None):
    return {"reachable": reachable, "runner_alive": runner_alive, "last_dms_import": last_dms_import}


def test_all_well_is_200_with_the_age_of_the_last_import():
    status, body = health.answer([database(last_dms_import=datetime(2026, 12, 7, 11, 59, 30))], NOW)
    assert status == 200
    assert body == {"status": "ok", "database": "ok", "job_runner": "ok",
                    "last_dms_import": "2026-12-07T11:59:30Z", "last_dms_import_age_s": 30}


def test_a_stopped_job_runner_is_degraded_but_the_server_still_serves():
    status, body = health.answer([database(runner_alive=False)], NOW)
    assert (status, body["status"], body["job_runner"], body["last_dms_import"]) == (200, "degraded", "down", None)


def test_an_unreachable_database_or_none_at_all_is_503():
    for databases in ([database(reachable=False, runner_alive=False)], [database(), database(reachable=False)], []):
        status, body = health.answer(databases, NOW)
        assert (status, body["status"], body["database"], body["job_runner"]) == (503, "down", "down", "unknown")
