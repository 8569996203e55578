"""monitor_data for every role of the access matrix at every level, over JSON-RPC.

Beside tests/test_access_matrix.py (which tries CRUD operations per model): monitor_data is no
model, its rows are the caller's scope. For each role and level the test checks
- the rows: the branches, people or sales ups of the role's scope, stated by hand;
- every count: equal to what the same role's own search over the raw models gives (moments,
  customers per current phase, urgent, potential), so nothing the role may not read is counted;
- what the role must NOT see: another branch's team_id and another person's user_id are refused
  with an AccessError (the contract in sales_monitor's readme), on every level.
"""
import datetime

import pytest

from automotive_presales.lib import lifecycle
from sales_monitor.lib import monitor

from .support import RpcClient, RpcError

ROLES = ("sales1", "sales2", "sales3", "manager1", "manager2", "director")
LEVELS = ("branches", "staff", "customers")
BRANCH = {"sales1": "Amsterdam", "sales2": "Amsterdam", "sales3": "Utrecht", "manager1": "Amsterdam",
          "manager2": "Utrecht", "director": "Amsterdam"}
# whose sales ups each role opens at the customers level (a salesperson: their own)
PERSON = {"sales1": "sales1", "sales2": "sales2", "sales3": "sales3", "manager1": "sales1",
          "manager2": "sales3", "director": "sales3"}
# what each role asks for and must be refused: another branch, and a person outside its scope
FOREIGN_BRANCH = {"sales1": "Utrecht", "sales2": "Utrecht", "sales3": "Amsterdam", "manager1": "Utrecht",
                  "manager2": "Amsterdam"}
FOREIGN_PERSON = {"sales1": "sales2", "sales2": "sales1", "sales3": "sales4", "manager1": "sales3",
                  "manager2": "sales1"}
SALESPEOPLE = {"sales1", "sales2", "sales3"}
ROW_KEY = {"branches": "team_id", "staff": "user_id", "customers": "lead_id"}
LEAD_KEY = {"branches": "team_id", "staff": "user_id", "customers": "id"}


def _period():
    today = datetime.date.today()
    return {"date_from": str(today - datetime.timedelta(days=120)), "date_to": str(today + datetime.timedelta(days=1))}


@pytest.fixture(scope="module")
def ids(odoo_server):
    director = RpcClient(odoo_server.url, odoo_server.db, "director")
    users = director.call("res.users", "search_read", [("login", "in", ["sales%d" % n for n in range(1, 7)]
                                                        + ["manager1", "manager2", "director"])], ["login"])
    teams = director.call("crm.team", "search_read", [("name", "in", ["Amsterdam", "Utrecht", "Rotterdam"])],
                          ["name"])
    return {"users": {user["login"]: user["id"] for user in users},
            "teams": {team["name"]: team["id"] for team in teams},
            "all_teams": set(director.call("crm.team", "search", []))}


def _filters(role, level, ids):
    filters = dict(_period())
    if level == "staff":
        filters["team_id"] = ids["teams"][BRANCH[role]]
    if level == "customers":
        filters["user_id"] = ids["users"][PERSON[role]]
    return filters


def _expected_rows(role, level, ids, client, filters):
    if level == "branches":
        if role == "director":
            return ids["all_teams"]
        return {ids["teams"][BRANCH[role]]}
    if level == "staff":
        if role in SALESPEOPLE:
            return {client.uid}
        return set(client.call("res.users", "search", [("sale_team_id", "=", filters["team_id"])]))
    start, end = _bounds(filters)
    mine = [("user_id", "=", filters["user_id"])]
    touched = client.call("crm.lead", "search", mine + [
        ("monitor_last_moment_at", ">=", start), ("monitor_last_moment_at", "<", end)],
        context={"active_test": False})
    still_open = client.call("crm.lead", "search", mine + _open_domain())
    return set(touched) | set(still_open)


def _open_domain():
    return [list(term) if isinstance(term, tuple) else term for term in lifecycle.domain(lifecycle.OPEN)]


def _bounds(filters):
    """The period's days in the dealer group's time zone, as the UTC datetimes stored."""
    start, end = monitor.period_bounds(*(datetime.date(*map(int, filters[name].split("-")))
                                         for name in ("date_from", "date_to")))
    return str(start), str(end)


def _narrowed(filters, team_field="team_id", user_field="user_id"):
    domain = []
    if filters.get("team_id"):
        domain.append((team_field, "=", filters["team_id"]))
    if filters.get("user_id"):
        domain.append((user_field, "=", filters["user_id"]))
    return domain


def _grouped(client, model, domain, key, phase_field, context=None):
    """{row id: {phase id: n}} from the role's own search over the raw model."""
    counted = {}
    for record in client.call(model, "search_read", domain, [key, phase_field], context=context or {}):
        row = record[key][0] if isinstance(record[key], list) else record[key]
        if record[phase_field]:
            phases = counted.setdefault(row, {})
            phases[record[phase_field][0]] = phases.get(record[phase_field][0], 0) + 1
    return counted


def _open_figures(client, level, rows, filters):
    """{row id: (potential, potential by gut feel, urgent)} from the role's own search of open sales ups."""
    key = LEAD_KEY[level]
    stages = {stage["id"]: stage["probability"] for stage in client.call("crm.stage", "search_read", [],
                                                                         ["probability"])}
    leads = client.call("crm.lead", "search_read", [(key, "in", sorted(rows))] + _narrowed(filters)
                        + _open_domain(),
                        [key, "planned_revenue", "gut_probability", "stage_id", "monitor_urgent"])
    figures = {}
    for lead in leads:
        row = lead[key][0] if isinstance(lead[key], list) else lead[key]
        potential, gut, urgent = figures.get(row, (0.0, 0.0, 0))
        revenue = lead["planned_revenue"] or 0.0
        figures[row] = (potential + revenue * stages.get(lead["stage_id"] and lead["stage_id"][0], 0) / 100.0,
                        gut + revenue * (lead["gut_probability"] or 0) / 100.0,
                        urgent + int(bool(lead["monitor_urgent"])))
    return figures


def _by_phase_id(counts, phases):
    return {phase["id"]: counts[phase["code"]] for phase in phases if counts.get(phase["code"])}


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_its_scope_with_the_counts_its_own_searches_give(rpc, ids, role, level):
    client = rpc(role)
    filters = _filters(role, level, ids)
    data = client.call("sales.monitor", "monitor_data", level, **filters)
    rows = {row["id"]: row for row in data["rows"]}
    assert set(rows) == _expected_rows(role, level, ids, client, filters), (role, level)
    if not rows:
        return
    start, end = _bounds(filters)
    key = ROW_KEY[level]
    moments = _grouped(client, "presales.contact.moment", [
        ("occurred_at", ">=", start), ("occurred_at", "<", end), (key, "in", sorted(rows))] + _narrowed(filters),
        key, "phase_id")
    customers = _grouped(client, "crm.lead", [
        ("monitor_last_moment_at", ">=", start), ("monitor_last_moment_at", "<", end),
        (LEAD_KEY[level], "in", sorted(rows))] + _narrowed(filters), LEAD_KEY[level], "monitor_phase_id",
        context={"active_test": False})
    figures = _open_figures(client, level, rows, filters)
    for row_id, row in rows.items():
        label = "%s %s row %s" % (role, level, row["name"])
        assert _by_phase_id(row["moments"], data["phases"]) == moments.get(row_id, {}), label
        assert _by_phase_id(row["customers"], data["phases"]) == customers.get(row_id, {}), label
        potential, gut, urgent = figures.get(row_id, (0.0, 0.0, 0))
        assert row["urgent"] == urgent, label
        assert row["potential"] == pytest.approx(potential, abs=0.01), label
        assert row["potential_gut"] == pytest.approx(gut, abs=0.01), label


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("role", sorted(FOREIGN_PERSON))
def test_another_branch_or_person_is_refused(rpc, ids, role, level):
    client = rpc(role)
    period = _period()
    for asked in ({"team_id": ids["teams"][FOREIGN_BRANCH[role]]}, {"user_id": ids["users"][FOREIGN_PERSON[role]]}):
        with pytest.raises(RpcError) as error:
            client.call("sales.monitor", "monitor_data", level, **dict(period, **asked))
        assert error.value.name == "odoo.exceptions.AccessError", (role, level, asked)
        # the refusal names nobody: not the branch, not the person
        assert "Utrecht" not in error.value.message and "Amsterdam" not in error.value.message


def test_a_salesperson_counts_less_than_their_branch_manager(rpc, ids):
    """A colleague's sales ups are in the manager's Amsterdam row, never in sales1's."""
    period = _period()
    own = rpc("sales1").call("sales.monitor", "monitor_data", "branches", **period)["rows"][0]
    rows = rpc("manager1").call("sales.monitor", "monitor_data", "branches", **period)["rows"]
    branch = {row["id"]: row for row in rows}[ids["teams"]["Amsterdam"]]
    assert sum(own["moments"].values()) < sum(branch["moments"].values())
    assert own["potential"] < branch["potential"]


def test_the_director_may_open_any_branch_and_person(rpc, ids):
    director = rpc("director")
    period = _period()
    utrecht = director.call("sales.monitor", "monitor_data", "staff", team_id=ids["teams"]["Utrecht"], **period)
    assert {ids["users"]["sales3"], ids["users"]["sales4"]} <= {row["id"] for row in utrecht["rows"]}
    director.call("sales.monitor", "monitor_data", "customers", user_id=ids["users"]["sales1"], **period)
