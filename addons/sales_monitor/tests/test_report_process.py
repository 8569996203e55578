from lxml import etree

from odoo.tools.safe_eval import safe_eval

from odoo.addons.automotive_presales.lib import lifecycle

from .common import MonitorCase

# report model: its search view (the filters and group-by users click)
REPORT_VIEWS = {
    "sales_monitor.acquisition.report": "sales_monitor.sales_monitor_acquisition_report_view_search",
    "sales_monitor.activity.report": "sales_monitor.sales_monitor_activity_report_view_search",
    "sales_monitor.conversion.report": "sales_monitor.sales_monitor_conversion_report_view_search",
    "sales_monitor.loss.report": "sales_monitor.sales_monitor_loss_report_view_search",
    "sales_monitor.moment.report": "sales_monitor.sales_monitor_moment_report_view_search",
    "sales_monitor.opportunity.report": "sales_monitor.sales_monitor_opportunity_report_view_search",
    "sales_monitor.phase.time.report": "sales_monitor.sales_monitor_phase_time_report_view_search",
    "presales.source.report": "automotive_presales.presales_source_report_view_search",
}
# the reports with one or more rows per sales up (lead_id); the source reports count sales ups per source
PER_SALES_UP = ["sales_monitor.activity.report", "sales_monitor.conversion.report", "sales_monitor.loss.report",
                "sales_monitor.moment.report", "sales_monitor.opportunity.report", "sales_monitor.phase.time.report"]
SOURCE_REPORTS = ["presales.source.report", "sales_monitor.acquisition.report"]


class TestReportProcess(MonitorCase):
    """Every report whose rows belong to sales ups filters and groups by the sales up's process,
    and counts per process what crm.lead counts per process."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.new_car = ref("automotive_presales.sales_process_new_car")
        cls.used_car = ref("automotive_presales.sales_process_used_car")
        cls.fleet_process = ref("automotive_presales.sales_process_fleet")
        cls.portal = cls.env["utm.source"].create({"name": "Process: car portal"})
        # a second new-car sales up, lost by its status (the loss report gets two processes)
        cls.l5 = cls._lead("L5", cls.sales_b, cls.branch_b, "web", "2026-03-21 10:00:00", cls.customer_b,
                           9000, 30, "warm")
        cls._moment(cls.l5, "call", "2026-03-21 11:00:00")
        cls.l5.write({"lead_status": "bought_elsewhere", "lost_reason": cls.loss_reason.id})
        cls.leads = (cls.l1 | cls.l2 | cls.l3 | cls.l4 | cls.l5).with_context(active_test=False)
        for lead, process in ((cls.l1, cls.new_car), (cls.l2, cls.fleet_process), (cls.l3, cls.new_car),
                              (cls.l4, cls.used_car), (cls.l5, cls.new_car)):
            lead.with_context(presales_attribution_reason="Process test: the portal's sales ups").write(
                {"process_id": process.id, "source_id": cls.portal.id})
        # March's spend on the portal, over its five sales ups of March: 100 each
        cls.env["presales.source.cost"].create({"source_id": cls.portal.id, "amount": 500.0,
                                                "date_from": "2026-03-01", "date_to": "2026-03-31"})
        Activity = cls.env["mail.activity"].with_context(mail_activity_quick_update=True)
        for lead in (cls.l1, cls.l2, cls.l4):
            Activity.create({"res_model_id": cls.env["ir.model"]._get("crm.lead").id, "res_id": lead.id,
                             "user_id": lead.user_id.id, "summary": "Process: call back",
                             "activity_type_id": ref("mail.mail_activity_data_call").id,
                             "date_deadline": "2026-03-28"})

    def _lead_ids_per_process(self, leads):
        """{process id: {sales up ids}} as crm.lead says."""
        per_process = {}
        for lead in leads:
            per_process.setdefault(lead.process_id.id, set()).add(lead.id)
        return per_process

    def _report_domain(self, model):
        if model in SOURCE_REPORTS:
            return [("source_id", "=", self.portal.id)]
        return [("lead_id", "in", self.leads.ids)]

    def _view_filter(self, model, name):
        """A filter node of the report's search view as the web client gets it (its domain or context)."""
        view = self.env.ref(REPORT_VIEWS[model])
        arch = etree.fromstring(self.env[model].fields_view_get(view.id, "search")["arch"])
        node, = arch.xpath("//filter[@name='%s']" % name)
        return node

    def test_each_report_groups_by_process_as_the_sales_ups_are(self):
        for model in PER_SALES_UP:
            with self.subTest(model=model):
                Report = self.env[model]
                groups = Report.read_group(self._report_domain(model), ["process_id"], ["process_id"])
                self.assertGreaterEqual(len(groups), 2, "%s: rows of two processes at least" % model)
                per_group = {group["process_id"][0]: set(Report.search(group["__domain"]).mapped("lead_id").ids)
                             for group in groups}
                leads = Report.search(self._report_domain(model)).mapped("lead_id").with_context(active_test=False)
                self.assertEqual(per_group, self._lead_ids_per_process(leads))

    def test_sales_up_counts_per_process_equal_crm_leads_read_group(self):
        Lead = self.env["crm.lead"].with_context(active_test=False)

        def leads_per_process(domain):
            return {group["process_id"][0]: group["process_id_count"] for group in Lead.read_group(
                [("id", "in", self.leads.ids)] + domain, ["process_id"], ["process_id"])}
        expected = {
            "sales_monitor.opportunity.report": ("lead_count", leads_per_process([])),
            "sales_monitor.conversion.report": ("process_id_count", leads_per_process([])),
            "sales_monitor.loss.report": ("lost_count", leads_per_process(lifecycle.domain(lifecycle.LOST))),
            "presales.source.report": ("lead_count", leads_per_process([])),
            "sales_monitor.acquisition.report": ("lead_count", leads_per_process([])),
        }
        self.assertEqual(leads_per_process([]), {self.new_car.id: 3, self.fleet_process.id: 1, self.used_car.id: 1})
        for model, (measure, counts) in expected.items():
            with self.subTest(model=model):
                Report = self.env[model]
                measures = [measure] if measure in Report._fields else []
                groups = Report.read_group(self._report_domain(model), ["process_id"] + measures, ["process_id"])
                self.assertEqual({group["process_id"][0]: group[measure] for group in groups}, counts)

    def test_moments_per_process_are_the_moments_of_its_sales_ups(self):
        groups = self.env["sales_monitor.moment.report"].read_group(
            self._report_domain("sales_monitor.moment.report"), ["process_id", "moment_count"], ["process_id"])
        Moment = self.env["presales.contact.moment"]
        self.assertEqual({group["process_id"][0]: group["moment_count"] for group in groups}, {
            process.id: Moment.search_count([("phase_id", "!=", False), ("lead_id", "in", self.leads.filtered(
                lambda lead, process=process: lead.process_id == process).ids)])
            for process in (self.new_car, self.fleet_process, self.used_car)})

    def test_spend_is_shared_over_the_processes_by_their_sales_ups(self):
        for model in SOURCE_REPORTS:
            with self.subTest(model=model):
                Report = self.env[model]
                groups = {group["process_id"][0]: group for group in Report.read_group(
                    self._report_domain(model), ["process_id", "lead_count", "cost", "cost_per_lead"], ["process_id"])}
                # L1, L3 and L5 new cars, L2 fleet, L4 used car, all five in March
                self.assertAlmostEqual(groups[self.new_car.id]["cost"], 300.0, places=2)
                self.assertAlmostEqual(groups[self.fleet_process.id]["cost"], 100.0, places=2)
                self.assertAlmostEqual(groups[self.used_car.id]["cost"], 100.0, places=2)
                for group in groups.values():
                    self.assertAlmostEqual(group["cost_per_lead"], 100.0, places=2)
                total, = Report.read_group(self._report_domain(model), ["cost"], [])
                self.assertAlmostEqual(total["cost"], 500.0, places=2)

    def test_the_view_filters_and_group_by_of_each_report(self):
        for model in REPORT_VIEWS:
            with self.subTest(model=model):
                grouping = self._view_filter(model, "group_process")
                self.assertEqual(safe_eval(grouping.get("context")), {"group_by": "process_id"})
                found = False
                for name, process in (("process_new_car", self.new_car), ("process_used_car", self.used_car),
                                      ("process_fleet", self.fleet_process)):
                    domain = safe_eval(self._view_filter(model, name).get("domain"))
                    rows = self.env[model].search(self._report_domain(model) + domain)
                    self.assertEqual(rows, self.env[model].search(
                        self._report_domain(model) + [("process_id", "=", process.id)]))
                    found |= bool(rows)
                self.assertTrue(found, "%s: no process filter finds a row" % model)
