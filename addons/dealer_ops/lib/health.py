"""The answer of `/dealer/health`, from what the probe found (plain Python, no Odoo).

For a load balancer the HTTP status is what counts: 200 while the server can serve (its
databases answer), 503 when one does not. A stopped job runner does not make a server unable to
serve users (and one runner serves all servers of a group), so it turns the answer "degraded",
still 200, for monitoring to raise. The body says only what an operator needs: no database
names, no versions, no figures about the business.
"""
import datetime

OK, DEGRADED, DOWN = "ok", "degraded", "down"


def answer(databases, now):
    """(HTTP status, body) for `databases`: one dict per database the server serves, with
    `reachable` (bool), `runner_alive` (bool) and `last_dms_import` (naive UTC datetime or None)."""
    reachable = bool(databases) and all(database["reachable"] for database in databases)
    runner = reachable and all(database["runner_alive"] for database in databases)
    imports = [database["last_dms_import"] for database in databases if database.get("last_dms_import")]
    last_import = max(imports) if imports else None
    status = OK if runner else (DEGRADED if reachable else DOWN)
    body = {
        "status": status,
        "database": OK if reachable else DOWN,
        "job_runner": (OK if runner else DOWN) if reachable else "unknown",
        "last_dms_import": last_import.strftime("%Y-%m-%dT%H:%M:%SZ") if last_import else None,
        "last_dms_import_age_s": max(0, int((now - last_import).total_seconds())) if last_import else None,
    }
    return (200 if reachable else 503), body


def utcnow():
    return datetime.datetime.utcnow()
