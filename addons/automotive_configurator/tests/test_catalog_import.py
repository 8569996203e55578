import base64

from odoo.exceptions import UserError

from .common import ConfiguratorCase

GOOD = (
    "kind,code,name,make,model,model_year,trim,list_price,fuel,power_kw,co2_g_km,models,only_engines\n"
    "version,POLO-LIFE,Polo Life,Volkswagen,Polo,2026,Life,23490,,,,,\n"
    "engine,POLO-TSI,1.0 TSI,,,,,0,petrol,70,118,Volkswagen Polo,\n"
    "option,POLO-TOW,Tow bar,,,,,690,,,,Volkswagen Polo,POLO-TSI\n"
)
BAD_ROW = "option,POLO-ROOF,Roof,,,,,-1,,,,Volkswagen Polo,\n"


class TestCatalogImport(ConfiguratorCase):

    def _wizard(self, text, **values):
        return self.env["presales.catalog.import"].create(dict(
            file=base64.b64encode(text.encode()), filename="polo.csv", **values))

    def _polo(self):
        return self.env["product.template"].search([("default_code", "like", "POLO-")])

    def test_dry_run_writes_nothing_then_import_writes_everything(self):
        wizard = self._wizard(GOOD)
        wizard.action_preview()
        self.assertEqual(wizard.preview, "3 row(s) ready: 1 model version, 1 engine, 1 option")
        self.assertFalse(self._polo())
        wizard.action_import()
        products = self._polo()
        self.assertEqual(sorted(products.mapped("default_code")), ["POLO-LIFE", "POLO-TOW", "POLO-TSI"])
        version = products.filtered(lambda product: product.catalog_kind == "version")
        self.assertEqual(version.catalog_model_id.display_name, "Volkswagen Polo")
        tow = products.filtered(lambda product: product.default_code == "POLO-TOW")
        self.assertEqual(tow.only_engine_ids.default_code, "POLO-TSI")
        self.assertEqual(tow.list_price, 690)
        # importing again updates, it does not duplicate
        self._wizard(GOOD.replace("690", "710")).action_import()
        self.assertEqual(len(self._polo()), 3)
        self.assertEqual(tow.list_price, 710)

    def test_errors_block_the_import_unless_bad_rows_are_skipped(self):
        text = GOOD + BAD_ROW
        wizard = self._wizard(text)
        wizard.action_preview()
        self.assertEqual(wizard.error_count, 1)
        self.assertIn("Row 5: field list_price: the price cannot be negative", wizard.preview)
        with self.assertRaises(UserError) as error:
            wizard.action_import()
        self.assertIn("nothing was written", error.exception.name)
        self.assertFalse(self._polo())
        self._wizard(text, skip_bad_rows=True).action_import()
        self.assertEqual(sorted(self._polo().mapped("default_code")), ["POLO-LIFE", "POLO-TOW", "POLO-TSI"])

    def test_unreadable_file(self):
        wizard = self._wizard("name;price\nx;1\n")
        with self.assertRaises(UserError) as error:
            wizard.action_preview()
        self.assertIn("field File", error.exception.name)
