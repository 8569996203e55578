from odoo.tests.common import SavepointCase


class TestOwnershipNewUsers(SavepointCase):
    """A user made in Settings > Users with a dealer role gets that role, not Odoo's managers."""

    def _create_as_in_settings(self, login, group_xmlid):
        Users = self.env["res.users"].with_context(no_reset_password=True)
        group = self.env.ref(group_xmlid)
        # the Settings form offers one selection field per application category
        selection_field = next(
            name for name, field in Users.fields_get().items()
            if name.startswith("sel_groups_") and group.id in [key for key, _label in field.get("selection", [])])
        # the web client sends the form's fields: the reified group fields, not groups_id
        form_fields = Users.fields_view_get(self.env.ref("base.view_users_form").id)["fields"]
        self.assertIn(selection_field, form_fields)
        defaults = {name: value for name, value in Users.default_get(list(form_fields)).items()
                    if name in form_fields}
        defaults.update({"name": login.title(), "login": login, selection_field: group.id})
        return Users.create(defaults)

    def test_a_new_salesperson_sees_no_lead_but_their_own(self):
        user = self._create_as_in_settings("newseller", "automotive_presales.group_salesperson")
        self.assertTrue(user.has_group("automotive_presales.group_salesperson"))
        self.assertTrue(user.has_group("sales_team.group_sale_salesman"))
        for group in ("sales_team.group_sale_manager", "sales_team.group_sale_salesman_all_leads",
                      "automotive_presales.group_branch_manager", "account.group_account_invoice",
                      "account.group_account_manager", "fleet.fleet_group_manager"):
            self.assertFalse(user.has_group(group), "a new salesperson is not in %s" % group)
        colleague_lead = self.env["crm.lead"].create({
            "name": "Someone else's", "type": "opportunity", "lead_type": "walk_in", "lead_status": "warm",
            "contact_name": "Carl", "contact_lastname": "Colleague", "user_id": self.env.ref("base.user_root").id})
        self.assertFalse(self.env["crm.lead"].sudo(user).search([("id", "=", colleague_lead.id)]))

    def test_a_new_director_still_gets_every_lead(self):
        user = self._create_as_in_settings("newdirector", "automotive_presales.group_sales_director")
        self.assertTrue(user.has_group("sales_team.group_sale_manager"))
