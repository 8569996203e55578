"""Offers a Dutch customer signs (issue 19), over JSON-RPC as the demo salesperson and manager.

The prices are worked out by hand from the demo catalog, the 2026 BPM tariff (Belastingdienst)
and the demo dealer's road-ready costs: 51.20 registration fee without VAT and 800.00 of plates,
delivery, fuel and recycling fee with 21 % VAT, 1,019.20 per car.
"""
import pytest

from .support import RpcError

REGISTRATION = "2026-06-01"   # the 2026 tariff, whatever day the test runs
ROAD_READY = 1019.20
LEAD_FORM_CONTEXT = {"default_type": "opportunity", "active_model": "crm.lead"}


def _configure(client, lead, version, engine, transmission, colour, upholstery, **values):
    ref = client.ref
    values.update({
        "lead_id": lead, "version_id": ref("automotive_configurator." + version),
        "engine_id": ref("automotive_configurator.item_" + engine),
        "transmission_id": ref("automotive_configurator.item_" + transmission),
        "colour_id": ref("automotive_configurator.item_" + colour),
        "upholstery_id": ref("automotive_configurator.item_" + upholstery),
        "registration_date": REGISTRATION})
    return client.call("presales.vehicle.configuration", "create", values)


def _golf_life(client, lead, **values):
    return _configure(client, lead, "version_golf_life", "golf_tsi", "golf_manual", "vw_white", "vw_cloth", **values)


def _new_offer(client, lead, configurations, **values):
    values.update({"lead_id": lead, "configuration_ids": [(6, 0, configurations)]})
    return client.call("presales.offer", "create", values)


def _read(client, model, record_id, fields):
    return client.call(model, "read", [record_id], fields)[0]


@pytest.mark.parametrize("car, total, bpm, on_the_road", [
    # Golf Life 1.5 TSI petrol 128 g/km: 29,990 + 21 % = 36,287.90; BPM 2,727 + 181 x 28 = 7,795.00
    (("version_golf_life", "golf_tsi", "golf_manual", "vw_white", "vw_cloth"), 36287.90, 7795.00, 45102.10),
    # Tiguan Life 1.5 eHybrid plug-in hybrid 16 g/km: 48,490 + 21 % = 58,672.90; BPM 687 + 2 x 16 = 719.00
    (("version_tiguan_life", "tiguan_ehybrid", "tiguan_dsg6", "vw_white", "vw_cloth"), 58672.90, 719.00, 60411.10),
    # ID.4 Pure electric: 42,990 + 21 % = 52,017.90; BPM the fixed amount 687.00
    (("version_id4_pure", "id4_pro", "vw_ev_auto", "vw_white", "vw_cloth"), 52017.90, 687.00, 53724.10),
])
def test_price_on_the_road_by_fuel(rpc, car, total, bpm, on_the_road):
    sales1 = rpc("sales1")
    lead = sales1.ref("automotive_presales.sales_up_01")
    config = _configure(sales1, lead, *car)
    prices = _read(sales1, "presales.vehicle.configuration", config,
                   ["vat_rate", "price_total", "price_bpm", "price_road_ready", "price_on_the_road", "bpm_problem"])
    assert (prices["vat_rate"], prices["price_total"], prices["price_bpm"], prices["price_road_ready"],
            prices["price_on_the_road"], prices["bpm_problem"]) == (21.0, total, bpm, ROAD_READY, on_the_road, False)


def test_send_from_the_sales_up_queues_the_pdf_to_the_customer(rpc):
    sales1 = rpc("sales1")
    lead = sales1.ref("automotive_presales.sales_up_01")
    offer = _new_offer(sales1, lead, [_golf_life(sales1, lead)])
    # the Send button of the sales up's offer list, in the sales up form's context
    sales1.call("presales.offer", "action_send", [offer], context=dict(LEAD_FORM_CONTEXT, active_id=lead))
    sent = _read(sales1, "presales.offer", offer, ["state", "sent_by", "sent_to"])
    assert (sent["state"], sent["sent_by"], sent["sent_to"]) == ("sent", "email", "jan.hendriks@mail.example")
    mails = sales1.call("mail.mail", "search_read", [("model", "=", "presales.offer"), ("res_id", "=", offer)],
                        ["state", "email_to", "recipient_ids", "attachment_ids"])
    assert len(mails) == 1 and mails[0]["state"] == "outgoing"
    assert mails[0]["recipient_ids"] == [sales1.ref("automotive_presales.customer_01")]
    attachment = sales1.call("ir.attachment", "read", mails[0]["attachment_ids"], ["mimetype", "datas_fname"])
    assert [(row["mimetype"], row["datas_fname"].endswith(".pdf")) for row in attachment] == [("application/pdf", True)]


def test_send_refuses_without_an_address_and_says_what_is_missing(rpc):
    sales1 = rpc("sales1")
    partner = sales1.call("res.partner", "create", {"firstname": "Kees", "lastname": "Zonder Mail", "customer": True})
    lead = sales1.call("crm.lead", "create", {
        "name": "Golf for Kees", "type": "opportunity", "partner_id": partner, "lead_type": "walk_in",
        "lead_status": "warm", "contact_name": "Kees", "contact_lastname": "Zonder Mail"})
    offer = _new_offer(sales1, lead, [_golf_life(sales1, lead)])
    with pytest.raises(RpcError) as error:
        sales1.call("presales.offer", "action_send", [offer], context=dict(LEAD_FORM_CONTEXT, active_id=lead))
    assert error.value.name == "odoo.exceptions.UserError"
    assert "there is no (valid) e-mail address to send the offer to" in error.value.message
    assert _read(sales1, "presales.offer", offer, ["state"])["state"] == "draft"
    assert not sales1.call("mail.mail", "search", [("model", "=", "presales.offer"), ("res_id", "=", offer)])


def test_a_discount_over_the_limit_waits_for_the_manager_and_goes_through_after_approval(rpc):
    sales1, manager1 = rpc("sales1"), rpc("manager1")
    lead = sales1.ref("automotive_presales.sales_up_01")
    # 2,000 off 29,990 is 6.67 %: above a salesperson's 3 %, within a branch manager's 8 %
    offer = _new_offer(sales1, lead, [_golf_life(sales1, lead, discount_amount=2000)])
    sales1.call("presales.offer", "action_send", [offer])
    waiting = _read(sales1, "presales.offer", offer, ["state", "approval_level", "discount_percent"])
    assert (waiting["state"], waiting["approval_level"], waiting["discount_percent"]) == (
        "to_approve", "branch_manager", 6.67)
    assert not sales1.call("mail.mail", "search", [("model", "=", "presales.offer"), ("res_id", "=", offer)])
    with pytest.raises(RpcError) as error:
        sales1.call("presales.offer", "action_approve", [offer])
    assert error.value.name == "odoo.exceptions.AccessError"
    with pytest.raises(RpcError):
        sales1.call("presales.offer", "write", [offer], {"state": "draft", "approved_discount_percent": 50})
    # the notification on the manager's screen (OCA web_notify): what their web client's bus poll gets
    polled = manager1.post("/longpolling/poll", {"channels": ["notify_info_%d" % manager1.uid], "last": 0})
    notes = [note["message"] for note in polled if note["channel"] == "notify_info_%d" % manager1.uid]
    assert [note for note in notes if note["title"] == "Discount to approve" and "6.67 %" in note["message"]]
    # the manager's to-do list has it
    todo = manager1.call("mail.activity", "search_read", [
        ("res_model", "=", "presales.offer"), ("res_id", "=", offer), ("user_id", "=", manager1.uid)], ["summary"])
    assert len(todo) == 1 and "6.67 %" in todo[0]["summary"]
    manager1.call("presales.offer", "action_approve", [offer])
    answer = sales1.call("mail.activity", "search_read", [
        ("res_model", "=", "presales.offer"), ("res_id", "=", offer), ("user_id", "=", sales1.uid)], ["summary"])
    assert len(answer) == 1 and "Approved" in answer[0]["summary"]
    sales1.call("presales.offer", "action_send", [offer])
    assert _read(sales1, "presales.offer", offer, ["state"])["state"] == "sent"


def test_the_margin_is_for_managers_only(rpc):
    sales1, manager1 = rpc("sales1"), rpc("manager1")
    lead = sales1.ref("automotive_presales.sales_up_01")
    config = _golf_life(sales1, lead)
    with pytest.raises(RpcError) as error:
        sales1.call("presales.vehicle.configuration", "read", [config], ["margin_amount"])
    assert error.value.name == "odoo.exceptions.AccessError"
    # the demo dealer buys at 88 % of list: 29,990 x 12 % = 3,598.80
    assert _read(manager1, "presales.vehicle.configuration", config, ["margin_amount"])["margin_amount"] == 3598.80


def test_the_payment_grid_matches_hand_checked_annuities(rpc):
    sales1 = rpc("sales1")
    lead = sales1.ref("automotive_presales.sales_up_01")
    offer = _new_offer(sales1, lead, [_golf_life(sales1, lead)], grid_terms="36, 48", grid_down_payment=1000,
                       grid_mileage=10000)
    rows = sales1.call("presales.offer.payment.option", "search_read", [("offer_id", "=", offer)],
                       ["kind", "term_months", "residual_value", "monthly_payment", "total_payable"])
    grid = {(row["kind"], row["term_months"]): row for row in rows}
    # 45,102.10 on the road, 1,000 down: 44,102.10 financed. Monthly annuities in arrears, worked out
    # with exact fractions and rounded half up to the cent:
    assert grid[("cash", 0)]["total_payable"] == 45102.10
    # financial lease 36 months at 6.9 % down to a final instalment of 30 % (13,530.63)
    assert (grid[("financial_lease", 36)]["residual_value"], grid[("financial_lease", 36)]["monthly_payment"]) == (
        13530.63, 1020.36)
    # 48 months at 7.2 % down to 25 % (11,275.525 -> 11,275.53)
    assert grid[("financial_lease", 48)]["monthly_payment"] == 856.78
    # private lease 10,000 km: 4.9 % down to 52 % (36 months) and 45 % (48), plus the 149.00 service fee
    assert grid[("private_lease", 36)]["monthly_payment"] == 862.71
    assert grid[("private_lease", 48)]["monthly_payment"] == 779.04
    option = grid[("private_lease", 48)]["id"]
    sales1.call("presales.offer.payment.option", "action_choose", [option])
    assert _read(sales1, "presales.offer", offer, ["chosen_payment_option_id"])["chosen_payment_option_id"][0] == option
