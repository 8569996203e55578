from datetime import timedelta

from odoo import fields

from .common import DealerCase, sales_up_values


class TestAgenda(DealerCase):
    """Dated to-dos show in the agenda, next to meetings and test drives, coloured by importance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead = cls.env["crm.lead"].create(sales_up_values({
            "name": "Estate for the Alpha family", "type": "opportunity",
            "partner_id": cls.customer_a.id, "user_id": cls.sales_a.id, "team_id": cls.branch_a.id}))
        cls.todo_type = cls.env.ref("mail.mail_activity_data_todo")
        cls.call_type = cls.env.ref("mail.mail_activity_data_call")

    def _schedule(self, activity_type, due, summary="Send the brochure"):
        return self.env["mail.activity"].sudo(self.sales_a).create({
            "res_model_id": self.env["ir.model"]._get("crm.lead").id,
            "res_id": self.lead.id,
            "activity_type_id": activity_type.id,
            "summary": summary,
            "date_deadline": due,
            "user_id": self.sales_a.id,
        })

    def test_a_dated_todo_is_an_all_day_agenda_entry_of_its_owner(self):
        todo = self._schedule(self.todo_type, "2031-03-10")
        event = todo.presales_agenda_event_ids
        self.assertEqual(len(event), 1)
        self.assertTrue(event.allday)
        self.assertEqual(event.start_date, "2031-03-10")
        self.assertEqual(event.agenda_kind, "todo")
        self.assertEqual(event.user_id, self.sales_a)
        self.assertEqual(event.partner_ids, self.sales_a.partner_id)
        self.assertIn("Send the brochure", event.name)
        self.assertIn(self.lead.name, event.name)
        # shows in the agenda of its owner (attendee), not of a colleague
        Event = self.env["calendar.event"]
        self.assertIn(event, Event.search([("partner_ids", "in", self.sales_a.partner_id.ids)]))
        self.assertNotIn(event, Event.search([("partner_ids", "in", self.sales_a2.partner_id.ids)]))

    def test_the_entry_moves_with_the_due_date_and_the_due_date_with_the_entry(self):
        todo = self._schedule(self.todo_type, "2031-03-10")
        event = todo.presales_agenda_event_ids
        todo.write({"date_deadline": "2031-03-12"})
        self.assertEqual(event.start_date, "2031-03-12")
        # what dragging the all-day entry to another day in the calendar view writes
        event.sudo(self.sales_a).write(
            {"start": "2031-03-14 00:00:00", "stop": "2031-03-14 00:00:00", "allday": True})
        self.assertEqual(todo.date_deadline, "2031-03-14")

    def test_the_owner_rescheduling_the_todo_moves_the_entry(self):
        todo = self._schedule(self.todo_type, "2031-03-10")
        todo.sudo(self.sales_a).write({"date_deadline": "2031-03-20"})
        event = todo.presales_agenda_event_ids
        self.assertEqual((event.start_date, event.stop_date), ("2031-03-20", "2031-03-20"))
        self.assertEqual(self.env["calendar.event"].sudo(self.sales_a).search(
            [("presales_todo_id", "=", todo.id), ("start", ">=", "2031-03-20 00:00:00")]), event)

    def test_a_done_todo_leaves_the_agenda_and_other_activities_never_enter_it(self):
        todo = self._schedule(self.todo_type, "2031-03-10")
        event = todo.presales_agenda_event_ids
        todo.action_feedback("Sent")
        self.assertFalse(event.exists())
        call = self._schedule(self.call_type, "2031-03-10", "Call back")
        self.assertFalse(call.presales_agenda_event_ids)
        # a to-do turned into a call leaves the agenda
        other = self._schedule(self.todo_type, "2031-03-11")
        entry = other.presales_agenda_event_ids
        other.write({"activity_type_id": self.call_type.id})
        self.assertFalse(entry.exists())

    def test_events_are_coloured_by_importance(self):
        start = fields.Datetime.now()
        stop = fields.Datetime.to_string(fields.Datetime.from_string(start) + timedelta(hours=1))
        Event = self.env["calendar.event"].sudo(self.sales_a)
        meeting = Event.create({"name": "Bank appointment", "start": start, "stop": stop})
        self.assertEqual(meeting.importance, "normal")
        self.assertEqual(meeting.agenda_kind, "event")
        normal_color = meeting.importance_color
        meeting.write({"importance": "high"})
        self.assertEqual(meeting.importance_color, "#e06666")
        meeting.write({"importance": "low"})
        self.assertNotIn(meeting.importance_color, (normal_color, "#e06666"))

    def test_the_agenda_menu_opens_the_day_view_coloured_by_importance(self):
        action = self.env.ref("automotive_presales.calendar_event_action_agenda")
        self.assertEqual(action.res_model, "calendar.event")
        self.assertEqual(action.view_ids[0].view_mode, "calendar")
        arch = action.view_ids[0].view_id.arch
        self.assertIn('mode="day"', arch)
        self.assertIn('color="importance_color"', arch)
        self.assertEqual(
            self.env.ref("automotive_presales.menu_agenda").action, action)
