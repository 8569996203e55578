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


def _id(value):
    return value and value[0]


def _own_sales_up(row, uid):
    return uid in (_id(row["user_id"]), _id(row["second_user_id"]))


def _own_moment(row, uid):
    # a moment follows its sales up, whoever logged it (its user_id grants nothing); a moment
    # without one follows the customer's portfolio owner (contact_moment_security.xml)
    if row["lead_id"]:
        return uid in (_id(row["lead_user_id"]), _id(row["lead_second_user_id"]))
    return _id(row["partner_user_id"]) == uid


# who a row of each report belongs to, as the salesperson's record rule of the report says
OWNERSHIP = {
    "sales_monitor.moment.report": (
        ["lead_id", "lead_user_id", "lead_second_user_id", "partner_user_id"], _own_moment),
    "sales_monitor.conversion.report": (["user_id", "second_user_id"], _own_sales_up),
    "sales_monitor.phase.time.report": (["user_id", "second_user_id"], _own_sales_up),
    "sales_monitor.loss.report": (["user_id", "second_user_id"], _own_sales_up),
}


@pytest.mark.parametrize("model", REPORTS)
def test_a_salesperson_reads_only_their_rows_of_each_report(rpc, model):
    sales1 = rpc("sales1")
    fields, owns = OWNERSHIP[model]
    rows = sales1.call(model, "search_read", [], fields)
    assert [row["id"] for row in rows if not owns(row, sales1.uid)] == []
    director = rpc("director")
    everything = director.call(model, "search_read", [], fields)
    # every row of sales1's, and only those
    assert {row["id"] for row in rows} == {row["id"] for row in everything if owns(row, sales1.uid)}


def test_the_moment_report_shows_a_salesperson_the_moments_they_may_read(rpc):
    # colleagues' moments on sales1's sales ups are sales1's to see, in the report as in the CRM
    sales1 = rpc("sales1")
    report = sales1.call("sales_monitor.moment.report", "search", [])
    moments = sales1.call("presales.contact.moment", "search", [])
    assert set(report) == set(moments)
