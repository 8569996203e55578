"""The report pack over JSON-RPC as the demo roles: each report model shows a salesperson their
own rows, a branch manager their branch, the director every branch; client acquisition is the
director's only. (One line per report model for the access matrix: REPORT_OWNER below.)"""
import pytest

from .support import RpcError

# report model: the fields naming whose row it is (a salesperson sees a row when one is theirs)
REPORT_OWNER = {
    "sales_monitor.activity.report": ("user_id",),
    "sales_monitor.opportunity.report": ("user_id", "second_user_id"),
    "sales_monitor.client.report": ("user_id",),
}
DIRECTOR_ONLY = ["sales_monitor.acquisition.report"]


def _id(value):
    return value and value[0]


def _branches(client):
    user = client.call("res.users", "read", [client.uid], ["sale_team_id"])[0]
    led = client.call("crm.team", "search", [("user_id", "=", client.uid)])
    return set(led) | ({_id(user["sale_team_id"])} - {False})


@pytest.mark.parametrize("model", sorted(REPORT_OWNER))
def test_salesperson_reads_only_their_own_report_rows(rpc, model):
    sales1 = rpc("sales1")
    owners = REPORT_OWNER[model]
    rows = sales1.call(model, "search_read", [], list(owners) + ["partner_id"])
    if model == "sales_monitor.client.report":
        # a client is theirs by portfolio, or because they work one of the client's sales ups
        leads = sales1.call("crm.lead", "search_read", [("partner_id", "!=", False)], ["partner_id"],
                            context={"active_test": False})
        worked = {_id(lead["partner_id"]) for lead in leads}
        foreign = [row for row in rows if _id(row["user_id"]) != sales1.uid and _id(row["partner_id"]) not in worked]
    else:
        foreign = [row for row in rows if sales1.uid not in [_id(row[field]) for field in owners]]
    assert not foreign, "sales1 reads rows of others in %s: %s" % (model, foreign[:3])


@pytest.mark.parametrize("model", ["sales_monitor.activity.report", "sales_monitor.opportunity.report"])
def test_branch_manager_reads_only_the_branch_and_director_every_branch(rpc, model):
    manager1 = rpc("manager1")
    branches = _branches(manager1)
    rows = manager1.call(model, "search_read", [], ["team_id", "user_id"])
    outside = [row for row in rows if _id(row["team_id"]) not in branches]
    assert not outside, "manager1 reads rows of other branches in %s: %s" % (model, outside[:3])
    director_rows = rpc("director").call(model, "search_read", [], ["team_id"])
    assert len({_id(row["team_id"]) for row in director_rows} - {False}) >= (
        2 if model == "sales_monitor.opportunity.report" else 1)
    assert len(director_rows) >= len(rows)


@pytest.mark.parametrize("model", DIRECTOR_ONLY)
@pytest.mark.parametrize("login", ["sales1", "manager1"])
def test_client_acquisition_is_the_directors_only(rpc, model, login):
    with pytest.raises(RpcError) as error:
        rpc(login).call(model, "search_read", [], ["source_id"])
    assert error.value.name == "odoo.exceptions.AccessError"
    assert isinstance(rpc("director").call(model, "search_read", [], ["source_id", "cost"]), list)


def test_map_selection_over_rpc_lists_only_the_salespersons_clients(rpc):
    sales1 = rpc("sales1")
    data = sales1.call("sales_monitor.client.report", "map_data", filters={})
    assert data["clients"], "sales1 has no client on the map"
    first = data["clients"][0]
    action = sales1.call("sales_monitor.client.report", "map_select",
                         {"mode": "radius", "latitude": first["latitude"], "longitude": first["longitude"],
                          "radius_km": 500})
    selected = set(action["domain"][0][2])
    assert selected == {client["id"] for client in data["clients"]}
