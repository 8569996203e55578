from unittest.mock import patch

from odoo import models
from odoo.exceptions import ValidationError

from .test_test_drive import TestDriveCase, dt


class TestTestDriveRace(TestDriveCase):
    """Two salespeople booking one car at the same moment."""

    def test_a_booking_committed_by_a_colleague_a_moment_ago_gets_the_named_message(self):
        """Under REPEATABLE READ a booking committed after this transaction began is invisible to
        the ORM: here the ORM's search is made blind to it, the database still sees it."""
        first = self.env["presales.test.drive"].create(self._drive_values())
        Drive = type(self.env["presales.test.drive"])
        seeing = Drive.search

        def blind_search(records, domain, *args, **kwargs):
            found = seeing(records, domain, *args, **kwargs)
            return found - first if isinstance(found, models.BaseModel) else found
        with patch.object(Drive, "search", blind_search), self.assertRaises(ValidationError) as error:
            self.env["presales.test.drive"].sudo(self.sales_a).create(self._drive_values(
                lead_id=self.lead_a.id, start_datetime=dt(10, 10, 30), stop_datetime=dt(10, 11, 30)))
        message = str(error.exception)
        self.assertIn("a moment ago", message)
        self.assertIn("field Demo car", message)
        self.assertIn("DEMO-1", message)

    def test_the_drive_dialog_offers_done_no_show_cancel_only_once_saved(self):
        arch = self.env["presales.test.drive"].fields_view_get(
            view_id=self.env.ref("automotive_presales.presales_test_drive_view_form").id)["arch"]
        for button in ("action_done", "action_no_show", "action_cancel"):
            line = [part for part in arch.split("<button") if 'name="%s"' % button in part][0]
            self.assertIn("('id', '=', False)", line, button)
