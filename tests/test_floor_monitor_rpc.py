"""Issue 21: a showroom visit checked in on the floor is a contact moment of the funnel and counts
in the sales monitor. Here because it spans two addons that do not depend on each other
(dealer_floor, sales_monitor): sales1 checks a walk-in in over the floor's own HTTP call, as the
phone does, and the monitor's data for today (the salesperson's row for sales1, the branch's row
for the director) rises by exactly the visit, also when the phone sends the capture twice."""
import uuid


def _today(client, level, row_id, **filters):
    """The row's moments per funnel phase in the monitor's data for the user's today."""
    today = client.call("sales.monitor", "monitor_data", level, **filters)["filters"]["date_to"]
    rows = client.call("sales.monitor", "monitor_data", level, date_from=today, date_to=today, **filters)["rows"]
    return {row["id"]: row["moments"] for row in rows}.get(row_id, {})


def _rise(before, after):
    return {code: after.get(code, 0) - before.get(code, 0) for code in set(before) | set(after)
            if after.get(code, 0) != before.get(code, 0)}


def test_a_visit_checked_in_on_the_floor_counts_once_in_the_monitor(rpc):
    sales1, director = rpc("sales1"), rpc("director")
    branch = sales1.call("res.users", "read", [sales1.uid], ["sale_team_id"])[0]["sale_team_id"][0]
    lead = sales1.call("crm.lead", "create", {
        "type": "opportunity", "lead_type": "call", "lead_status": "warm", "contact_name": "Vera",
        "contact_lastname": "Visit", "phone": "06 1357 2468", "user_id": sales1.uid})
    staff_before = _today(sales1, "staff", sales1.uid, team_id=branch)
    branch_before = _today(director, "branches", branch)

    walk_in = {"client_uuid": str(uuid.uuid4()), "first_name": "Vera", "last_name": "Visit", "lead_id": lead,
               "purpose": "test_drive"}
    first = sales1.post("/floor/api/walk_in", {"values": walk_in})
    again = sales1.post("/floor/api/walk_in", {"values": walk_in})
    assert again == first, "the capture sent twice is the same visit"

    moment = sales1.call("presales.showroom.visit", "read", [first["visit_id"]], ["moment_id"])[0]["moment_id"]
    phase = sales1.call("presales.contact.moment", "read", [moment[0]], ["phase_id"])[0]["phase_id"]
    code = sales1.call("presales.funnel.phase", "read", [phase[0]], ["code"])[0]["code"]
    assert _rise(staff_before, _today(sales1, "staff", sales1.uid, team_id=branch)) == {code: 1}
    assert _rise(branch_before, _today(director, "branches", branch)) == {code: 1}
