from .common import DealerCase, sales_up_values


class TestDuplicates(DealerCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first = cls._sales_up("Estate for Dirk", phone="+31 6 1234 5678")

    @classmethod
    def _sales_up(cls, name, **values):
        values.update({"name": name, "type": "opportunity", "user_id": cls.sales_a.id,
                       "team_id": cls.branch_a.id})
        return cls.env["crm.lead"].create(sales_up_values(values))

    def test_a_national_number_finds_the_sales_up_with_the_international_one(self):
        second = self._sales_up("Hatchback for Dirk", mobile="06-12345678")
        self.assertEqual(second.duplicate_lead_ids, self.first)
        self.assertEqual(second.duplicate_count, 1)
        self.assertEqual(self.first.duplicate_lead_ids, second)

    def test_the_warning_shows_while_a_new_sales_up_is_typed_in(self):
        draft = self.env["crm.lead"].new({"name": "Typed in", "phone": "0612345678"})
        self.assertEqual(draft.duplicate_lead_ids, self.first)
        draft = self.env["res.partner"].new({"name": "Typed in", "phone": "0612345678"})
        self.assertFalse(draft.duplicate_partner_ids)

    def test_same_email_or_same_name_and_zip_is_flagged(self):
        by_mail = self._sales_up("Mail lead", email_from="Dirk.Delta@Example.com")
        again = self._sales_up("Mail lead again", email_from=" dirk.delta@example.com ")
        self.assertEqual(again.duplicate_lead_ids, by_mail)
        by_name = self._sales_up("Showroom", contact_name="Éva", contact_lastname="de Wit", zip="1234 AB")
        same = self._sales_up("Phone call", contact_name="Eva", contact_lastname="De  Wit", zip="1234ab")
        self.assertEqual(same.duplicate_lead_ids, by_name)

    def test_unrelated_sales_ups_are_not_flagged(self):
        other = self._sales_up("Van for Bert", phone="06-87654321", email_from="bert@example.com",
                               contact_name="Eva", contact_lastname="de Wit", zip="9999 ZZ")
        bare = self._sales_up("No contact details yet")
        self.assertFalse(other.duplicate_lead_ids)
        self.assertFalse(bare.duplicate_lead_ids)
        self.assertEqual(self.first.duplicate_count, 0)

    def test_merging_through_the_wizard_leaves_one_sales_up(self):
        second = self._sales_up("Hatchback for Dirk", mobile="06-12345678", description="Wants a tow bar")
        action = second.sudo(self.sales_a).action_merge_duplicates()
        self.assertEqual(action["res_model"], "crm.merge.opportunity")
        wizard = self.env["crm.merge.opportunity"].sudo(self.sales_a).with_context(
            **action["context"]).create({})
        self.assertEqual(wizard.opportunity_ids, self.first | second)
        wizard.action_merge()
        survivors = (self.first | second).exists()
        self.assertEqual(len(survivors), 1)
        self.assertIn("Wants a tow bar", survivors.description)
        self.assertEqual(survivors.duplicate_count, 0)

    def test_partners_with_the_same_email_are_flagged_and_relatives_or_strangers_are_not(self):
        Partner = self.env["res.partner"]
        anna = Partner.create({"name": "Anna Alpha", "email": "Anna@Example.com", "phone": "020-1234567"})
        anna_again = Partner.create({"name": "A. Alpha", "email": " anna@example.com"})
        stranger = Partner.create({"name": "Carl Cee", "email": "carl@example.com", "phone": "020-7654321"})
        company = Partner.create({"name": "Alpha Cars", "is_company": True, "phone": "+31 20 765 4321"})
        employee = Partner.create({"name": "Carla Cee", "parent_id": company.id, "phone": "020 765 4321"})
        self.assertEqual(anna_again.duplicate_partner_ids, anna)
        self.assertEqual(anna.duplicate_partner_ids, anna_again)
        self.assertFalse(employee.duplicate_partner_ids - stranger)
        self.assertEqual(stranger.duplicate_partner_ids, company | employee)
        self.assertFalse(self.customer_a.duplicate_partner_ids)

    def test_merging_partners_through_the_wizard_leaves_one_partner(self):
        Partner = self.env["res.partner"]
        anna = Partner.create({"name": "Anna Alpha", "email": "anna@example.com"})
        anna_again = Partner.create({"name": "Anna Alpha", "email": "anna@example.com", "phone": "0612345678"})
        action = anna_again.action_merge_duplicate_partners()
        wizard = self.env["base.partner.merge.automatic.wizard"].with_context(**action["context"]).create({})
        self.assertEqual(wizard.partner_ids, anna | anna_again)
        wizard.action_merge()
        self.assertEqual(len((anna | anna_again).exists()), 1)
