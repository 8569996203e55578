from odoo import _, api, models


class SalesMonitorListPdf(models.AbstractModel):
    """The printed version of a list report: the same rows and columns as its XLSX, optionally
    in groups (one heading per salesperson, per day ...), on the internal layout. A concrete list
    names its title with the property `_pack_title`, in the user's language."""

    _name = "report.sales_monitor.list_pdf"
    _description = "Report pack: printed list"
    _pack_model = None
    _pack_layout = None
    # the column whose value heads a group of rows; None prints one table
    _pack_group_by = None
    _pack_order = None

    @api.model
    def get_report_values(self, docids, data=None):
        Pack = self.env["sales_monitor.report.pack.list"]
        records = self.env[self._pack_model].browse(docids or [])
        columns = records._print_columns(self._pack_layout)
        rows = Pack._pack_rows(self._pack_model, Pack._pack_domain(records, data), columns, order=self._pack_order)
        names = [name for name, _heading in columns]
        groups = []
        if self._pack_group_by:
            index = names.index(self._pack_group_by)
            keep = [position for position in range(len(names)) if position != index]
            for row in rows:
                if not groups or groups[-1][0] != row[index]:
                    groups.append((row[index], []))
                groups[-1][1].append([row[position] for position in keep])
            headings = [columns[position][1] for position in keep]
        else:
            groups = [(None, list(rows))]
            headings = [heading for _name, heading in columns]
        numeric = [records._fields[name].type in ("float", "integer", "monetary") for name in names
                   if name != self._pack_group_by]
        return {
            "doc_ids": docids,
            "doc_model": self._pack_model,
            "docs": records,
            "title": (data or {}).get("title") or self._pack_title,
            "subtitle": (data or {}).get("subtitle") or "",
            "headings": headings,
            "numeric": numeric,
            "groups": groups,
            "row_count": sum(len(group_rows) for _label, group_rows in groups),
            "printed_at": Pack._pack_local_now().strftime("%Y-%m-%d %H:%M"),
        }


class SalesMonitorActivityHistoryPdf(models.AbstractModel):
    _name = "report.sales_monitor.report_activity_history"
    _inherit = "report.sales_monitor.list_pdf"
    _pack_model = "sales_monitor.activity.report"
    _pack_order = "date, id"

    @property
    def _pack_title(self):
        return _("Activity history")


class SalesMonitorAgentOpportunitiesPdf(models.AbstractModel):
    _name = "report.sales_monitor.report_agent_opportunities"
    _inherit = "report.sales_monitor.list_pdf"
    _pack_model = "sales_monitor.opportunity.report"
    _pack_group_by = "user_id"
    _pack_order = "user_id, lead_date, id"

    @property
    def _pack_title(self):
        return _("Agent opportunities")


class SalesMonitorSalesPlanByClientPdf(models.AbstractModel):
    _name = "report.sales_monitor.report_sales_plan_client"
    _inherit = "report.sales_monitor.list_pdf"
    _pack_model = "sales_monitor.opportunity.report"
    _pack_group_by = "user_id"
    _pack_order = "user_id, partner_id, date_deadline, id"

    @property
    def _pack_title(self):
        return _("Sales plan by client")


class SalesMonitorSalesPlanByStagePdf(models.AbstractModel):
    _name = "report.sales_monitor.report_sales_plan_stage"
    _inherit = "report.sales_monitor.list_pdf"
    _pack_model = "sales_monitor.opportunity.report"
    _pack_group_by = "user_id"
    _pack_order = "user_id, stage_id, date_deadline, id"

    @property
    def _pack_title(self):
        return _("Sales plan by stage")


class SalesMonitorPhoneContactsPdf(models.AbstractModel):
    _name = "report.sales_monitor.report_phone_contacts"
    _inherit = "report.sales_monitor.list_pdf"
    _pack_model = "sales_monitor.client.report"
    _pack_layout = "phone"

    @property
    def _pack_title(self):
        return _("Phone contacts")


class SalesMonitorInactiveClientsPdf(models.AbstractModel):
    _name = "report.sales_monitor.report_inactive_clients"
    _inherit = "report.sales_monitor.list_pdf"
    _pack_model = "sales_monitor.client.report"
    _pack_layout = "inactive"

    @property
    def _pack_title(self):
        return _("Inactive clients")
