from odoo.addons.automotive_presales.lib import lifecycle
from odoo.addons.automotive_presales.tests.common import sales_up_values

from .common import DmsCase


class TestDmsNeverLosesASalesUp(DmsCase):
    """A lost sales up must have its loss reason (automotive_presales' lifecycle). The DMS cannot
    lose one, so it needs no mapped reason: its leads arrive open, and its LOST moment is a
    contact moment in the funnel's Lost order phase that leaves the sales up to the salesperson."""

    def test_a_lost_moment_from_the_dms_is_stored_and_the_sales_up_stays_open(self):
        lead = self.env["crm.lead"].create(sales_up_values({
            "name": "Golf for Anna", "partner_id": self.customer_a.id, "user_id": self.sales_a.id,
            "team_id": self.branch_a.id}))
        result = self.push(self.moment("M-LOST", type_code="LOST", user="asales", summary="Bought elsewhere"))
        self.assertEqual(result[0]["status"], "accepted")
        moment = self.binding("M-LOST").odoo_id
        self.assertEqual((moment.kind, moment.phase_id.code, moment.partner_id),
                         ("lost", "lost_order", self.customer_a))
        lead.invalidate_cache()
        self.assertEqual((lead._presales_state(), lead.lost_reason.id), (lifecycle.OPEN, False))
