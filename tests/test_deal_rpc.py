"""The deal end to end over JSON-RPC, as a salesperson works it in the web client.

Four walks, each ending in one consistent state of the sales up, its agreement moment, the car,
the order and the invoice: win then order, order then win, a DMS order then the salesperson's
order, and re-opening after the invoice. Invoices are made and posted by the administrator (the
dealer's accountant); everything else is the salesperson's doing. Each walk takes a car of its
own, added to the lot by the director.
"""
import json
import uuid

import pytest
import requests

from automotive_presales.lib import vin

from .support import RpcClient, RpcError


@pytest.fixture(scope="module")
def director(odoo_server):
    return RpcClient(odoo_server.url, odoo_server.db, "director")


@pytest.fixture(scope="module")
def accountant(odoo_server):
    return RpcClient(odoo_server.url, odoo_server.db, "admin")


@pytest.fixture
def car(director):
    """A car of its own on the Amsterdam lot, with a valid VIN."""
    serial = uuid.uuid4().int % 10 ** 6
    draft = "1HGCM826_3A%06d" % serial
    number = draft.replace("_", vin.check_digit(draft.replace("_", "0")))
    return director.call("presales.stock.vehicle", "create", {
        "stock_number": "DEAL-%06d" % serial, "vin": number, "year": 2026, "make": "Volkswagen",
        "model": "ID.3", "price": 36990, "team_id": director.ref("automotive_presales.branch_amsterdam")})


def _walk_in(client, last_name):
    """The New Sales Up dialog: five fields and a phone number."""
    return client.call("crm.lead", "create", {
        "type": "opportunity", "contact_name": "Deal", "contact_lastname": last_name,
        "phone": "06-%08d" % (uuid.uuid4().int % 10 ** 8), "lead_type": "walk_in", "lead_status": "hot"},
        context={"default_type": "opportunity", "default_user_id": client.uid})


def _mark_won(client, lead_id, **values):
    """Mark Won: the button opens the dialog; its defaults come from the sales up."""
    action = client.call("crm.lead", "action_set_won_rainbowman", [lead_id])
    assert action["res_model"] == "presales.win"
    context = dict(action["context"], active_id=lead_id)
    fields = ["lead_id", "planned_revenue", "stock_vehicle_id", "delivery_date"]
    defaults = client.call("presales.win", "default_get", fields, context=context)
    defaults.update(values)
    wizard = client.call("presales.win", "create", defaults, context=context)
    client.call("presales.win", "action_win", [wizard], context=context)
    return defaults


def _order_from_stock(client, lead_id, car_id):
    """Order from stock: the wizard, then Confirm on the quotation."""
    wizard = client.call("presales.stock.order", "create", {"lead_id": lead_id, "vehicle_id": car_id})
    action = client.call("presales.stock.order", "action_order", [wizard])
    client.call("sale.order", "action_confirm", [action["res_id"]])
    return action["res_id"]


def _invoice(accountant, order_id):
    invoice_ids = accountant.call("sale.order", "action_invoice_create", [order_id])
    accountant.call("account.invoice", "action_invoice_open", invoice_ids)
    return invoice_ids[0]


def _deal(client, accountant, lead_id, car_id):
    """What the salesperson sees of the deal, and the invoice the accountant posted."""
    lead = client.call("crm.lead", "read", [lead_id], ["lifecycle_state", "lead_status", "partner_id",
                                                       "planned_revenue", "delivery_date", "source_id"])[0]
    kinds = sorted(moment["kind"] for moment in client.call(
        "presales.contact.moment", "search_read", [("lead_id", "=", lead_id)], ["kind"]))
    car = client.call("presales.stock.vehicle", "read", [car_id], ["state", "reserved_for_lead_id"])[0]
    orders = client.call("sale.order", "search_read", [("opportunity_id", "=", lead_id)], ["state", "invoice_ids"])
    invoices = accountant.call("account.invoice", "search_read",
                               [("id", "in", [i for order in orders for i in order["invoice_ids"]])], ["state"])
    return {
        "outcome": lead["lifecycle_state"], "status": lead["lead_status"], "agreements": kinds.count("agreement"),
        "car": (car["state"], car["reserved_for_lead_id"] and car["reserved_for_lead_id"][0]),
        "orders": [order["state"] for order in orders], "invoices": [invoice["state"] for invoice in invoices],
        "lead": lead,
    }


def test_win_then_order(rpc, accountant, car):
    sales1 = rpc("sales1")
    lead_id = _walk_in(sales1, "Win-first")
    walk_in = sales1.call("crm.lead", "read", [lead_id], ["partner_id", "source_id", "medium_id"])[0]
    assert walk_in["partner_id"], "the walk-in has its customer at once"
    assert walk_in["source_id"][1] == "Walk-in" and walk_in["medium_id"][1] == "Showroom"
    sales1.call("presales.desired.vehicle", "create", {"lead_id": lead_id, "stock_vehicle_id": car})
    wish = sales1.call("presales.desired.vehicle", "search", [("lead_id", "=", lead_id)])
    sales1.call("presales.desired.vehicle", "action_reserve", wish)
    asked = _mark_won(sales1, lead_id, delivery_date="2027-02-01")
    assert (asked["stock_vehicle_id"], asked["planned_revenue"]) == (car, 36990)
    won = _deal(sales1, accountant, lead_id, car)
    assert (won["outcome"], won["agreements"], won["car"], won["orders"]) == ("won", 1, ("reserved", lead_id), [])
    order_id = _order_from_stock(sales1, lead_id, car)
    ordered = _deal(sales1, accountant, lead_id, car)
    assert (ordered["outcome"], ordered["agreements"], ordered["car"], ordered["orders"]) == (
        "won", 1, ("reserved", lead_id), ["sale"])
    _invoice(accountant, order_id)
    done = _deal(sales1, accountant, lead_id, car)
    assert (done["outcome"], done["status"], done["agreements"], done["car"], done["orders"], done["invoices"]) == (
        "won", "sold", 1, ("sold", lead_id), ["sale"], ["open"])
    assert (done["lead"]["planned_revenue"], done["lead"]["delivery_date"]) == (36990, "2027-02-01")


def test_order_then_win(rpc, accountant, car):
    sales1 = rpc("sales1")
    lead_id = _walk_in(sales1, "Order-first")
    order_id = _order_from_stock(sales1, lead_id, car)
    ordered = _deal(sales1, accountant, lead_id, car)
    assert (ordered["outcome"], ordered["agreements"], ordered["car"], ordered["orders"]) == (
        "won", 1, ("reserved", lead_id), ["sale"])
    assert ordered["lead"]["planned_revenue"] > 0, "the order's price is the sale price"
    # the agreement is in: Mark Won has nothing left to do
    action = sales1.call("crm.lead", "action_set_won_rainbowman", [lead_id])
    wizard = sales1.call("presales.win", "create", {"lead_id": lead_id, "planned_revenue": 1,
                                                    "delivery_date": "2027-03-01"}, context=action["context"])
    with pytest.raises(RpcError) as refused:
        sales1.call("presales.win", "action_win", [wizard])
    assert refused.value.name == "odoo.exceptions.UserError" and "won already" in refused.value.message
    _invoice(accountant, order_id)
    done = _deal(sales1, accountant, lead_id, car)
    assert (done["outcome"], done["agreements"], done["car"], done["orders"], done["invoices"]) == (
        "won", 1, ("sold", lead_id), ["sale"], ["open"])


def test_dms_order_then_win(rpc, odoo_server, director, accountant, car):
    sales1 = rpc("sales1")
    key = director.call("dms.backend", "generate_api_key", [director.ref("dms_connector.backend_demo")])
    headers = {"Authorization": "Bearer %s" % key}
    external = "DEAL-%s" % uuid.uuid4().hex[:8]
    adf = ("""<?xml version="1.0"?><?adf version="1.0"?><adf><prospect status="new">
      <id sequence="1" source="Importer">%s</id><requestdate>2026-11-02T10:15:00+01:00</requestdate>
      <vehicle interest="buy" status="new"><year>2026</year><make>Volkswagen</make><model>ID.3</model></vehicle>
      <customer><contact><name part="first">Dirk</name><name part="last">Dms %s</name>
      <email>%s@deal.example</email></contact></customer>
      <vendor><vendorname>Dealer Amsterdam</vendorname></vendor></prospect></adf>""" % (
        external, external, external.lower())).encode()
    pushed = requests.post("%s/dms/demo-dms/moments" % odoo_server.url, data=adf, timeout=120,
                           headers=dict(headers, **{"Content-Type": "text/xml"})).json()["results"]
    assert pushed[0]["status"] == "accepted"
    [binding] = director.call("dms.lead.binding", "search_read", [("external_id", "=", pushed[0]["external_id"])],
                              ["odoo_id"])
    lead_id = binding["odoo_id"][0]
    # the branch manager gives the importer's lead to sales1
    director.call("crm.lead", "write", [lead_id], {"user_id": sales1.uid,
                                                   "team_id": director.ref("automotive_presales.branch_amsterdam")})
    order_moment = {"external_id": external + "-ORDER", "type_code": "ORDER", "occurred_at": "2026-11-20T14:00:00Z",
                    "summary": "Purchase agreement signed in the DMS", "lead_external_id": pushed[0]["external_id"]}
    answer = requests.post("%s/dms/demo-dms/moments" % odoo_server.url, data=json.dumps([order_moment]).encode(),
                           headers=dict(headers, **{"Content-Type": "application/json"}), timeout=120).json()
    assert answer["results"][0]["status"] == "accepted", answer
    won = _deal(sales1, accountant, lead_id, car)
    assert (won["outcome"], won["status"], won["agreements"]) == ("won", "sold", 1)
    # the importer's lead named a customer nobody knew yet: sales1 records them, then orders
    if not won["lead"]["partner_id"]:
        customer = sales1.call("res.partner", "create", {
            "firstname": "Dirk", "lastname": "Dms %s" % external, "email": "%s@deal.example" % external.lower(),
            "user_id": sales1.uid})
        sales1.call("crm.lead", "write", [lead_id], {"partner_id": customer})
    order_id = _order_from_stock(sales1, lead_id, car)
    ordered = _deal(sales1, accountant, lead_id, car)
    assert (ordered["outcome"], ordered["agreements"], ordered["car"], ordered["orders"]) == (
        "won", 1, ("reserved", lead_id), ["sale"])
    _invoice(accountant, order_id)
    done = _deal(sales1, accountant, lead_id, car)
    assert (done["outcome"], done["agreements"], done["car"], done["orders"], done["invoices"]) == (
        "won", 1, ("sold", lead_id), ["sale"], ["open"])


def test_reopen_after_invoice_is_refused_naming_the_invoice(rpc, accountant, car):
    sales1 = rpc("sales1")
    lead_id = _walk_in(sales1, "Reopen")
    order_id = _order_from_stock(sales1, lead_id, car)
    invoice_id = _invoice(accountant, order_id)
    number = accountant.call("account.invoice", "read", [invoice_id], ["number"])[0]["number"]
    before = _deal(sales1, accountant, lead_id, car)
    with pytest.raises(RpcError) as refused:
        sales1.call("crm.lead", "action_presales_reopen", [lead_id])
    assert refused.value.name == "odoo.exceptions.UserError"
    assert number in refused.value.message and "credit the invoice first" in refused.value.message
    # the kanban drag back to an open stage is refused the same way
    open_stage = sales1.ref("crm.stage_lead2")
    with pytest.raises(RpcError):
        sales1.call("crm.lead", "write", [lead_id], {"stage_id": open_stage})
    after = _deal(sales1, accountant, lead_id, car)
    assert after == before
    assert (after["outcome"], after["agreements"], after["car"], after["orders"], after["invoices"]) == (
        "won", 1, ("sold", lead_id), ["sale"], ["open"])
