"""Generate the dealer group `make load` drives, on its own database, and write the run's state.

5 branches, 50 people (40 salespeople, 8 branch managers, 2 directors), 20,000 sales ups and
200,000 contact moments over two years, generated in bulk SQL by the monitor benchmark's generator
(bench/bench_monitor.py) with the same rollup rebuild; a DMS backend `load-dms` whose pull reads the
DMS simulator and whose push key is made here. Everything is committed and VACUUM ANALYZEd before
the run: the load measures what users get.
The state (logins, password, push key, the people's sales ups) goes to a JSON file readable by our
user only; load/run.py reads it.
Usage: python load/prepare.py --config CONF --database DB --state FILE --dms-url URL --dms-token TOKEN
"""
import argparse
import importlib.util
import json
import os
import secrets

import odoo

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHAPE = {"branches": 5, "salespeople": 50, "sales_ups": 20000, "days": 730, "heavy": 0}
MOMENTS = 200000
ROLES = (("manager", 8), ("director", 2), ("sales", 40))
SITES = ("AMS", "UTR", "RTM")


def bench_monitor():
    path = os.path.join(ROOT, "bench", "bench_monitor.py")
    spec = importlib.util.spec_from_file_location("bench_monitor", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def top_up_moments(env, generator, group):
    """The generator gives a sales up 1-9 funnel moments (about 100,000); a group's history also
    holds the calls and e-mails between the steps: add follow-up calls until there are MOMENTS."""
    cr = env.cr
    cr.execute("SELECT count(*) FROM presales_contact_moment")
    missing = MOMENTS - cr.fetchone()[0]
    if missing <= 0:
        return
    cr.execute("SELECT id FROM presales_funnel_phase WHERE code = %s",
               (env["presales.funnel.vocabulary"].get().phase_for_moment("call"),))
    phase = cr.fetchone()[0]
    generator._switch_triggers(cr, False)
    cr.execute("""
        INSERT INTO presales_contact_moment (occurred_at, kind, channel, direction, summary, user_id, team_id,
                                             partner_id, lead_id, phase_id, origin, company_id, monitor_lead_type,
                                             monitor_source_id, monitor_customer_group)
        SELECT lead.lead_date + random() * ((now() AT TIME ZONE 'UTC') - lead.lead_date), 'call', 'phone',
               'outbound', 'Bench moment', lead.user_id, lead.team_id, lead.partner_id, lead.id, %s, 'crm',
               lead.company_id, lead.lead_type, lead.source_id, lead.monitor_customer_group
          FROM generate_series(1, %s) n
          JOIN crm_lead lead ON lead.id = (%s::integer[])[1 + n %% %s]""",
               (phase, missing, group["leads"], len(group["leads"])))
    env["sales_monitor.rollup"]._rebuild(moment_dims=False)
    generator._switch_triggers(cr, True)


def people(env, teams):
    """Give the generated group's 50 people a login, a password and a role; the branch managers
    lead the branches (two each for three of them)."""
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    users = Users.search([("sale_team_id", "in", teams), ("share", "=", False)], order="id")
    assert len(users) == SHAPE["salespeople"], "the generated group has %d people" % len(users)
    password = secrets.token_urlsafe(16)
    groups = {"sales": env.ref("automotive_presales.group_salesperson"),
              "manager": env.ref("automotive_presales.group_branch_manager"),
              "director": env.ref("automotive_presales.group_sales_director")}
    state, index = {"password": password, "people": []}, 0
    for role, count in ROLES:
        for number in range(1, count + 1):
            user = users[index]
            team = teams[index % len(teams)]
            login = "load_%s_%02d" % (role, number)
            # an e-mail address as every real user has (the chatter of offers needs the sender's)
            user.write({"login": login, "password": password, "sale_team_id": team, "email": "%s@load.invalid" % login,
                        "groups_id": [(6, 0, [env.ref("base.group_user").id, groups[role].id])]})
            if role == "manager" and number <= len(teams):
                env["crm.team"].browse(team).user_id = user
            state["people"].append({"login": user.login, "role": role, "uid": user.id, "team_id": team})
            index += 1
    return state


def dms_backend(env, teams, dms_url, dms_token):
    Backend = env["dms.backend"].with_context(tracking_disable=True)
    backend = Backend.search([("code", "=", "load-dms")])
    if not backend:
        backend = Backend.create({
            "name": "Load test DMS (simulator)", "code": "load-dms", "kind": "rest", "team_id": teams[0],
            "outbound_channel": "none",
            "site_map_ids": [(0, 0, {"site_code": site, "team_id": teams[index]}) for index, site in enumerate(SITES)]})
    # the DMS knows the group's customers (they were synced before): its moments name them by the
    # DMS's id, as a DMS does; bound once here in bulk, like the generated group itself
    env.cr.execute("""
        INSERT INTO dms_partner_binding (backend_id, external_id, odoo_id, sync_date, create_date, write_date,
                                         create_uid, write_uid)
        SELECT %s, 'LOADC-' || substring(name from 16), id, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC',
               now() AT TIME ZONE 'UTC', 1, 1
          FROM res_partner WHERE name LIKE 'Bench customer %%'
        ON CONFLICT DO NOTHING""", (backend.id,))
    backend.write({"base_url": dms_url, "password": dms_token, "enabled": True, "pull_cursor": False,
                   "next_pull_at": False, "pull_failures": 0})
    # the pull runs as configured (every 5 minutes): its first run is due when the load starts
    env.ref("dms_connector.cron_dms_pull").sudo().nextcall = odoo.fields.Datetime.now()
    return {"backend_id": backend.id, "key": backend.generate_api_key()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--dms-url", required=True)
    parser.add_argument("--dms-token", required=True)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database,
                                    "--logfile", os.path.join(ROOT, ".local", "log", "load.log")])
    generator = bench_monitor()
    registry = odoo.registry(args.database)
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        cr.execute("SELECT array_agg(id ORDER BY id) FROM crm_team WHERE name LIKE 'Bench branch %%'")
        teams = cr.fetchone()[0]
        # LOAD_REUSE=1 keeps the database of an earlier run: its group is there already
        group = {"teams": teams} if teams and len(teams) == SHAPE["branches"] else generator._generate(env, SHAPE)
        cr.execute("SELECT array_agg(id ORDER BY id) FROM crm_lead WHERE name LIKE 'Bench sales up %%'")
        group["leads"] = cr.fetchone()[0]
        top_up_moments(env, generator, group)
        # what Odoo computes for a partner without parent (the generator's bulk insert leaves it
        # empty): the customer is their own commercial entity (offers file them under it)
        cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL "
                   "AND parent_id IS NULL")
        state = people(env, group["teams"])
        state.update(dms_backend(env, group["teams"], args.dms_url, args.dms_token))
        state["teams"] = group["teams"]
        cr.execute("SELECT user_id, array_agg(id ORDER BY id) FROM crm_lead WHERE id = ANY(%s) GROUP BY user_id",
                   (group["leads"],))
        leads = dict(cr.fetchall())
        for person in state["people"]:
            person["leads"] = leads.get(person["uid"], [])[:200]
        cr.execute("SELECT count(*) FROM crm_lead WHERE id = ANY(%s)", (group["leads"],))
        state["sales_ups"] = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM presales_contact_moment")
        state["moments"] = cr.fetchone()[0]
        # the group is committed for the server that serves the load (a script, not a request)
        cr.commit()  # pylint: disable=invalid-commit
    # VACUUM runs outside a transaction: what autovacuum would have done for a group in use
    with registry.cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute("VACUUM ANALYZE")
    with os.fdopen(os.open(args.state, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
        json.dump(state, handle)


if __name__ == "__main__":
    main()
