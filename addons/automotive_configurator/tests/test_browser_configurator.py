from selenium.webdriver.common.by import By

from odoo.tests import common

from odoo.addons.automotive_presales.tests.browser import DESKTOP, PHONE, BrowserCase

from .browser_steps import ConfiguratorSteps
from .common import tariff_for_today


@common.at_install(False)
@common.post_install(True)
class TestBrowserConfigurator(ConfiguratorSteps, BrowserCase):
    """A demo salesperson configures a car, prints the offer and orders it, at a desk and on a phone."""

    def setUp(self):
        super().setUp()
        # the salesperson configures as on any day: the car is expected to be registered today
        with self.server_env() as env:
            tariff_for_today(env)
            env.cr.commit()

    def _print_offer(self, offer_id):
        """What Print shows: the offer as the report renders it, checked for the car and the total."""
        self.driver.get(self.url("/report/html/automotive_configurator.report_presales_offer_document/%d" % offer_id))
        self.wait_for(".article", visible=False)
        return self.driver.find_element(By.TAG_NAME, "body").text

    def test_configure_print_and_order_at_the_desk(self):
        self.open_browser(DESKTOP)
        self.login("sales1", "sales1")
        self._new_configuration()
        self.many2one("lead_id", "Volkswagen Golf")
        self.many2one("version_id", "Golf Style")
        self.many2one("engine_id", "2.0 TDI")
        self.many2one("transmission_id", "7-speed DSG")
        self.many2one("colour_id", "Kings Red")
        self.many2one("upholstery_id", "Vienna leather")
        self.many2one("option_ids", "Tow bar")
        note = self.field("unavailable_note").text
        self.assertIn("Dolphin Blue metallic can be ordered from 2027-01-01", note)
        self.screenshot("1-configured")
        self.save()
        self.assertIn("50,941.00", self.field("price_total").text)
        with self.server_env() as env:
            config = env["presales.vehicle.configuration"].search([], order="id desc", limit=1)
            self.assertEqual(config.user_id.login, "sales1")
            self.assertEqual(config.option_ids.mapped("name"), ["Tow bar"])
            total = "{:,.2f}".format(config.price_on_the_road)
            offer = env["presales.offer"].create({"lead_id": config.lead_id.id,
                                                  "configuration_ids": [(6, 0, config.ids)]})
            offer_id = offer.id
            env.cr.commit()
        text = self._print_offer(offer_id)
        self.assertIn("Volkswagen Golf Style 2026", text)
        self.assertIn(total, text)
        self.screenshot("2-offer")
        self.driver.back()
        self.wait_for(self.FORM)
        self.wait_idle()
        self.click_form_button("Order")
        self.wait_for(".o_form_view div[name=order_line]", visible=False)
        self.screenshot("3-order")
        with self.server_env() as env:
            order = env["sale.order"].search([("order_line.configuration_id", "=", config.id)])
            self.assertEqual(order.presales_order_type, "new_car")
            self.assertEqual("{:,.2f}".format(order.amount_total), total)

    def test_configure_and_order_on_the_phone(self):
        self.open_browser(PHONE)
        self.login("sales1", "sales1")
        self._new_configuration()
        self.many2one("lead_id", "Volkswagen Golf")
        self.many2one("version_id", "Golf Life")
        self.many2one("engine_id", "1.5 TSI")
        self.many2one("transmission_id", "6-speed manual")
        self.many2one("colour_id", "Pure White")
        self.many2one("upholstery_id", "Cloth")
        self.many2one("option_ids", "Winter pack")
        width = self.driver.execute_script("return document.documentElement.scrollWidth")
        self.screenshot("phone-configured")
        self.assertLessEqual(width, PHONE[0] + 1, "the configuration form is wider than the phone")
        self.save()
        self.click_header_button("Order")
        self.wait_for(".o_form_view div[name=order_line]", visible=False)
        self.screenshot("phone-order")
        with self.server_env() as env:
            config = env["presales.vehicle.configuration"].search([("version_id.name", "=", "Golf Life"),
                                                                   ("user_id.login", "=", "sales1")],
                                                                  order="id desc", limit=1)
            self.assertEqual(config.option_ids.mapped("name"), ["Winter pack"])
            order = env["sale.order"].search([("order_line.configuration_id", "=", config.id)])
            self.assertEqual(order.presales_order_type, "new_car")
            self.assertEqual(order.amount_total, config.price_on_the_road)
