from odoo import _, api, fields, models

# the events an importer's dealer audit asks about, in the order of a lead's life
SLA_EVENTS = ("received", "first_contact", "appointment", "test_drive", "offer", "sold", "lost")


class DmsBackend(models.Model):
    """Importer SLA evidence: per lead provider, every lead's arrival, its first contact and the
    statuses sent back to the provider, with their times."""

    _inherit = "dms.backend"

    @api.multi
    def _sla_rows(self, date_from=None, date_to=None):
        """One dict per sales up the backend received (received between date_from and date_to when
        given), grouped by provider: arrival, first contact (the first contact moment after the
        intake, by anyone), and per status message when it happened and when it was sent."""
        self.ensure_one()
        self.env.cr.execute("""
            SELECT DISTINCT ON (b.odoo_id) b.odoo_id, b.external_id FROM dms_lead_binding b
            WHERE b.backend_id = %s ORDER BY b.odoo_id, b.id
        """, (self.id,))
        keys = dict(self.env.cr.fetchall())
        leads = self.env["crm.lead"].sudo().with_context(active_test=False).browse(sorted(keys))
        if date_from:
            leads = leads.filtered(lambda lead: (lead.lead_received_at or "") >= date_from)
        if date_to:
            leads = leads.filtered(lambda lead: (lead.lead_received_at or "") <= date_to)
        self.env.cr.execute("""
            SELECT lead_id, min(occurred_at) FROM presales_contact_moment
            WHERE lead_id = ANY(%s) AND kind != 'lead' GROUP BY lead_id
        """, (leads.ids,))
        first_contact = dict(self.env.cr.fetchall())
        Message = self.env["dms.outbound.message"].sudo()
        sent = {}
        for message in Message.search([("backend_id", "=", self.id), ("res_model", "=", "crm.lead"),
                                       ("res_id", "in", leads.ids), ("event", "in", list(SLA_EVENTS))],
                                      order="event_time"):
            sent.setdefault((message.res_id, message.event), message)
        rows = []
        for lead in leads.sorted(lambda item: (item.source_id.name or "", item.lead_received_at or "")):
            received = fields.Datetime.from_string(lead.lead_received_at)
            contact = first_contact.get(lead.id)
            minutes = int((fields.Datetime.from_string(contact) - received).total_seconds() // 60) \
                if contact and received else None
            row = {"provider": lead.source_id.name or _("(unknown)"), "lead": keys[lead.id], "sales_up": lead.name,
                   "branch": lead.team_id.name or "", "received_at": lead.lead_received_at or "",
                   "first_contact_at": contact or "", "minutes_to_first_contact": minutes,
                   "outcome": lead._dms_lifecycle_state()}
            for event in SLA_EVENTS:
                message = sent.get((lead.id, event))
                row[event + "_at"] = message.event_time if message else ""
                row[event + "_sent_at"] = (message.sent_at or _("pending")) if message else ""
            rows.append(row)
        return rows


class DmsSlaEvidenceXlsx(models.AbstractModel):
    """The SLA evidence of a backend as a workbook: one sheet per lead provider."""

    _name = "report.dms_connector.sla_evidence_xlsx"
    _description = "SLA evidence (XLSX)"
    _inherit = "report.report_xlsx.abstract"

    COLUMNS = ("lead", "sales_up", "branch", "received_at", "first_contact_at", "minutes_to_first_contact",
               "outcome") + tuple(key for event in SLA_EVENTS for key in (event + "_at", event + "_sent_at"))

    def _headings(self):
        """The column headings in the user's language, each spelled out whole in _() so that
        Odoo's term extraction finds it (a heading built from the event's name could not be)."""
        return [
            _("Lead (provider's id)"), _("Sales up"), _("Branch"), _("Received (UTC)"),
            _("First contact (UTC)"), _("Minutes to first contact"), _("Outcome"),
            _("Received at"), _("Received sent"), _("First contact at"), _("First contact sent"),
            _("Appointment at"), _("Appointment sent"), _("Test drive at"), _("Test drive sent"),
            _("Offer at"), _("Offer sent"), _("Sold at"), _("Sold sent"), _("Lost at"), _("Lost sent"),
        ]

    def get_workbook_options(self):
        return {"strings_to_urls": False, "strings_to_formulas": False}

    @api.model
    def generate_xlsx_report(self, workbook, data, backends):
        bold = workbook.add_format({"bold": True})
        written = 0
        for backend in backends:
            by_provider = {}
            for row in backend._sla_rows((data or {}).get("date_from"), (data or {}).get("date_to")):
                by_provider.setdefault(row["provider"], []).append(row)
            for provider, rows in sorted(by_provider.items()) or [(backend.name, [])]:
                title = ("%s %s" % (backend.code, provider))[:31].replace("/", "-").replace(":", "-")
                sheet = workbook.add_worksheet(title)
                sheet.write_row(0, 0, self._headings(), bold)
                for number, row in enumerate(rows, start=1):
                    for column, key in enumerate(self.COLUMNS):
                        value = row[key]
                        if isinstance(value, int):
                            sheet.write_number(number, column, value)
                        else:
                            sheet.write_string(number, column, str(value or ""))
                written += len(rows)
        return written
