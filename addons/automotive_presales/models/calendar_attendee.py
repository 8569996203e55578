from odoo import api, models


class CalendarAttendee(models.Model):
    """An attendee row is seen by whoever may see its event.

    Odoo 11 has no rule on calendar.attendee for employees: anyone could list every attendee
    row and, through its event (a many2one read as superuser), the name of every test drive
    and to-do in the agenda. The rows now follow the event's rules
    (security/agenda_security.xml).
    """

    _name = "calendar.attendee"
    _inherit = ["calendar.attendee", "presales.restricted.read.mixin"]

    @api.model
    def _presales_visible_ids(self, ids):
        if not ids:
            return set()
        self.env.cr.execute("SELECT id, event_id FROM calendar_attendee WHERE id IN %s", (tuple(ids),))
        rows = self.env.cr.fetchall()
        events = set(self.env["calendar.event"].with_context(virtual_id=False, active_test=False).search(
            [("id", "in", list({event for _attendee, event in rows}))]).ids)
        return {attendee for attendee, event in rows if event in events}
