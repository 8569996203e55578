from odoo.exceptions import ValidationError

from .common import ConfiguratorCase


class TestConfigurationPrice(ConfiguratorCase):
    """The price rolls up to the cent, and the order it becomes costs exactly the same."""

    def test_demo_golf_style_to_the_cent(self):
        config = self.configure(self.lead_a, options=["vw_tow", "vw_acc", "golf_travel_assist", "vw_winter"],
                                discount_amount=750)
        # 33,490 base + 2,600 TDI + 1,850 DSG + 1,050 red + 2,250 leather
        self.assertEqual(config.price_vehicle, 41240.00)
        # 860 tow bar + 790 ACC + 690 Travel Assist + 490 winter pack
        self.assertEqual(config.price_options, 2830.00)
        self.assertEqual(config.price_untaxed, 43320.00)
        # VAT per line: 8,660.40 + 180.60 + 165.90 + 144.90 + 102.90 - 157.50
        self.assertEqual(config.price_tax, 9097.20)
        self.assertEqual(config.price_total, 52417.20)
        self.assertEqual(config.currency_id.name, "EUR")
        self.assertIn("Total incl. VAT: 52,417.20 €", config.price_breakdown)
        self.assertIn("Discount: -750.00 €", config.price_breakdown)

    def test_pack_contents_are_free_and_quantity_multiplies(self):
        config = self.configure(self.lead_a, options=["vw_winter"], quantity=3)
        self.assertEqual(config.price_options, 490.00)
        self.assertEqual(config.price_untaxed, 3 * (41240.00 + 490.00))
        self.assertEqual(config.price_total, round(3 * (41240.00 + 490.00) * 1.21, 2))

    def test_order_costs_what_the_configuration_costs(self):
        config = self.configure(self.lead_a, options=["vw_tow", "vw_acc", "golf_travel_assist"],
                                discount_amount=333.33)
        order = self.env["sale.order"]._presales_create_from_configurations(config)
        # BPM and the road-ready costs are lines of their own: excl. VAT the car, the BPM and the costs
        self.assertEqual(order.amount_untaxed, round(config.price_untaxed + config.price_bpm + 851.20, 2))
        self.assertEqual(order.amount_tax, round(config.price_tax + 168.00, 2))
        self.assertEqual(order.amount_total, config.price_on_the_road)
        self.assertEqual(order.currency_id.name, "EUR")
        self.assertEqual(order.presales_order_type, "new_car")
        # vehicle, three options, discount, BPM and five road-ready costs
        self.assertEqual(len(order.order_line), 11)

    def test_a_discount_above_the_price_is_refused(self):
        with self.assertRaises(ValidationError) as error:
            self.configure(self.lead_a, discount_amount=99999)
        self.assertIn("cannot exceed", error.exception.name)
