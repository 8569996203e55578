from lxml import etree

from odoo.tests.common import TransactionCase

from .. import hooks


class TestStructure(TransactionCase):
    """What carries the addon beyond its own screens: uninstall, data updates, field display."""

    def test_uninstalling_gives_the_core_crm_rules_back(self):
        rule = self.env.ref("crm.crm_rule_personal_lead")
        self.assertNotIn("False", rule.domain_force, "installed, unassigned leads stay hidden")
        manifest = self.env["ir.module.module"].get_module_info("automotive_presales")
        self.assertEqual(manifest.get("uninstall_hook"), "uninstall_hook")
        hooks.uninstall_hook(self.env.cr, self.env.registry)
        for xmlid, values in hooks.CORE_RULES.items():
            rule = self.env.ref(xmlid)
            self.assertEqual((rule.name, rule.domain_force), (values["name"], values["domain_force"]), xmlid)

    def test_crons_and_mail_templates_keep_what_an_administrator_changed(self):
        for name in ("ir_cron_presales_refresh_neglect", "ir_cron_mail_overdue_follow_ups",
                     "mail_template_overdue_follow_ups"):
            data = self.env["ir.model.data"].search([("module", "=", "automotive_presales"), ("name", "=", name)])
            self.assertTrue(data.noupdate, name)

    def test_model_years_and_mileage_show_without_thousands_separators(self):
        for model in ("presales.stock.vehicle", "presales.desired.vehicle", "presales.trade.in"):
            for view_type in ("tree", "form"):
                arch = etree.fromstring(self.env[model].fields_view_get(view_type=view_type)["arch"])
                for field in arch.xpath("//field[@name='year' or @name='mileage']"):
                    self.assertEqual(field.get("widget"), "integer_plain",
                                     "%s %s %s" % (model, view_type, field.get("name")))
        bundle = self.env["ir.qweb"]._get_asset_content("web.assets_backend", {})[0]
        self.assertTrue(any(asset["url"].endswith("automotive_presales/static/src/js/presales_fields.js")
                            for asset in bundle))
