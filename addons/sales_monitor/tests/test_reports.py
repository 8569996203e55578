from odoo import fields
from odoo.tests.common import TransactionCase

from odoo.addons.automotive_presales.lib import lifecycle

from ..lib import geo, monitor
from .common import MonitorCase


class TestReports(MonitorCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.price = cls.env["crm.lost.reason"].create({"name": "Monitor: price"})
        cls.l4.write({"lost_reason": cls.price.id})
        cls.ours = [("lead_id", "in", (cls.l1 | cls.l2 | cls.l3 | cls.l4).ids)]
        # lost by its status, still active, and a lead archived before it entered the funnel: outside `ours`
        cls.l5 = cls._lead("L5", cls.sales_b, cls.branch_b, "web", "2026-02-10 10:00:00", False, 8000, 30, "warm")
        cls.l5.write({"lead_status": "bought_elsewhere", "lost_reason": cls.loss_reason.id})
        cls.l6 = cls._lead("L6", cls.sales_b, cls.branch_b, "web", "2026-02-11 10:00:00", False, 8000, 30, "warm")
        cls.l6.write({"type": "lead", "active": False, "lost_reason": cls.loss_reason.id})

    def _group(self, model, user, groupby, measure):
        groups = self.env[model].sudo(user).read_group(self.ours, [groupby, measure], [groupby])
        return {group[groupby] and group[groupby][0]: group[measure] for group in groups}

    def test_lost_sales_ups_by_reason_and_phase_lost_in(self):
        row = self.env["sales_monitor.loss.report"].search(self.ours)
        self.assertEqual(row.lead_id, self.l4)
        self.assertEqual((row.lost_reason_id, row.phase_id.code, row.team_id),
                         (self.price, "lead_digital", self.branch_b))

    def test_lost_is_lifecycles_lost_of_the_opportunities(self):
        leads = self.env["crm.lead"].with_context(active_test=False).browse(
            self.ours[0][2] + (self.l5 | self.l6).ids)
        lost = self.env["sales_monitor.loss.report"].search([("lead_id", "in", leads.ids)]).mapped("lead_id")
        self.assertEqual(lost, self.l4 | self.l5)
        self.assertEqual(lost, leads.filtered(lambda lead: lead.type == "opportunity" and lifecycle.is_lost(
            lead.active, lead.probability, lead.lead_status)))

    def test_conversion_between_phases_per_branch(self):
        rows = self.env["sales_monitor.conversion.report"].read_group(
            self.ours, ["team_id", "reached_lead", "reached_test_drive", "reached_offer", "reached_agreement",
                        "reached_delivery"], ["team_id"])
        by_team = {row["team_id"][0]: row for row in rows}
        branch_a = by_team[self.branch_a.id]
        self.assertEqual([branch_a[name] for name in ("reached_lead", "reached_test_drive", "reached_offer",
                                                      "reached_agreement", "reached_delivery")], [3, 2, 2, 1, 0])
        self.assertEqual(by_team[self.branch_b.id]["reached_lead"], 1)

    def test_time_in_phase_cuts_stays_as_the_python_rule(self):
        Report = self.env["sales_monitor.phase.time.report"]
        for lead in (self.l1, self.l2, self.l3, self.l4):
            moments = [(fields.Datetime.from_string(moment.occurred_at), moment.id, moment.phase_id.code)
                       for moment in lead.with_context(active_test=False).contact_moment_ids]
            finished = [(phase, fields.Datetime.to_string(entered), fields.Datetime.to_string(left))
                        for phase, entered, left in monitor.phase_durations(moments)]
            rows = Report.search([("lead_id", "=", lead.id), ("is_current", "=", False)], order="entered_at")
            self.assertEqual([(row.phase_id.code, row.entered_at, row.left_at) for row in rows], finished, lead.name)
        follow_up = Report.search([("lead_id", "=", self.l1.id), ("phase_id.code", "=", "lead_follow_up")])
        self.assertAlmostEqual(follow_up.hours, 76.5, places=2)
        current = Report.search([("lead_id", "=", self.l1.id), ("is_current", "=", True)])
        self.assertEqual(current.phase_id.code, "offer_made")

    def test_each_role_reads_only_its_own_report_rows(self):
        for model, groupby, measure in (("sales_monitor.moment.report", "user_id", "moment_count"),
                                        ("sales_monitor.conversion.report", "user_id", "reached_lead"),
                                        ("sales_monitor.phase.time.report", "user_id", "stay_count")):
            self.assertEqual(set(self._group(model, self.sales_a, groupby, measure)), {self.sales_a.id}, model)
            self.assertEqual(set(self._group(model, self.sales_b, groupby, measure)), {self.sales_b.id}, model)
            self.assertEqual(set(self._group(model, self.manager_a, groupby, measure)),
                             {self.sales_a.id, self.sales_a2.id}, model)
            self.assertEqual(set(self._group(model, self.director, groupby, measure)),
                             {self.sales_a.id, self.sales_a2.id, self.sales_b.id}, model)
        Loss = self.env["sales_monitor.loss.report"]
        self.assertEqual(Loss.sudo(self.sales_b).search_count(self.ours), 1)
        self.assertEqual(Loss.sudo(self.sales_a).search_count(self.ours), 0)
        self.assertEqual(Loss.sudo(self.manager_a).search_count(self.ours), 0)
        self.assertEqual(Loss.sudo(self.director).search_count(self.ours), 1)

    def test_moment_report_follows_the_sales_up_not_who_logged_the_moment(self):
        # sales_a2 logs a call on sales_a's sales up: it is sales_a's moment to see, not sales_a2's
        self._moment(self.l1, "call", "2026-03-11 10:00:00", user=self.sales_a2)
        Report = self.env["sales_monitor.moment.report"]
        mine = Report.sudo(self.sales_a).search_count(self.ours)
        self.assertEqual(mine, self.env["presales.contact.moment"].sudo(self.sales_a).search_count(self.ours))
        self.assertEqual(Report.sudo(self.sales_a2).search_count([("lead_id", "=", self.l1.id)]), 0)


class TestClientPlace(TransactionCase):
    """The client report places a client by the longest prefix of their postcode in the table, as
    lib/geo.locate does (the view repeats it in SQL), whatever the postcode looks like."""

    def test_the_view_places_clients_as_the_lib_does(self):
        table = {(row.country_code, row.postcode): (row.latitude, row.longitude)
                 for row in self.env["sales_monitor.postcode"].search([])}
        netherlands, belgium = self.env.ref("base.nl"), self.env.ref("base.be")
        zips = [False, "", "1", "10", "1012", "1012 AB", " 10-12ab ", "1099", "13", "9999ZZ", "ab12", "1.0/1é2",
                "101", "1017AB 12"]
        partners = self.env["res.partner"]
        for number, zip_code in enumerate(zips):
            for country in (netherlands, belgium):
                partners |= partners.create({"name": "Place %d %s" % (number, country.code), "customer": True,
                                             "zip": zip_code, "country_id": country.id})
        places = self.env["sales_monitor.client.report"].search([("partner_id", "in", partners.ids)])
        self.assertEqual(len(places), len(partners))
        for place in places:
            expected = geo.locate(table, place.partner_id.country_id.code, place.partner_id.zip)
            self.assertEqual((place.latitude, place.longitude) if place.latitude else None, expected,
                             (place.partner_id.country_id.code, place.partner_id.zip))
        self.assertTrue(places.filtered("latitude"), "some of them lie in the table")
