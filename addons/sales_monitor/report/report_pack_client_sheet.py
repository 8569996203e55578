from odoo import api, models


class SalesMonitorClientSheet(models.AbstractModel):
    """Client Sheet: everything about one client on paper, as the reader may see it.

    Each section is searched as the reader, so a salesperson's sheet leaves out a colleague's
    sales ups (and their activities, moments, drives and trade-ins) of the same client.
    Sections a reader has no right to at all (sale orders for some roles) stay empty.
    """

    _name = "report.sales_monitor.report_client_sheet"
    _description = "Report pack: client sheet"

    @api.model
    def _readable(self, model):
        return self.env[model].check_access_rights("read", raise_exception=False)

    @api.model
    def _client_sections(self, partner):
        family = [("partner_id", "child_of", partner.id)]
        Lead = self.env["crm.lead"].with_context(active_test=False)
        leads = Lead.search(family, order="lead_date desc, id desc")
        activity_domain = ["|", "&", ("res_model", "=", "crm.lead"), ("res_id", "in", leads.ids),
                           "&", ("res_model", "=", "res.partner"), ("res_id", "=", partner.id)]
        sections = {
            "leads": leads,
            "activities": self.env["mail.activity"].search(activity_domain, order="date_deadline"),
            "moments": self.env["presales.contact.moment"].search(family, order="occurred_at desc", limit=200),
            "test_drives": self.env["presales.test.drive"].search(family, order="start_datetime desc"),
            "trade_ins": self.env["presales.trade.in"].search([("lead_id", "in", leads.ids)]),
            "orders": self.env["sale.order"],
        }
        if self._readable("sale.order"):
            sections["orders"] = self.env["sale.order"].search(family, order="date_order desc")
        return sections

    @api.model
    def get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        partners.check_access_rule("read")
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "sections": {partner.id: self._client_sections(partner) for partner in partners},
        }
