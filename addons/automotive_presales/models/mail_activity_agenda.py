from odoo import _, api, fields, models


class MailActivity(models.Model):
    """Dated to-dos show in the dealer agenda as an all-day event on their due date.

    Odoo's own link (activity.calendar_event_id) is for meetings and keeps the meeting after the
    activity is done; a done to-do should leave the agenda, so to-dos get their own entry,
    moved with the due date and removed when the to-do is done or deleted.
    """

    _inherit = "mail.activity"

    presales_agenda_event_ids = fields.One2many(
        "calendar.event", "presales_todo_id", "Agenda entry", readonly=True)

    @api.model
    def create(self, vals):
        activity = super().create(vals)
        activity._sync_agenda_todo()
        return activity

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if not self.env.context.get("presales_from_event") and set(vals) & {
                "date_deadline", "summary", "user_id", "activity_type_id", "res_id", "res_model_id"}:
            self._sync_agenda_todo()
        return result

    @api.multi
    def unlink(self):
        # the entries go first: the database would cascade them behind the ORM's back
        self.sudo().mapped("presales_agenda_event_ids").with_context(presales_from_todo=True).unlink()
        return super().unlink()

    def _is_agenda_todo(self):
        todo_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        return bool(todo_type and self.activity_type_id == todo_type and self.date_deadline)

    def _sync_agenda_todo(self):
        """Give each dated to-do one all-day agenda entry; other activities get none.

        Written as superuser: the entry belongs to the to-do, whoever assigned it.
        """
        Event = self.env["calendar.event"].sudo().with_context(
            presales_from_todo=True, no_mail_to_attendees=True, dont_notify=True)
        for activity in self.sudo():
            events = activity.presales_agenda_event_ids.with_context(presales_from_todo=True)
            if not activity._is_agenda_todo():
                events.unlink()
                continue
            values = {
                "name": _("To-do: %s – %s") % (
                    activity.summary or activity.activity_type_id.name, activity.res_name or ""),
                "allday": True,
                "start": "%s 08:00:00" % activity.date_deadline,
                "stop": "%s 18:00:00" % activity.date_deadline,
                "user_id": activity.user_id.id,
                "partner_ids": [(6, 0, activity.user_id.partner_id.ids)],
            }
            if events:
                events.write(values)
            else:
                Event.create(dict(values, presales_todo_id=activity.id, importance="normal"))
