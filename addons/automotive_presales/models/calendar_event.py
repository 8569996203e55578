from odoo import api, fields, models

from ..lib import agenda


class CalendarEvent(models.Model):
    """The dealer agenda: meetings, test drives and dated to-dos, coloured by importance."""

    _inherit = "calendar.event"

    importance = fields.Selection(
        agenda.IMPORTANCE, default="normal", required=True, index=True,
        help="How much the event matters; the agenda paints it red (high), blue (normal) or grey (low).")
    importance_color = fields.Char(
        compute="_compute_importance_color", store=True, readonly=True,
        help="CSS colour of the importance, used by the agenda calendar view.")
    agenda_kind = fields.Selection(
        [("event", "Event"), ("test_drive", "Test drive"), ("todo", "To-do")],
        compute="_compute_agenda_kind", store=True, index=True, string="Agenda entry")
    test_drive_id = fields.Many2one(
        "presales.test.drive", "Test drive", index=True, ondelete="cascade", readonly=True)
    presales_todo_id = fields.Many2one(
        "mail.activity", "To-do", index=True, ondelete="cascade", readonly=True,
        help="The dated to-do this agenda entry shows; done or deleted, the entry goes with it.")
    presales_lead_id = fields.Many2one(
        "crm.lead", "Sales up", compute="_compute_presales_lead_id", store=True, index=True,
        readonly=True,
        help="The sales up this entry belongs to (its test drive's, its to-do's or its meeting's); "
             "the entry is seen by whoever may see that sales up (security/agenda_security.xml).")

    @api.depends("importance")
    def _compute_importance_color(self):
        for event in self:
            event.importance_color = agenda.importance_color(event.importance)

    @api.depends("test_drive_id", "presales_todo_id")
    def _compute_agenda_kind(self):
        for event in self:
            if event.test_drive_id:
                event.agenda_kind = "test_drive"
            elif event.presales_todo_id:
                event.agenda_kind = "todo"
            else:
                event.agenda_kind = "event"

    @api.depends("opportunity_id", "test_drive_id.lead_id", "presales_todo_id.res_model",
                 "presales_todo_id.res_id", "res_model", "res_id")
    def _compute_presales_lead_id(self):
        # read as superuser: the link decides who may see the entry, not the other way round
        for event in self:
            record = event.sudo()
            lead = record.opportunity_id or record.test_drive_id.lead_id
            if not lead:
                for res_model, res_id in ((record.presales_todo_id.res_model, record.presales_todo_id.res_id),
                                          (record.res_model, record.res_id)):
                    if res_model == "crm.lead" and res_id:
                        lead = self.env["crm.lead"].sudo().browse(res_id).exists()
                        break
            event.presales_lead_id = lead.id

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if not self.env.context.get("presales_from_test_drive") and set(vals) & {
                "start", "stop", "start_datetime", "stop_datetime", "importance"}:
            # moved or re-rated in the agenda: the test drive follows, and is checked again
            # (licence, double booking) as the user who moved it
            for event in self.filtered("test_drive_id"):
                event.test_drive_id.with_context(presales_from_event=True).write({
                    "start_datetime": event.start,
                    "stop_datetime": event.stop,
                    "importance": event.importance,
                })
        if not self.env.context.get("presales_from_todo") and set(vals) & {
                "start", "start_date", "start_datetime"}:
            # a to-do dragged to another day in the agenda is due that day
            for event in self.filtered("presales_todo_id"):
                event.presales_todo_id.with_context(presales_from_event=True).write(
                    {"date_deadline": (event.start_date or event.start)[:10]})
        return result
