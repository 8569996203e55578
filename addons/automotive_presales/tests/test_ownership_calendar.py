from odoo.exceptions import AccessError

from .common import sales_up_values
from .test_test_drive import TestDriveCase, dt


class TestOwnershipCalendar(TestDriveCase):
    """Agenda entries follow their sales up / test drive; colleagues see nothing of them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.drive = cls.env["presales.test.drive"].sudo(cls.sales_a).create(
            cls._drive_values(lead_id=cls.lead_a.id))
        cls.drive_event = cls.drive.calendar_event_id
        cls.todo = cls.env["mail.activity"].sudo(cls.sales_a).create({
            "res_model_id": cls.env["ir.model"]._get("crm.lead").id,
            "res_id": cls.lead_a.id,
            "activity_type_id": cls.env.ref("mail.mail_activity_data_todo").id,
            "summary": "Call Anna about the estate",
            "date_deadline": "2031-03-11",
            "user_id": cls.sales_a.id,
        })
        cls.todo_event = cls.todo.presales_agenda_event_ids
        cls.unassigned = cls.env["crm.lead"].create(sales_up_values({
            "name": "Walk-in nobody took", "user_id": False, "team_id": cls.branch_a.id}))
        cls.unassigned_event = cls.env["calendar.event"].with_context(no_mail_to_attendees=True).create({
            "name": "Call back the walk-in", "start": dt(12, 9), "stop": dt(12, 10),
            "opportunity_id": cls.unassigned.id, "user_id": False, "partner_ids": [(5, 0, 0)]})
        cls.private_meeting = cls.env["calendar.event"].sudo(cls.sales_a).with_context(
            no_mail_to_attendees=True).create({
                "name": "Dentist", "start": dt(13, 9), "stop": dt(13, 10)})
        cls.entries = cls.drive_event | cls.todo_event | cls.unassigned_event | cls.private_meeting

    def _visible(self, user):
        # "Everybody's calendars": the calendar view searches without an attendee filter
        return self.env["calendar.event"].sudo(user).search([("id", "in", self.entries.ids)])

    def test_entries_are_linked_to_their_sales_up(self):
        self.assertEqual(self.drive_event.presales_lead_id, self.lead_a)
        self.assertEqual(self.todo_event.presales_lead_id, self.lead_a)
        self.assertEqual(self.unassigned_event.presales_lead_id, self.unassigned)
        self.assertFalse(self.private_meeting.presales_lead_id)

    def test_each_role_sees_only_the_entries_it_may(self):
        own = self.drive_event | self.todo_event | self.private_meeting
        self.assertEqual(self._visible(self.sales_a), own)
        self.assertFalse(self._visible(self.sales_a2), "a colleague sees nothing, not even busy time")
        self.assertFalse(self._visible(self.sales_b), "another branch sees nothing")
        self.assertEqual(self._visible(self.manager_a), self.entries)
        self.assertEqual(self._visible(self.director), self.entries)
        # read_group (the calendar's counters) and name_search go through the same rules
        groups = self.env["calendar.event"].sudo(self.sales_b).read_group(
            [("id", "in", self.entries.ids)], ["name"], ["name"])
        self.assertFalse(groups)
        self.assertFalse(self.env["calendar.event"].sudo(self.sales_a2).name_search("Test drive", args=[]))

    def test_a_colleague_cannot_read_rename_archive_or_delete(self):
        for user in (self.sales_a2, self.sales_b):
            for event in (self.drive_event, self.todo_event, self.private_meeting):
                with self.assertRaises(AccessError):
                    event.sudo(user).read(["name", "description"])
                with self.assertRaises(AccessError):
                    event.sudo(user).write({"name": "Renamed"})
                with self.assertRaises(AccessError):
                    event.sudo(user).write({"active": False})
                with self.assertRaises(AccessError):
                    event.sudo(user).unlink()
        self.assertTrue(self.drive_event.active)
        self.assertEqual(self.private_meeting.name, "Dentist")

    def test_attendee_rows_follow_their_event(self):
        attendees = self.env["calendar.attendee"].search([("event_id", "in", self.entries.ids)])
        self.assertTrue(attendees)
        for user in (self.sales_a2, self.sales_b):
            Attendee = self.env["calendar.attendee"].sudo(user)
            self.assertFalse(Attendee.search([("id", "in", attendees.ids)]))
            self.assertFalse(Attendee.read_group([("id", "in", attendees.ids)], ["event_id"], ["event_id"]))
            with self.assertRaises(AccessError):
                attendees.sudo(user).read(["event_id"])
        own = self.env["calendar.attendee"].sudo(self.sales_a).search([("id", "in", attendees.ids)])
        self.assertEqual(own.mapped("event_id"), self.drive_event | self.todo_event | self.private_meeting)
        self.assertTrue(own.read(["event_id", "state"]))

    def test_no_entry_is_planted_on_a_foreign_sales_up(self):
        for lead in (self.lead_b, self.unassigned):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                self.env["calendar.event"].sudo(self.sales_a).with_context(no_mail_to_attendees=True).create({
                    "name": "Meeting", "start": dt(14, 9), "stop": dt(14, 10), "opportunity_id": lead.id})
        meeting = self.env["calendar.event"].sudo(self.sales_a).with_context(no_mail_to_attendees=True).create({
            "name": "Meeting", "start": dt(14, 9), "stop": dt(14, 10), "opportunity_id": self.lead_a.id})
        self.assertEqual(meeting.presales_lead_id, self.lead_a)
        for user in (self.sales_a2, self.sales_b):
            self.assertFalse(self.env["calendar.event"].sudo(user).search([("id", "=", meeting.id)]))
        self.assertTrue(self.env["calendar.event"].sudo(self.manager_a).search([("id", "=", meeting.id)]))

    def test_unassigned_entries_are_seen_by_the_branch_managers_only(self):
        for user in (self.sales_a, self.sales_a2, self.sales_b):
            self.assertNotIn(self.unassigned_event, self._visible(user))
        self.assertIn(self.unassigned_event, self._visible(self.manager_a))

    def test_the_second_salesperson_sees_the_entries_of_the_sales_up(self):
        self.lead_a.second_user_id = self.sales_a2
        self.assertEqual(self._visible(self.sales_a2), self.drive_event | self.todo_event)

    def test_a_reassigned_sales_up_takes_its_entries_along(self):
        self.lead_a.user_id = self.sales_a2
        self.assertEqual(self._visible(self.sales_a), self.private_meeting)
        self.assertEqual(self._visible(self.sales_a2), self.drive_event | self.todo_event)

    def test_an_invited_colleague_sees_a_plain_meeting(self):
        self.private_meeting.partner_ids = [(4, self.sales_a2.partner_id.id)]
        self.assertEqual(self._visible(self.sales_a2), self.private_meeting)

    def test_the_agenda_form_loads_for_the_salesperson(self):
        Event = self.env["calendar.event"].sudo(self.sales_a)
        for view in ("automotive_presales.calendar_event_view_calendar_agenda", "calendar.view_calendar_event_form"):
            fields = list(Event.fields_view_get(self.env.ref(view).id)["fields"])
            values = self.drive_event.sudo(self.sales_a).read(fields)
            self.assertEqual(values[0]["name"], self.drive.name)
        self.assertIn("Alpha", self.drive_event.sudo(self.sales_a).description)
