"""The report pack over JSON-RPC as the demo roles: each report model shows a salesperson their
own rows, a branch manager their branch, the director every branch; client acquisition is the
director's only. (One line per report model for the access matrix: REPORT_OWNER below.)"""
import importlib.util
import io
import os

import pytest
import xlrd
from PyPDF2 import PdfFileReader

from .support import ROOT, RpcError

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


def _pdf_text(content):
    """The text of a PDF, read with the report pack's PyPDF2 helper (loaded by path: the addon's
    tests package needs a running registry)."""
    path = os.path.join(ROOT, "addons", "sales_monitor", "tests", "pdf_text.py")
    spec = importlib.util.spec_from_file_location("report_pack_pdf_text", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.pdf_text(PdfFileReader(io.BytesIO(content)))


def test_salesperson_downloads_phone_contacts_as_pdf_and_xlsx_without_a_colleagues_client(rpc):
    sales1, director = rpc("sales1"), rpc("director")
    own = sales1.call("sales_monitor.client.report", "search_read", [("has_phone", "=", True)], ["name"], limit=3)
    assert own, "sales1 has no client with a phone number"
    others = director.call("sales_monitor.client.report", "search_read",
                           [("id", "not in", [row["id"] for row in own]), ("user_id", "!=", sales1.uid),
                            ("user_id", "!=", False), ("has_phone", "=", True)], ["name"], limit=1)
    assert others, "the demo has no colleague's client with a phone number"
    ids = ",".join(str(row["id"]) for row in own + others)
    response = sales1.session.get(sales1.url + "/report/xlsx/sales_monitor.phone_contacts_xlsx/" + ids, timeout=120)
    assert response.status_code == 200
    sheet = xlrd.open_workbook(file_contents=response.content).sheet_by_index(0)
    names = [sheet.cell_value(row, 0) for row in range(1, sheet.nrows)]
    assert sheet.cell_value(0, 0) == "Klant"  # sales1 works in Dutch
    assert sorted(names) == sorted(row["name"] for row in own)
    response = sales1.session.get(sales1.url + "/report/pdf/sales_monitor.report_phone_contacts/" + ids, timeout=180)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    assert all(row["name"] in text for row in own), text[:300]
    assert not any(row["name"] in text for row in others)


@pytest.mark.parametrize("model", ["sales_monitor.opportunity.report", "sales_monitor.conversion.report",
                                   "sales_monitor.loss.report", "sales_monitor.phase.time.report"])
def test_salesperson_groups_a_report_by_sales_process_as_their_sales_ups_are(rpc, model):
    """Grouped by sales process under sales1's record rules, each group holds the sales ups that
    crm.lead, read as sales1, puts in that process."""
    sales1 = rpc("sales1")
    groups = sales1.call(model, "read_group", [], ["process_id"], ["process_id"], lazy=False)
    seen = set()
    for group in groups:
        lead_ids = {_id(row["lead_id"]) for row in sales1.call(model, "search_read", group["__domain"], ["lead_id"])}
        seen |= lead_ids
        leads = sales1.call("crm.lead", "read_group", [("id", "in", sorted(lead_ids))], ["process_id"],
                            ["process_id"], context={"active_test": False})
        assert [(_id(lead["process_id"]), lead["process_id_count"]) for lead in leads] == [
            (_id(group["process_id"]), len(lead_ids))], "%s: group %s" % (model, group["process_id"])
    rows = sales1.call(model, "search_read", [], ["lead_id"])
    assert seen == {_id(row["lead_id"]) for row in rows}
    if model == "sales_monitor.opportunity.report":
        assert len([group for group in groups if group["process_id"]]) >= 2, "sales1 works in one process only"
