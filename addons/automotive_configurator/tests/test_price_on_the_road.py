from odoo.exceptions import UserError, ValidationError

from odoo.addons.automotive_presales.tests.common import load_dutch

from .common import REGISTRATION, ConfiguratorCase, tariff_for_today

# the demo dealer's road-ready costs per car: 51.20 registration fee without VAT, and plates 45,
# delivery 650, fuel 60 and recycling fee 45 with 21 % VAT: 51.20 + 800 x 1.21 = 1,019.20
ROAD_READY = 1019.20


class TestPriceOnTheRoad(ConfiguratorCase):
    """The rijklaarprijs of a petrol car, a plug-in hybrid and an electric car, worked out by hand
    from the demo catalog, the 2026 BPM tariff and the demo road-ready costs."""

    def configure_car(self, version, engine, transmission, colour, upholstery, **values):
        values.update({
            "lead_id": self.lead_a.id, "version_id": self.env.ref("automotive_configurator." + version).id,
            "engine_id": self.item(engine).id, "transmission_id": self.item(transmission).id,
            "colour_id": self.item(colour).id, "upholstery_id": self.item(upholstery).id,
            "registration_date": values.get("registration_date", REGISTRATION)})
        return self.env["presales.vehicle.configuration"].create(values)

    def assert_prices(self, config, total, bpm, on_the_road):
        self.assertEqual((config.price_total, config.price_bpm, config.price_road_ready, config.price_on_the_road),
                         (total, bpm, ROAD_READY, on_the_road))

    def test_petrol(self):
        # Golf Life 1.5 TSI (128 g/km) manual, white, cloth: 29,990.00 + 21 % VAT 6,297.90 = 36,287.90;
        # BPM 2,727 + 181 x (128 - 100) = 7,795.00; on the road 36,287.90 + 7,795.00 + 1,019.20
        config = self.configure_car("version_golf_life", "golf_tsi", "golf_manual", "vw_white", "vw_cloth")
        self.assert_prices(config, 36287.90, 7795.00, 45102.10)
        self.assertEqual(config.bpm_note, "BPM 2026: CO2 table, 128 g/km 7,795.00 €")
        self.assertFalse(config.bpm_problem)

    def test_plug_in_hybrid(self):
        # Tiguan Life 1.5 eHybrid (16 g/km, 6,500) 6-speed DSG: 48,490.00 + 10,182.90 VAT = 58,672.90;
        # BPM 687 + 2 x 16 = 719.00 on the general table (no separate PHEV table from 2025)
        config = self.configure_car("version_tiguan_life", "tiguan_ehybrid", "tiguan_dsg6", "vw_white", "vw_cloth")
        self.assert_prices(config, 58672.90, 719.00, 60411.10)

    def test_electric(self):
        # ID.4 Pure Pro 77 kWh: 42,990.00 + 9,027.90 VAT = 52,017.90; BPM the fixed amount 687.00
        config = self.configure_car("version_id4_pure", "id4_pro", "vw_ev_auto", "vw_white", "vw_cloth")
        self.assert_prices(config, 52017.90, 687.00, 53724.10)
        self.assertEqual(config.bpm_note, "BPM 2026: zero-emission car: fixed amount 687.00 €")

    def test_diesel_in_2025_pays_that_year_s_surcharge(self):
        # Golf Style 2.0 TDI (119 g/km) registered in 2025: 2,563 + 173 x 18 + 109.87 x (119 - 70)
        config = self.configure(self.lead_a, registration_date="2025-11-03")
        self.assertEqual(config.price_bpm, 11060.63)
        config.registration_date = "2026-01-05"
        # 2026: 2,727 + 181 x 19 + 114.83 x (119 - 69)
        self.assertEqual(config.price_bpm, 11907.50)

    def test_the_discount_comes_off_the_car_not_off_bpm_or_road_costs(self):
        full = self.configure(self.lead_a)
        discounted = self.configure(self.lead_a, discount_amount=1000)
        self.assertEqual(round(full.price_on_the_road - discounted.price_on_the_road, 2), 1210.00)
        self.assertEqual((discounted.price_bpm, discounted.price_road_ready), (full.price_bpm, full.price_road_ready))

    def test_no_tariff_for_the_year_is_said_and_blocks_the_offer(self):
        config = self.configure(self.lead_a, registration_date="2031-02-01")
        self.assertEqual(config.price_bpm, 0.0)
        self.assertIn("no BPM tariff for 2031", config.bpm_problem)
        offer = self.env["presales.offer"].create({"lead_id": self.lead_a.id,
                                                   "configuration_ids": [(6, 0, config.ids)]})
        with self.assertRaises(UserError) as error:
            offer.action_send()
        self.assertIn("field BPM: no BPM tariff for 2031", error.exception.name)
        # the administrator adds the year's tariff: the draft configuration is priced again
        self.env["presales.bpm.tariff"].create({
            "year": 2031, "diesel_threshold": 60, "diesel_rate": 120,
            "bracket_ids": [(0, 0, {"co2_from": 0, "base_amount": 700, "rate_per_gram": 3})]})
        config.invalidate_cache()
        # 700 + 3 x 119 + 120 x (119 - 60)
        self.assertEqual(config.price_bpm, 8137.00)
        self.assertFalse(config.bpm_problem)

    def test_an_engine_without_co2_is_named(self):
        engine = self.item("golf_tdi")
        config = self.configure(self.lead_a)
        engine.co2_g_km = 0
        self.assertIn("engine 2.0 TDI: the CO2 emission is unknown", config.bpm_problem)

    def test_the_order_costs_the_price_on_the_road(self):
        config = self.configure(self.lead_a, options=["vw_tow", "vw_acc", "golf_travel_assist"],
                                discount_amount=333.33)
        order = self.env["sale.order"]._presales_create_from_configurations(config)
        self.assertEqual(order.amount_total, config.price_on_the_road)
        bpm_line = order.order_line.filtered(
            lambda line: line.product_id == self.env.ref("automotive_configurator.product_bpm").product_variant_id)
        self.assertEqual((bpm_line.price_unit, bpm_line.tax_id.ids), (config.price_bpm, []))
        registration = order.order_line.filtered(lambda line: line.name == "Registration fee")
        self.assertFalse(registration.tax_id, "a government fee carries no VAT")
        order.action_confirm()
        invoice = self.env["account.invoice"].browse(order.action_invoice_create())
        self.assertEqual(invoice.amount_total, config.price_on_the_road)

    def test_the_form_shows_vat_while_configuring(self):
        # the form leaves company_id out: the price still carries the company's VAT at every step
        Config = self.env["presales.vehicle.configuration"].sudo(self.sales_a)
        draft = Config.new({"lead_id": self.lead_a.id, "version_id": self.golf_style.id,
                            "registration_date": REGISTRATION})
        draft.company_id = False
        draft._compute_price()
        self.assertEqual(draft.vat_rate, 21.0)
        self.assertEqual(draft.price_total, 40522.90)  # 33,490 + 21 %

    def test_a_sent_offer_keeps_its_price(self):
        config = self.configure(self.lead_a)
        offer = self.env["presales.offer"].create({"lead_id": self.lead_a.id,
                                                   "configuration_ids": [(6, 0, config.ids)]})
        offer.action_send()
        with self.assertRaises(UserError) as error:
            config.discount_amount = 500
        self.assertIn("duplicate it as an alternative", error.exception.name)
        before = config.price_on_the_road
        self.assertIn("Delivery and preparation: 786.50 €", config.price_breakdown)
        self.env.ref("automotive_configurator.road_ready_delivery").amount = 900
        config.invalidate_cache()
        self.assertEqual(config.price_on_the_road, before)
        self.assertIn("Delivery and preparation: 786.50 €", config.price_breakdown,
                      "the breakdown the customer was sent")
        other = self.configure(self.lead_a)
        self.assertEqual(round(other.price_on_the_road - before, 2), round(250 * 1.21, 2))

    def test_used_car_rest_bpm(self):
        # the rest-BPM uses today's tariff: this test runs on the 2026 figures whatever the year
        tariff_for_today(self.env)
        car = self.env.ref("automotive_presales.stock_vehicle_golf")
        car.write({"is_used": True, "fuel": "petrol", "co2_g_km": 128, "first_admission_date": "2020-06-15"})
        self.assertEqual(car.bpm_gross, 7795.00)
        self.assertTrue(68.26 <= car.bpm_depreciation < 100)
        self.assertEqual(car.rest_bpm, round(7795.00 * (100 - car.bpm_depreciation) / 100, 2))
        self.assertIn("depreciated by age", car.rest_bpm_note)
        load_dutch(self.env, ["automotive_configurator"])
        self.env["res.lang"]._lang_get("nl_NL").write({"decimal_point": ",", "thousands_sep": ".",
                                                      "grouping": "[3,0]"})
        self.assertTrue(car.with_context(lang="nl_NL").rest_bpm_note.startswith("7.795,00 € bruto-BPM"))
        car.first_admission_date = False
        self.assertEqual(car.rest_bpm, 0.0)
        self.assertIn("date of first admission", car.rest_bpm_note)

    def test_each_reader_sees_the_price_in_their_own_language(self):
        """The breakdown, the BPM note and why the BPM is missing are kept as data and read in the
        reader's words and number format: Dutch for a Dutch salesperson, English for an English one."""
        load_dutch(self.env, ["automotive_configurator"])
        self.env["res.lang"]._lang_get("nl_NL").write({"decimal_point": ",", "thousands_sep": ".",
                                                      "grouping": "[3,0]"})
        config = self.configure_car("version_golf_life", "golf_tsi", "golf_manual", "vw_white", "vw_cloth",
                                    discount_amount=500)
        dutch = config.sudo(self.sales_a).with_context(lang="nl_NL")
        self.assertEqual(dutch.bpm_note, "BPM 2026: CO2-tabel, 128 g/km 7.795,00 €")
        lines = dutch.price_breakdown.splitlines()
        self.assertIn("Korting: -500,00 €", lines)
        self.assertIn("Btw 21 %: 6.192,90 €", lines)
        # the dealer names its road-ready costs (the demo's in English); a fee without VAT says so
        self.assertIn("Registration fee (geen btw): 51,20 €", lines)
        self.assertEqual(lines[-1], "Rijklaarprijs: 44.497,10 €")
        english = config.with_context(lang="en_US").price_breakdown.splitlines()
        self.assertEqual(english[-1], "Price on the road: 44,497.10 €")
        self.assertEqual(len(english), len(lines))
        self.assertFalse(set(lines) & set(english), "every line in the reader's words or number format")
        engine = self.item("golf_tsi")
        engine.co2_g_km = 0
        self.assertEqual(config.with_context(lang="nl_NL").bpm_problem,
                         "motor 1.5 TSI: de CO2-uitstoot is onbekend")
        self.assertEqual(config.with_context(lang="en_US").bpm_problem,
                         "engine 1.5 TSI: the CO2 emission is unknown")

    def test_a_tariff_with_a_typing_error_is_refused_in_the_administrators_words(self):
        load_dutch(self.env, ["automotive_configurator"])
        values = {"year": 2032, "diesel_threshold": 60, "diesel_rate": 120, "bracket_ids": [
            (0, 0, {"co2_from": 0, "base_amount": 700, "rate_per_gram": 3}),
            (0, 0, {"co2_from": 10, "base_amount": 800, "rate_per_gram": 3})]}
        with self.assertRaises(ValidationError) as error:
            self.env["presales.bpm.tariff"].with_context(lang="nl_NL").create(values)
        self.assertIn("de schijf vanaf 10 g/km moet beginnen bij 730 (700 + 3 x 10 g/km), niet bij 800",
                      error.exception.name)
        with self.assertRaises(ValidationError) as error:
            self.env["presales.bpm.tariff"].with_context(lang="en_US").create(dict(values, year=2033))
        self.assertIn("the bracket from 10 g/km must start at 730 (700 + 3 x 10 g/km), not 800", error.exception.name)
