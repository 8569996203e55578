"""The sales-up lifecycle over JSON-RPC, as the web client's kanban drag and buttons call it."""


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
