"""The sales-up lifecycle over JSON-RPC, as the web client's kanban drag and buttons call it."""
import pytest

from .support import RpcError


def _new_sales_up(client, name):
    return client.call("crm.lead", "create", {
        "name": name, "type": "opportunity", "contact_name": "Ria", "contact_lastname": "Rpc",
        "lead_type": "walk_in", "lead_status": "warm"})


def _kinds(client, lead_id):
    moments = client.call("presales.contact.moment", "search_read", [("lead_id", "=", lead_id)], ["kind"])
    return sorted(moment["kind"] for moment in moments)


def test_a_drag_to_the_won_stage_does_what_mark_won_does(rpc):
    sales1 = rpc("sales1")
    dragged = _new_sales_up(sales1, "Won by a drag over RPC")
    clicked = _new_sales_up(sales1, "Won by the button over RPC")
    won_stage = sales1.call("crm.stage", "search", [("probability", "=", 100), ("on_change", "=", True)], limit=1)
    # what the kanban writes when a card is dropped on the Won column
    sales1.call("crm.lead", "write", [dragged], {"stage_id": won_stage[0]})
    sales1.call("crm.lead", "action_set_won", [clicked])
    for lead_id in (dragged, clicked):
        lead = sales1.call("crm.lead", "read", [lead_id], ["lead_status", "probability"])[0]
        assert (lead["lead_status"], lead["probability"]) == ("sold", 100)
        assert _kinds(sales1, lead_id) == ["agreement", "lead"]
        steps = sales1.call("presales.sales.step", "search_read", [("lead_id", "=", lead_id)], ["step"])
        assert [step["step"] for step in steps] == ["signed"]


def test_the_intake_moment_is_credited_to_the_salesperson_not_the_system(rpc):
    sales1 = rpc("sales1")
    lead_id = _new_sales_up(sales1, "Intake credited over RPC")
    moment = sales1.call("presales.contact.moment", "search_read",
                         [("lead_id", "=", lead_id), ("kind", "=", "lead")], ["user_id"])[0]
    assert moment["user_id"][0] == sales1.uid


def _refused(call, *args):
    with pytest.raises(RpcError) as error:
        call(*args)
    return error.value


def test_a_sales_up_is_never_lost_without_its_reason(rpc):
    """Every way the web client or an RPC script loses a sales up asks for the loss reason; the
    refusal names the sales up and the field, and leaves it open. Mark Lost's dialog, which writes
    the reason first, loses it."""
    sales1 = rpc("sales1")
    lead_id = _new_sales_up(sales1, "Lost over RPC")
    attempts = {
        "Mark Lost without the dialog": ("action_set_lost", [lead_id]),
        "the kanban card's Archive": ("action_set_unactive", [lead_id]),
        "active written": ("write", [lead_id], {"active": False}),
        "Mark Lost's own write": ("write", [lead_id], {"probability": 0, "active": False}),
        "the status Bought elsewhere": ("write", [lead_id], {"lead_status": "bought_elsewhere"}),
    }
    for path, (method, *args) in attempts.items():
        error = _refused(sales1.call, "crm.lead", method, *args)
        assert error.name == "odoo.exceptions.ValidationError", path
        assert "Sales up Lost over RPC" in error.message and "lost_reason" in error.message, (path, error.message)
        lead = sales1.call("crm.lead", "read", [lead_id], ["active", "lead_status"])[0]
        assert (lead["active"], lead["lead_status"]) == (True, "warm"), path
    assert _kinds(sales1, lead_id) == ["lead"]

    reason = sales1.ref("automotive_presales.lost_reason_price")
    wizard = sales1.call("crm.lead.lost", "create", {"lost_reason_id": reason},
                         context={"active_ids": [lead_id], "active_model": "crm.lead"})
    sales1.call("crm.lead.lost", "action_lost_reason_apply", [wizard],
                context={"active_ids": [lead_id], "active_model": "crm.lead"})
    lead = sales1.call("crm.lead", "read", [lead_id], ["active", "lost_reason"])[0]
    assert (lead["active"], lead["lost_reason"][0]) == (False, reason)
    assert _kinds(sales1, lead_id) == ["lead", "lost"]

    # the status and the reason in one edit lose it as well
    other = _new_sales_up(sales1, "Bought elsewhere over RPC")
    sales1.call("crm.lead", "write", [other], {"lead_status": "bought_elsewhere", "lost_reason": reason})
    assert _kinds(sales1, other) == ["lead", "lost"]
