"""The reassignment step of issue 16: after a branch manager gives a sales up to a colleague, its
previous owner sees none of it, over JSON-RPC as the web client asks, and the new owner all of it.

manager1 puts a sales up of a company-portfolio customer in sales1's hands; sales1 works it as a
salesperson does (a contact moment, a to-do, a note with a file, a meeting, a desired car, a
trade-in, a finance quote); manager1 gives it to sales2.
"""
import base64

import pytest

from .support import RpcError

REFUSED = ("odoo.exceptions.AccessError", "odoo.exceptions.except_orm")


def found(client, model, ids):
    return client.call(model, "search", [("id", "in", ids)], context={"active_test": False})


@pytest.fixture
def worked_sales_up(rpc):
    manager, sales1 = rpc("manager1"), rpc("sales1")
    customer = manager.call("res.partner", "create", {"name": "Reassignment Customer", "customer": True,
                                                      "email": "reassign@mail.example"})
    lead = manager.call("crm.lead", "create", {
        "name": "Reassignment sales up", "type": "opportunity", "lead_type": "walk_in", "lead_status": "warm",
        "partner_id": customer, "user_id": sales1.uid, "team_id": manager.ref("automotive_presales.branch_amsterdam")})
    lead_model = sales1.call("ir.model", "search", [("model", "=", "crm.lead")])[0]
    work = {"crm.lead": [lead], "res.partner": [customer]}
    work["presales.contact.moment"] = [sales1.call("presales.contact.moment", "create", {
        "lead_id": lead, "partner_id": customer, "kind": "call", "summary": "Asked about a tow bar"})]
    work["mail.activity"] = [sales1.call("mail.activity", "create", {
        "res_model_id": lead_model, "res_id": lead, "summary": "Call back about the tow bar",
        "activity_type_id": sales1.call("mail.activity.type", "search", [], limit=1)[0]})]
    work["ir.attachment"] = [sales1.call("ir.attachment", "create", {
        "name": "tow-bar.txt", "datas_fname": "tow-bar.txt", "datas": base64.b64encode(b"tow bar").decode(),
        "res_model": "mail.compose.message", "res_id": 0})]
    sales1.call("crm.lead", "message_post", [lead], body="Wants a tow bar", message_type="comment",
                subtype="mail.mt_note", attachment_ids=work["ir.attachment"])
    work["mail.message"] = sales1.call("mail.message", "search", [
        ("model", "=", "crm.lead"), ("res_id", "=", lead), ("body", "like", "Wants a tow bar")])
    work["calendar.event"] = [sales1.call("calendar.event", "create", {
        "name": "Tow bar fitting", "opportunity_id": lead, "start": "2031-05-05 09:00:00",
        "stop": "2031-05-05 10:00:00"})]
    work["presales.desired.vehicle"] = [sales1.call("presales.desired.vehicle", "create", {
        "lead_id": lead, "make": "Skoda", "model": "Kodiaq"})]
    work["presales.trade.in"] = [sales1.call("presales.trade.in", "create", {
        "lead_id": lead, "make": "Opel", "model": "Zafira"})]
    work["presales.finance.quote"] = [sales1.call("presales.finance.quote", "create", {
        "lead_id": lead, "kind": "cash", "vehicle_price": 41000.0})]
    work["mail.followers"] = sales1.call("mail.followers", "search",
                                         [("res_model", "=", "crm.lead"), ("res_id", "=", lead)])
    yield manager, sales1, work
    rpc("admin").call("crm.lead", "unlink", [lead])


def test_after_a_reassignment_the_old_owner_sees_none_of_it(rpc, worked_sales_up):
    manager, sales1, work = worked_sales_up
    for model, ids in work.items():
        assert sorted(found(sales1, model, ids)) == sorted(ids), "sales1 works %s before" % model
    manager.call("crm.lead", "write", work["crm.lead"], {"user_id": rpc("sales2").uid})
    sales2 = rpc("sales2")
    for model, ids in work.items():
        assert found(sales1, model, ids) == [], "sales1 still finds %s %s" % (model, ids)
        with pytest.raises(RpcError) as refused:
            sales1.call(model, "read", ids, ["display_name"])
        # the previous owner's follower rows are gone altogether
        gone = ("odoo.exceptions.MissingError",) if model == "mail.followers" else ()
        assert refused.value.name in REFUSED + gone, (model, refused.value.name)
        if model != "mail.followers":
            assert sorted(found(sales2, model, ids)) == sorted(ids), "sales2 works %s after" % model
    # the to-do went with the sales up, to its new owner
    activity = manager.call("mail.activity", "read", work["mail.activity"], ["user_id"])[0]
    assert activity["user_id"][0] == sales2.uid
    with pytest.raises(RpcError):
        sales1.call("mail.activity", "write", work["mail.activity"], {"summary": "still mine?"})
    with pytest.raises(RpcError):
        sales1.call("crm.lead", "message_post", work["crm.lead"], body="still mine?")
