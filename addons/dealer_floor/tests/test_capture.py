import base64
import uuid

from odoo.exceptions import UserError, ValidationError

from .common import FloorCase

PNG = base64.b64encode(
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82").decode()


class TestClientUuid(FloorCase):
    """Interface 7: a create with a client_uuid this user already stored returns that record."""

    def test_a_sales_up_sent_twice_is_stored_once(self):
        Lead = self.env["crm.lead"].sudo(self.sales_a)
        key = str(uuid.uuid4())
        values = {"client_uuid": key, "type": "opportunity", "contact_name": "Eva", "contact_lastname": "Twice",
                  "lead_type": "walk_in", "lead_status": "warm", "user_id": self.sales_a.id}
        first = Lead.create(values)
        second = Lead.create(dict(values, contact_name="Eve"))
        self.assertEqual(first, second)
        self.assertEqual(Lead.search_count([("client_uuid", "=", key)]), 1)
        self.assertEqual(second.contact_name, "Eva", "the first capture stays as it was stored")

    def test_the_same_uuid_of_another_user_is_another_capture(self):
        key = str(uuid.uuid4())
        moment = {"client_uuid": key, "kind": "call", "channel": "phone", "summary": "Called"}
        mine = self.env["presales.contact.moment"].sudo(self.sales_a).create(dict(moment, lead_id=self.lead_a.id))
        theirs = self.env["presales.contact.moment"].sudo(self.sales_a2).create(
            dict(moment, lead_id=self.lead_a2.id))
        self.assertNotEqual(mine, theirs)
        again = self.env["presales.contact.moment"].sudo(self.sales_a).create(dict(moment, lead_id=self.lead_a.id))
        self.assertEqual(again, mine)

    def test_a_lost_sales_up_still_answers_its_capture(self):
        key = str(uuid.uuid4())
        Lead = self.env["crm.lead"].sudo(self.sales_a)
        lead = Lead.create({"client_uuid": key, "type": "opportunity", "contact_name": "Lia",
                            "contact_lastname": "Lost", "lead_type": "walk_in", "lead_status": "warm",
                            "user_id": self.sales_a.id})
        lead.sudo().write({"active": False, "lost_reason": self.loss_reason.id})
        self.assertEqual(Lead.create({"client_uuid": key, "contact_name": "x", "contact_lastname": "y"}).id, lead.id)

    def test_a_malformed_uuid_is_refused_naming_the_field(self):
        with self.assertRaisesRegex(ValidationError, "client_uuid"):
            self.env["presales.contact.moment"].sudo(self.sales_a).create({
                "client_uuid": "not-a-uuid", "kind": "call", "summary": "x", "lead_id": self.lead_a.id})


class TestFloorCapture(FloorCase):
    """What the phone sends: walk-ins, contacts and test drives, each stored once."""

    def test_a_walk_in_is_a_sales_up_a_visit_and_a_greeting_once(self):
        Floor = self.Floor.sudo(self.sales_a)
        key = str(uuid.uuid4())
        walk_in = {"client_uuid": key, "first_name": "Noor", "last_name": "de Wit", "phone": "06 9999 1234",
                   "wish": "A hybrid estate"}
        first = Floor.capture_walk_in(walk_in)
        again = Floor.capture_walk_in(walk_in)
        self.assertEqual(first, again)
        lead = self.env["crm.lead"].browse(first["lead_id"])
        self.assertEqual((lead.user_id, lead.team_id, lead.lead_type, lead.name),
                         (self.sales_a, self.branch_a, "walk_in", "A hybrid estate"))
        visit = self.env["presales.showroom.visit"].browse(first["visit_id"])
        self.assertTrue(visit.in_showroom)
        self.assertEqual(visit.moment_id.kind, "showroom_visit")
        self.assertEqual(visit.moment_id.phase_id.code, "lead_follow_up")
        self.assertEqual(visit.step_ids.mapped("step"), ["greeting"])
        self.assertEqual(self.env["presales.contact.moment"].search_count(
            [("lead_id", "=", lead.id), ("kind", "=", "showroom_visit")]), 1)

    def test_duplicates_by_phone_email_and_name_are_shown_only_when_visible(self):
        Floor = self.Floor.sudo(self.sales_a)
        found = Floor.find_duplicates({"first_name": "Someone", "last_name": "Else", "phone": "+31 6 1111 2222"})
        self.assertEqual([(entry["kind"], entry["id"], entry["reasons"]) for entry in found],
                         [("sales_up", self.lead_a.id, ["phone"])])
        by_name = Floor.find_duplicates({"first_name": "Anna", "last_name": "Alpha"})
        self.assertIn(("sales_up", self.lead_a.id), [(entry["kind"], entry["id"]) for entry in by_name])
        # Bert is sales_a2's customer: sales_a does not learn of him
        self.assertFalse(Floor.find_duplicates({"first_name": "Bert", "last_name": "Beta"}))

    def test_picking_a_duplicate_checks_the_visit_in_on_that_sales_up(self):
        result = self.Floor.sudo(self.sales_a).capture_walk_in({
            "client_uuid": str(uuid.uuid4()), "first_name": "Anna", "last_name": "Alpha", "lead_id": self.lead_a.id})
        self.assertEqual(result["lead_id"], self.lead_a.id)
        with self.assertRaises(UserError):
            self.Floor.sudo(self.sales_a).capture_walk_in({
                "client_uuid": str(uuid.uuid4()), "first_name": "B", "last_name": "B", "lead_id": self.lead_a2.id})

    def test_a_contact_logged_offline_keeps_its_time_and_is_stored_once(self):
        Floor = self.Floor.sudo(self.sales_a)
        values = {"client_uuid": str(uuid.uuid4()), "lead_id": self.lead_a.id, "action": "whatsapp",
                  "summary": "Sent the brochure", "occurred_at": "2020-03-04 10:02:00"}
        first = Floor.log_contact(values)
        self.assertEqual(Floor.log_contact(values), first)
        moment = self.env["presales.contact.moment"].browse(first["moment_id"])
        self.assertEqual((moment.kind, moment.channel, moment.occurred_at, moment.user_id),
                         ("call", "chat", "2020-03-04 10:02:00", self.sales_a))

    def test_a_test_drive_keeps_the_licence_photo(self):
        car = self.env["fleet.vehicle"].create({"model_id": self.env["fleet.vehicle.model"].search([], limit=1).id,
                                                "license_plate": "FL-001-R"})
        result = self.Floor.sudo(self.sales_a).book_test_drive({
            "client_uuid": str(uuid.uuid4()), "lead_id": self.lead_a.id, "fleet_vehicle_id": car.id,
            "start": "2031-05-01 09:00:00", "minutes": 45, "licence_number": "NL5551234",
            "licence_expiry": "2032-01-01", "photo": "data:image/png;base64," + PNG})
        drive = self.env["presales.test.drive"].browse(result["id"])
        self.assertEqual((drive.stop_datetime, drive.licence_number), ("2031-05-01 09:45:00", "NL5551234"))
        self.assertEqual(drive.licence_photo.decode(), PNG)

    def test_malformed_values_are_refused_with_the_field_never_a_crash(self):
        Floor = self.Floor.sudo(self.sales_a)
        for values in (None, [], "x", {"first_name": 3}, {"first_name": "a", "last_name": "b"},
                       {"first_name": "a" * 500, "last_name": "b", "phone": "0612345678"},
                       {"first_name": "a", "last_name": "b", "email": "nope"},
                       {"first_name": "a", "last_name": "b", "phone": "06", "lead_id": True},
                       {"first_name": "a", "last_name": "b", "phone": "06", "client_uuid": {"x": 1}},
                       {"first_name": "a\x00", "last_name": "b", "phone": "0612345678"}):
            with self.assertRaises(Exception) as caught:
                Floor.capture_walk_in(values)
            self.assertEqual(type(caught.exception).__name__, "InvalidInput", values)
