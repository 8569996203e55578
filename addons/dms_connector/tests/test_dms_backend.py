from odoo.exceptions import AccessError

from odoo.addons.automotive_presales.tests.common import DealerCase


class TestDmsBackend(DealerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.backend = cls.env["dms.backend"].sudo(cls.director).create(
            {"name": "Group DMS", "team_id": cls.branch_a.id})

    def test_director_gets_a_strong_api_key_per_backend(self):
        other = self.env["dms.backend"].sudo(self.director).create({"name": "Second DMS"})
        self.assertGreaterEqual(len(self.backend.api_key), 40)
        self.assertNotEqual(self.backend.api_key, other.api_key)

    def test_a_new_api_key_replaces_the_old_one(self):
        old_key = self.backend.api_key
        self.backend.sudo(self.director).action_regenerate_api_key()
        self.assertNotEqual(self.backend.api_key, old_key)

    def test_managers_and_salespeople_have_no_access_to_backends(self):
        for user in (self.manager_a, self.sales_a):
            with self.assertRaises(AccessError):
                self.env["dms.backend"].sudo(user).search([])
            with self.assertRaises(AccessError):
                self.env["dms.backend"].sudo(user).create({"name": "Sneaky"})

    def test_dms_jobs_have_their_own_queue_channel(self):
        self.assertEqual(self.env.ref("dms_connector.channel_dms").complete_name, "root.dms")
