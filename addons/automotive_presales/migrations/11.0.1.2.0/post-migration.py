"""The deal end to end (11.0.1.2.0): open sales ups get the expected closing date the forecast
groups by, every sales up its sales process, Odoo's own loss reasons are archived, and a desired
vehicle's reservation is now read from its car's state."""
from odoo import SUPERUSER_ID, api, fields

from odoo.addons.automotive_presales.lib import lifecycle, sales_up


def migrate(cr, version):
    # lib/sales_up.expected_closing decides the date, grouped by the month the lead came in
    cr.execute("SELECT id, coalesce(lead_date, create_date) FROM crm_lead WHERE date_deadline IS NULL "
               "AND type = 'opportunity' AND " + lifecycle.sql_predicate(lifecycle.OPEN))
    by_date = {}
    for lead_id, came_in in cr.fetchall():
        by_date.setdefault(sales_up.expected_closing(fields.Datetime.from_string(came_in).date()), []).append(lead_id)
    for closing, lead_ids in by_date.items():
        cr.execute("UPDATE crm_lead SET date_deadline = %s WHERE id IN %s", (closing, tuple(lead_ids)))
    env = api.Environment(cr, SUPERUSER_ID, {})
    # Odoo's own loss reasons ("We don't have people/skills") leave the dealer's list
    for number in (1, 2, 3):
        reason = env.ref("crm.lost_reason_%d" % number, raise_if_not_found=False)
        if reason:
            reason.write({"active": False})
    # every sales up runs in a sales process (lib/processes.py), set from its customer and cars
    env["crm.lead"].with_context(active_test=False, tracking_disable=True).search(
        [("process_id", "=", False)])._presales_set_suggested_process()
    Desired = env["presales.desired.vehicle"]
    wishes = Desired.search([("stock_vehicle_id", "!=", False)])
    env.add_todo(Desired._fields["reservation_state"], wishes)
    Desired.recompute()
