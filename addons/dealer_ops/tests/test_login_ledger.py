from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase


class TestLoginLedger(SavepointCase):
    """auth_brute_force's ledger of login attempts: kept for the administrators, still consulted
    for everybody's login."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Ledger employee", "login": "ledger-employee",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id])]})
        cls.Attempt = cls.env["res.authentication.attempt"]
        cls.attempt = cls.Attempt.create({"login": "someone", "remote": "192.0.2.7", "result": "failed"})

    def test_an_employee_reads_no_login_attempt(self):
        with self.assertRaises(AccessError):
            self.Attempt.sudo(self.employee).search([])
        with self.assertRaises(AccessError):
            self.attempt.sudo(self.employee).read(["login", "remote"])
        self.assertEqual(self.Attempt.search([("id", "=", self.attempt.id)]).remote, "192.0.2.7")

    def test_the_lock_out_is_counted_for_any_user(self):
        for _index in range(10):
            self.Attempt.create({"login": "ledger-employee", "remote": "192.0.2.8", "result": "failed"})
        Attempt = self.Attempt.sudo(self.employee)
        self.assertFalse(Attempt._trusted("192.0.2.8", "ledger-employee"))
        self.assertTrue(Attempt._trusted("192.0.2.9", "ledger-employee"))

    def test_an_attempt_address_is_not_sent_to_a_geolocation_service(self):
        self.assertFalse(self.attempt.remote_metadata)
