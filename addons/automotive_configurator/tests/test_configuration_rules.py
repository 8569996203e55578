from odoo.exceptions import UserError, ValidationError

from odoo.addons.automotive_presales.tests.common import load_dutch

from .common import ConfiguratorCase

STEPS = ("engine", "transmission", "colour", "upholstery", "option")


class TestConfigurationRules(ConfiguratorCase):
    """Every demo version against every item of its catalog: what a step offers is exactly what
    the rules accept, and what they refuse is refused with the reason the form shows."""

    def _probe(self, config, values):
        """Write, then roll the write back: one choice tried on the configuration as it stands."""
        self.env.cr.execute("SAVEPOINT configuration_probe")
        try:
            config.write(values)
        finally:
            self.env.cr.execute("ROLLBACK TO SAVEPOINT configuration_probe")
            config.invalidate_cache()

    def test_every_demo_choice_is_accepted_or_refused_with_its_reason(self):
        versions = self.env["product.template"].browse(self._demo_ids("product.template")).filtered(
            lambda product: product.catalog_kind == "version")
        self.assertEqual(len(versions), 12)
        self.assertEqual(len(versions.mapped("catalog_model_id")), 8)
        self.assertEqual(len(versions.mapped("catalog_make_id")), 3)
        accepted = refused = 0
        for version in versions:
            config = self.env["presales.vehicle.configuration"].create(
                {"lead_id": self.lead_a.id, "version_id": version.id})
            catalog, _rules_version = config._rules()
            offered = version._presales_offered_items()
            for step in STEPS:
                field_name = "option_ids" if step == "option" else "%s_id" % step
                allowed = config["allowed_%s_ids" % step]
                reasons = (config.unavailable_note or "").split("\n")
                kinds = ("option", "pack") if step == "option" else (step,)
                for item in offered.filtered(lambda product: product.catalog_kind in kinds):
                    if step == "option":
                        value = [(4, key) for key in catalog.with_requirements({item.id})]
                    else:
                        value = item.id
                    if item in allowed:
                        self._probe(config, {field_name: value})
                        accepted += 1
                        continue
                    reason = [line for line in reasons if line.startswith(item.name + " ")]
                    self.assertTrue(reason, "%s on %s: refused without a reason" % (item.name, version.name))
                    with self.assertRaises(ValidationError) as error:
                        self._probe(config, {field_name: value})
                    self.assertIn(reason[0], error.exception.name)
                    refused += 1
                if step != "option":
                    config[field_name] = allowed[0]
            config._presales_check_complete()
        self.assertGreater(accepted, 150)
        self.assertGreater(refused, 20)

    def _demo_ids(self, model):
        return self.env["ir.model.data"].search([
            ("module", "=", "automotive_configurator"), ("model", "=", model)]).mapped("res_id")

    def test_demo_rules_in_words(self):
        cases = [
            # (choices, message)
            ({"version": self.golf_life, "engine_id": self.item("golf_tsi"),
              "transmission_id": self.item("golf_manual"), "upholstery_id": self.item("vw_cloth"),
              "options": ["vw_tow"]}, "Tow bar requires engine 2.0 TDI"),
            ({"version": self.golf_life, "upholstery_id": self.item("vw_leather")},
             "Vienna leather is only available on trim Style or R-Line"),
            ({"engine_id": self.item("golf_etsi"), "transmission_id": self.item("golf_manual")},
             "6-speed manual requires one of engine 1.5 TSI, engine 2.0 TDI"),
            ({"colour_id": self.item("vw_blue")}, "Dolphin Blue metallic can be ordered from 2027-01-01"),
            ({"transmission_id": self.item("golf_manual"), "options": ["golf_travel_assist", "vw_acc"]},
             "Travel Assist requires transmission 7-speed DSG"),
            ({"options": ["vw_winter", "vw_heated_seats"]}, "Heated front seats is included in Winter pack"),
            ({"version": self.env.ref("automotive_configurator.version_tiguan_rline"),
              "engine_id": self.item("tiguan_tdi"), "transmission_id": self.item("tiguan_dsg7"),
              "options": ["vw_pano", "vw_rails"]}, "Panoramic sunroof cannot be combined with Roof rails"),
            ({"options": ["vw_rails"]}, "Roof rails is not offered on Volkswagen Golf Style 2026"),
        ]
        for choices, message in cases:
            with self.subTest(message=message), self.env.cr.savepoint():
                with self.assertRaises(ValidationError) as error:
                    self.configure(self.lead_a, **choices)
                self.assertIn(message, error.exception.name)
                self.assertIn("Configuration", error.exception.name)

    def test_a_dutch_salesperson_reads_the_reasons_in_dutch(self):
        """The rule engine's sentences go through the user's language (i18n/nl.po)."""
        load_dutch(self.env, ["automotive_configurator"])
        config = self.configure(self.lead_a, version=self.golf_life, engine_id=self.item("golf_tsi"),
                                transmission_id=self.item("golf_manual"), upholstery_id=self.item("vw_cloth"))
        note = config.with_context(lang="nl_NL").unavailable_note
        self.assertIn("Trekhaak vereist motor 2.0 TDI", note)
        self.assertIn("is alleen leverbaar op uitvoering Style of R-Line", note)
        self.assertIn("Tow bar requires engine 2.0 TDI", config.with_context(lang="en_US").unavailable_note)

    def test_chain_of_requirements_is_added_along_in_the_form(self):
        config = self.configure(self.lead_a)
        with self.env.do_in_onchange():
            draft = config.new({"lead_id": self.lead_a.id, "version_id": self.golf_style.id,
                                "engine_id": self.item("golf_tdi").id, "transmission_id": self.item("golf_dsg").id,
                                "option_ids": [(6, 0, [self.item("golf_travel_assist").id])]})
            draft._onchange_option_ids()
            self.assertEqual(set(draft.option_ids.mapped("name")), {"Travel Assist", "Adaptive cruise control"})
            draft.option_ids = [(6, 0, [self.item("vw_camera").id])]
            draft._onchange_option_ids()
            self.assertEqual(set(draft.option_ids.mapped("name")), {"Rear View camera", "Park Distance Control"})
            # a new engine rules out the DSG-only option: dropped, and the form says why
            draft.option_ids = [(6, 0, [self.item("vw_tow").id])]
            draft.engine_id = self.item("golf_tsi")
            result = draft._onchange_step()
            self.assertFalse(draft.option_ids)
            self.assertIn("Tow bar requires engine 2.0 TDI", result["warning"]["message"])

    def test_incomplete_configuration_cannot_be_offered_or_ordered(self):
        config = self.env["presales.vehicle.configuration"].create({
            "lead_id": self.lead_a.id, "version_id": self.golf_style.id, "engine_id": self.item("golf_tdi").id})
        self.assertFalse(config.is_complete)
        with self.assertRaises(UserError) as error:
            config.action_create_order()
        self.assertIn("choose a transmission", error.exception.name)
        self.assertIn("choose an upholstery", error.exception.name)

    def test_duplicate_as_alternative(self):
        config = self.configure(self.lead_a, options=["vw_tow"])
        action = config.action_duplicate_alternative()
        alternative = config.browse(action["res_id"])
        self.assertNotEqual(alternative, config)
        self.assertEqual(alternative.alternative_of_id, config)
        self.assertEqual(alternative.lead_id, self.lead_a)
        self.assertEqual(alternative.option_ids, config.option_ids)
        self.assertEqual(alternative.price_total, config.price_total)
