import io

from odoo.exceptions import ValidationError
from odoo.tools import convert_xml_import

from .common import MonitorCase

# A dealer adds a phase to the funnel: data only, the way an addon or a director's import would.
NEW_PHASE = b"""<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <record id="phase_trade_in_appraisal" model="presales.funnel.phase">
        <field name="code">trade_in_appraisal</field>
        <field name="name">Trade-in appraisal</field>
        <field name="sequence">45</field>
        <field name="block_id" ref="automotive_presales.block_follow_up"/>
        <field name="step">lead</field>
    </record>
    <record id="kind_appraisal" model="presales.moment.kind">
        <field name="code">appraisal</field>
        <field name="name">Trade-in appraised</field>
        <field name="sequence">45</field>
        <field name="phase_ids" eval="[(6, 0, [ref('phase_trade_in_appraisal')])]"/>
        <field name="phase_id" ref="phase_trade_in_appraisal"/>
    </record>
    <record id="moment_type_appraisal" model="presales.moment.type">
        <field name="code">APPRAISAL</field>
        <field name="name">Trade-in appraised</field>
        <field name="kind_id" ref="kind_appraisal"/>
        <field name="phase_id" ref="phase_trade_in_appraisal"/>
    </record>
    <record id="first_contact_appraisal" model="presales.first.contact.rule">
        <field name="kind_id" ref="kind_appraisal"/>
        <field name="counts" eval="True"/>
    </record>
</odoo>
"""


class TestFunnelVocabulary(MonitorCase):
    """The funnel is spelled once: a phase added in data is in the monitor (its columns and its
    block), the contact moments and the reports, with no code changed."""

    def setUp(self):
        super().setUp()
        # the vocabulary is cached per registry: the rolled-back phase must not outlive the test
        self.addCleanup(self.env["presales.funnel.vocabulary"]._changed)

    def _add_phase(self):
        data = io.BytesIO(NEW_PHASE)
        data.name = "trade_in_appraisal.xml"
        convert_xml_import(self.env.cr, "sales_monitor", data, {}, "init", False)
        return self.env.ref("sales_monitor.phase_trade_in_appraisal")

    def test_a_phase_added_in_data_is_in_the_monitor_the_moments_and_the_reports(self):
        phase = self._add_phase()
        # the monitor's columns: in its block, in funnel order
        data = self._data(self.director, "branches", **self.march)
        codes = [column["code"] for column in data["phases"]]
        self.assertEqual(codes[codes.index("lead_follow_up") + 1], "trade_in_appraisal")
        block = [block for block in data["blocks"] if block["code"] == "follow_up"][0]
        self.assertEqual(block["phases"], ["lead_follow_up", "trade_in_appraisal", "test_drive"])
        # a moment of the new kind lands in the new phase and is counted at every level
        moment = self._moment(self.l2, "appraisal", "2026-03-04 11:00:00")
        self.assertEqual(moment.phase_id, phase)
        for user, level, filters, row_id in (
                (self.director, "branches", {}, self.branch_a.id),
                (self.director, "staff", {"team_id": self.branch_a.id}, self.sales_a.id),
                (self.sales_a, "customers", {}, self.l2.id)):
            row = self._rows(user, level, **dict(self.march, **filters))[row_id]
            self.assertEqual(row["moments"]["trade_in_appraisal"], 1, level)
        customers = self._rows(self.sales_a, "customers", **self.march)
        self.assertEqual(customers[self.l2.id]["phase"], "trade_in_appraisal")
        # its step (lead) counts on the conversion line: L2 reached the lead step, no further
        self.assertEqual(self.l2.monitor_furthest_step, 1)
        # the reports group by it
        groups = self.env["sales_monitor.moment.report"].sudo(self.director).read_group(
            [("occurred_at", ">=", "2026-03-01"), ("occurred_at", "<", "2026-04-01")],
            ["phase_id", "moment_count"], ["phase_id"])
        self.assertIn((phase.id, 1), [(group["phase_id"][0], group["moment_count"]) for group in groups])
        blocks = self.env["sales_monitor.moment.report"].sudo(self.director).read_group(
            [("occurred_at", ">=", "2026-03-01"), ("occurred_at", "<", "2026-04-01"),
             ("phase_id", "=", phase.id)], ["block_id", "moment_count"], ["block_id"])
        self.assertEqual([group["block_id"][0] for group in blocks],
                         [self.env.ref("automotive_presales.block_follow_up").id])
        # and the kind counts as a first contact, as its rule says
        walk_in = self._lead("L5", self.sales_a, self.branch_a, "web", "2026-03-06 09:00:00", False, 0, 0, "warm")
        self._moment(walk_in, "appraisal", "2026-03-06 09:07:00")
        self.assertEqual(walk_in.first_response_minutes, 7)

    def test_a_moment_whose_phase_does_not_fit_its_kind_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "does not fit the kind Sales agreement"):
            self.env["presales.contact.moment"].create({
                "kind": "agreement", "summary": "signed", "lead_id": self.l1.id, "user_id": self.sales_a.id,
                "occurred_at": "2026-03-20 10:00:00",
                "phase_id": self.env.ref("automotive_presales.phase_happy_call").id})
        with self.assertRaisesRegex(ValidationError, "does not fit the kind"):
            self.env["presales.moment.type"].create({
                "code": "WORKSHOP_LEAD", "name": "x",
                "kind_id": self.env.ref("automotive_presales.kind_workshop_visit").id,
                "phase_id": self.env.ref("automotive_presales.phase_lead_importer").id})

    def test_service_moments_count_in_their_block_but_do_not_move_the_sales_up(self):
        self._moment(self.l1, "workshop_visit", "2026-03-20 08:00:00")
        rows = self._rows(self.director, "branches", **self.march)
        self.assertEqual(rows[self.branch_a.id]["moments"]["workshop_visit"], 1)
        staff = self._rows(self.director, "staff", team_id=self.branch_a.id, **self.march)
        self.assertEqual(staff[self.sales_a.id]["moments"]["workshop_visit"], 1)
        # L1 is still an offer made on 10 March, waiting for its follow-up
        self.assertEqual((self.l1.monitor_phase_id.code, self.l1.monitor_last_moment_at),
                         ("offer_made", "2026-03-10 16:00:00"))
        after_sales = [block for block in self._data(self.director, "branches", **self.march)["blocks"]
                       if block["after_sales"]]
        self.assertEqual([block["phases"] for block in after_sales],
                         [["workshop_visit", "periodic_inspection", "repair_order", "warranty_claim"]])

    def test_a_phase_moved_to_another_step_moves_its_sales_ups(self):
        self.assertEqual(self.l1.monitor_furthest_step, 3)
        self.env.ref("automotive_presales.phase_offer_made").step = "test_drive"
        self.assertEqual(self.l1.monitor_furthest_step, 2)
        rows = self._rows(self.director, "branches", **self.march)
        # L3 (an agreement) is past the offer step still; L1 is not any more
        self.assertEqual(rows[self.branch_a.id]["conversion"]["counts"]["offer"], 1)
