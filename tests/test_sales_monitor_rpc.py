"""The sales monitor over JSON-RPC as the demo roles: monitor_data and the report models show
each role its own scope and refuse the rest."""
import pytest

from .support import RpcError

REPORTS = ["sales_monitor.moment.report", "sales_monitor.conversion.report",
           "sales_monitor.phase.time.report", "sales_monitor.loss.report"]
PERIOD = {"date_from": "2026-01-01", "date_to": "2026-12-31"}


def _branches(client):
    return {row["name"]: row for row in client.call("sales.monitor", "monitor_data", "branches", **PERIOD)["rows"]}


def test_director_sees_every_branch_and_a_salesperson_only_their_own(rpc):
    director = _branches(rpc("director"))
    assert {"Amsterdam", "Utrecht", "Rotterdam"} <= set(director)
    sales1 = rpc("sales1")
    own = _branches(sales1)
    assert list(own) == ["Amsterdam"]
    assert sum(own["Amsterdam"]["moments"].values()) < sum(director["Amsterdam"]["moments"].values())
    with pytest.raises(RpcError) as error:
        sales1.call("sales.monitor", "monitor_data", "staff", team_id=director["Utrecht"]["id"], **PERIOD)
    assert error.value.name == "odoo.exceptions.AccessError"


def test_branch_manager_lands_on_their_branch_staff(rpc):
    manager1 = rpc("manager1")
    landing = manager1.call("sales.monitor", "monitor_landing")
    assert landing["level"] == "staff"
    staff = manager1.call("sales.monitor", "monitor_data", "staff", **dict(PERIOD, **landing["filters"]))["rows"]
    assert rpc("sales1").uid in [row["id"] for row in staff]
    assert rpc("sales3").uid not in [row["id"] for row in staff]
    with pytest.raises(RpcError) as error:
        manager1.call("sales.monitor", "monitor_data", "customers", user_id=rpc("sales3").uid, **PERIOD)
    assert error.value.name == "odoo.exceptions.AccessError"


@pytest.mark.parametrize("model", REPORTS)
def test_a_salesperson_reads_only_their_rows_of_each_report(rpc, model):
    sales1 = rpc("sales1")
    groups = sales1.call(model, "read_group", [], ["user_id"], ["user_id"])
    assert {group["user_id"] and group["user_id"][0] for group in groups} <= {sales1.uid}
    director = rpc("director").call(model, "read_group", [], ["user_id"], ["user_id"])
    assert len(director) >= len(groups)
