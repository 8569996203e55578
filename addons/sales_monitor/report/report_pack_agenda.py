import datetime

import pytz

from odoo import _, api, fields, models

from ..lib import report_pack


class SalesMonitorAgendaPdf(models.AbstractModel):
    """A printable week of the agenda: every activity, event and test drive of one salesperson
    (the reader's own, or a colleague's a manager may see), by day and hour."""

    _name = "report.sales_monitor.report_agenda"
    _description = "Report pack: weekly agenda"

    @api.model
    def _agenda_week(self, user, monday):
        """[(day, [(hour, [entry dict])])] of the user's week starting on monday (a local date)."""
        timezone = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        start_local = timezone.localize(datetime.datetime.combine(monday, datetime.time()))
        stop_local = start_local + datetime.timedelta(days=7)
        to_utc = lambda moment: fields.Datetime.to_string(moment.astimezone(pytz.utc))  # noqa: E731
        Activity = self.env["sales_monitor.activity.report"]
        # a to-do is due on a date, not at a time: it is stored at midnight of that date
        rows = Activity.search([
            ("user_id", "=", user.id), ("state", "!=", "cancelled"),
            "|", "&", ("all_day", "=", False), "&",
            ("date", ">=", to_utc(start_local)), ("date", "<", to_utc(stop_local)),
            "&", ("all_day", "=", True), "&",
            ("date", ">=", fields.Date.to_string(monday)),
            ("date", "<", fields.Date.to_string(monday + datetime.timedelta(days=7))),
        ], order="date, id")
        kinds = dict(report_pack.ACTIVITY_KINDS)
        entries = []
        for row in rows:
            moment = fields.Datetime.from_string(row.date)
            if not row.all_day:
                moment = pytz.utc.localize(moment).astimezone(timezone).replace(tzinfo=None)
            entries.append({
                "start": moment, "all_day": row.all_day, "kind": kinds.get(row.kind, row.kind),
                "summary": row.summary or "", "customer": row.partner_id.sudo().display_name or "",
                "state": row.state, "overdue": row.is_overdue,
            })
        return report_pack.group_agenda(entries)

    @api.model
    def get_report_values(self, docids, data=None):
        data = data or {}
        wizards = self.env["sales_monitor.agenda.wizard"].browse(docids or [])
        weeks = []
        for wizard in wizards:
            monday = report_pack.week_bounds(fields.Date.from_string(wizard.week_date))[0]
            weeks.append({
                "user": wizard.user_id,
                "monday": monday,
                "sunday": monday + datetime.timedelta(days=6),
                "days": self._agenda_week(wizard.user_id, monday),
            })
        return {
            "doc_ids": docids, "doc_model": "sales_monitor.agenda.wizard", "docs": wizards,
            "weeks": weeks, "all_day": report_pack.ALL_DAY,
            "title": _("Agenda"),
        }
