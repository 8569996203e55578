from odoo.addons.automotive_presales.tests.common import DealerCase, sales_up_values


class MonitorCase(DealerCase):
    """A small dealer group with hand-checked figures for March 2026.

    Branch A: sales_a works L1 (web, private, offer made) and L2 (importer, the fleet company,
    hot, still in follow-up); sales_a2 won L3 (walk-in). Branch B: sales_b lost L4 (web).
    The expected numbers of the tests are counted by hand from the moments below.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage = cls.env["crm.stage"].create({"name": "Monitor: offer", "probability": 40, "sequence": 99})
        cls.fleet = cls.env["res.partner"].create({"name": "Fleet BV", "is_company": True, "customer": True})
        cls.source = cls.env["utm.source"].create({"name": "Monitor: car portal"})
        cls.l1 = cls._lead("L1", cls.sales_a, cls.branch_a, "web", "2026-03-02 09:00:00", cls.customer_a,
                           30000, 50, "warm", source=cls.source)
        cls.l2 = cls._lead("L2", cls.sales_a, cls.branch_a, "importer", "2026-03-03 10:00:00", cls.fleet,
                           50000, 20, "hot")
        cls.l3 = cls._lead("L3", cls.sales_a2, cls.branch_a, "walk_in", "2026-03-01 08:00:00", cls.customer_b,
                           25000, 90, "warm")
        cls.l4 = cls._lead("L4", cls.sales_b, cls.branch_b, "web", "2026-03-20 11:00:00", False, 10000, 30, "warm")
        for lead, kind, when in (
                (cls.l1, "call", "2026-03-02 09:30:00"), (cls.l1, "test_drive", "2026-03-05 14:00:00"),
                (cls.l1, "offer_sent", "2026-03-10 16:00:00"),
                (cls.l2, "call", "2026-03-03 12:00:00"),
                (cls.l3, "test_drive", "2026-03-04 10:00:00"), (cls.l3, "agreement", "2026-03-15 15:00:00")):
            cls._moment(lead, kind, when)
        # April holds one moment of L3 after its agreement: outside March, and L3's latest
        cls._moment(cls.l3, "delivery_planned", "2026-04-02 09:00:00")
        cls.l3.write({"probability": 100})
        # losing L4 logs its loss (the lifecycle's one "lost" moment); it happened on 25 March
        cls.l4.write({"active": False, "probability": 0, "lost_reason": cls.loss_reason.id})
        loss = cls.l4.contact_moment_ids.filtered(lambda moment: moment.kind == "lost")
        loss.ensure_one()
        loss.write({"occurred_at": "2026-03-25 11:00:00"})
        cls.march = {"date_from": "2026-03-01", "date_to": "2026-03-31"}

    @classmethod
    def _lead(cls, name, user, branch, lead_type, lead_date, partner, revenue, gut, status, source=None):
        values = sales_up_values({
            "name": name, "user_id": user.id, "team_id": branch.id, "lead_type": lead_type,
            "lead_date": lead_date, "planned_revenue": revenue, "gut_probability": gut,
            "lead_status": status, "stage_id": cls.stage.id})
        if partner:
            values["partner_id"] = partner.id
        if source:
            values["source_id"] = source.id
        return cls.env["crm.lead"].create(values)

    @classmethod
    def _moment(cls, lead, kind, when, user=None):
        return cls.env["presales.contact.moment"].create({
            "kind": kind, "summary": "%s %s" % (kind, lead.name), "lead_id": lead.id,
            "user_id": (user or lead.user_id).id, "team_id": lead.team_id.id, "occurred_at": when})

    def _data(self, user, level, **filters):
        return self.env["sales.monitor"].sudo(user).monitor_data(level, **filters)

    def _rows(self, user, level, **filters):
        return {row["id"]: row for row in self._data(user, level, **filters)["rows"]}

    @staticmethod
    def _nonzero(counts):
        return {code: count for code, count in counts.items() if count}
