import base64
import io

import xlsxwriter

from odoo.exceptions import AccessError, UserError

from .common import DmsCase

CSV = b"Nr;Soort;Datum;E-mail\nF-1;CALL_OUT;2026-11-02T10:00:00Z;anna@example.nl\nF-2;TELEX;2026-11-02T11:00:00Z;\n"


class TestFileImport(DmsCase):

    def make(self, content, name="export.csv", target="moments"):
        return self.env["dms.file.import"].sudo(self.director).create({
            "name": name, "backend_id": self.backend.id, "target": target,
            "content": base64.b64encode(content)})

    def test_dry_run_then_import_then_replay_after_a_mapping_fix(self):
        file_import = self.make(CSV)
        file_import.column_map_ids = [(0, 0, {"header": header, "field": field}) for header, field in (
            ("Nr", "external_id"), ("Soort", "type_code"), ("Datum", "occurred_at"), ("E-mail", "customer.email"))]
        self.assertEqual(self.backend.column_mapping()["Soort"], "type_code", "the mapping is saved on the backend")
        with self.assertRaises(UserError):
            file_import.action_import()
        file_import.action_dry_run()
        self.assertEqual((file_import.create_count, file_import.quarantine_count), (1, 1))
        self.assertEqual(file_import.line_ids.filtered(lambda line: line.outcome == "quarantine").reason,
                         "unknown type code TELEX for backend group-dms")
        self.assertFalse(self.binding("F-1"), "a dry run stores nothing")
        self.assertFalse(self.env["dms.quarantine"].search([("external_id", "=", "F-2")]))
        file_import.action_import()
        self.assertEqual(file_import.state, "done")
        self.assertEqual(self.binding("F-1").odoo_id.partner_id, self.customer_a)
        self.env["dms.moment.type"].create({"code": "TELEX", "kind": "email",
                                            "phase_id": self.env.ref("automotive_presales.phase_lead_follow_up").id})
        self.assertTrue(self.binding("F-2"), "mapping the code released the quarantined row")
        file_import.action_dry_run()
        self.assertEqual((file_import.create_count, file_import.skip_count), (0, 2))

    def test_xlsx_stock_and_json_files(self):
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        sheet = book.add_worksheet()
        for row, values in enumerate([["VIN", "Stock", "Make", "Model", "Price"],
                                      ["WVWZZZ1KZAW000009", "X-9", "VW", "Golf", 20000],
                                      ["WVWZZZ", "X-10", "VW", "Polo", 0]]):
            for col, value in enumerate(values):
                sheet.write(row, col, value)
        book.close()
        stock = self.make(buffer.getvalue(), "stock.xlsx", "inventory")
        stock.action_dry_run()
        stock.action_import()
        self.assertEqual((stock.create_count, stock.quarantine_count), (1, 1))
        self.assertEqual(self.env["presales.stock.vehicle"].search([("stock_number", "=", "X-9")]).price, 20000)
        moments = self.make(b'[{"external_id": "J-1", "type_code": "VISIT", "occurred_at": "2026-11-02"}]',
                            "moments.json")
        moments.action_dry_run()
        self.assertEqual(moments.create_count, 1)

    def test_an_unreadable_file_says_why_and_only_the_director_imports(self):
        broken = self.make(b"a,b\n1,2\n")
        broken.action_dry_run()
        self.assertIn("external id", broken.error)
        with self.assertRaises(AccessError):
            self.env["dms.file.import"].sudo(self.manager_a).search([])
