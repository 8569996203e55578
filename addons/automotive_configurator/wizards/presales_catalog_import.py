import base64

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import catalog_import, options

PRODUCT_FIELDS = ("list_price", "valid_from", "trim", "model_year", "fuel", "power_kw", "co2_g_km", "gearbox",
                  "only_trims")
RULE_FIELDS = {"requires": "requires_ids", "excludes": "excludes_ids", "pack_items": "pack_item_ids",
               "only_engines": "only_engine_ids"}


class PresalesCatalogImport(models.TransientModel):
    """Import a catalog from CSV or XLSX: a dry-run preview first, every bad row named with its field;
    nothing is written while the file has errors, unless the user chooses to skip the bad rows."""

    _name = "presales.catalog.import"
    _description = "Import a vehicle catalog"

    file = fields.Binary(required=True)
    filename = fields.Char()
    skip_bad_rows = fields.Boolean(help="Write the good rows and leave out the rows with errors.")
    preview = fields.Text(readonly=True)
    error_count = fields.Integer(readonly=True)
    state = fields.Selection([("upload", "Upload"), ("preview", "Preview"), ("done", "Done")], default="upload")

    def _read(self):
        content = base64.b64decode(self.file or b"")
        name = (self.filename or "").lower()
        try:
            if name.endswith((".xlsx", ".xls")):
                rows = catalog_import.read_xlsx(content)
            else:
                rows = catalog_import.read_csv(content)
        except catalog_import.CatalogFileError as error:
            raise UserError(_("Catalog import %s: field File: %s.") % (self.filename or "", error))
        Product = self.env["product.template"].with_context(active_test=False)
        known_codes = Product.search([("catalog_kind", "!=", False), ("default_code", "!=", False)]).mapped(
            "default_code")
        known_models = [model.display_name for model in self.env["presales.catalog.model"].search([])]
        return catalog_import.check_rows(rows, known_codes, known_models)

    @api.multi
    def action_preview(self):
        self.ensure_one()
        good, errors = self._read()
        self.write({"preview": catalog_import.summary(good, errors), "error_count": len(errors), "state": "preview"})
        return self._reopen()

    @api.multi
    def action_import(self):
        self.ensure_one()
        good, errors = self._read()
        if errors and not self.skip_bad_rows:
            raise UserError(_("Catalog import %s: nothing was written; %d row(s) have errors (tick Skip bad rows "
                              "to import the others):\n%s") % (
                self.filename or "", len(errors), catalog_import.summary(good, errors)))
        self._write_rows(good)
        self.write({"preview": _("Imported.\n%s") % catalog_import.summary(good, errors), "state": "done"})
        return self._reopen()

    def _reopen(self):
        return {"type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
                "view_mode": "form", "target": "new"}

    def _write_rows(self, rows):
        Product = self.env["product.template"].with_context(active_test=False)
        by_code = {}
        for row in rows:
            values = {"name": row["name"], "catalog_kind": row["kind"], "default_code": row["code"],
                      "sale_ok": True, "purchase_ok": False, "type": "consu"}
            values.update({name: row.values[name] for name in PRODUCT_FIELDS
                           if row.values.get(name) not in (None, "")})
            if values.get("list_price") is not None:
                values["list_price"] = float(values["list_price"])
            if values.get("valid_from"):
                values["valid_from"] = fields.Date.to_string(values["valid_from"])
            if row["kind"] == "version":
                values["catalog_model_id"] = self._model(row["make"], row["model"]).id
            else:
                values["catalog_model_ids"] = [(6, 0, [self._model(make, model).id for make, model in row["models"]])]
            product = Product.search([("default_code", "=", row["code"]), ("catalog_kind", "!=", False)], limit=1)
            if product:
                product.write(values)
            else:
                product = Product.create(values)
            by_code[row["code"]] = product
        for row in rows:
            rules = {}
            for column, field_name in RULE_FIELDS.items():
                targets = [by_code.get(code) or Product.search([("default_code", "=", code),
                                                                ("catalog_kind", "in", list(options.ITEM_KINDS))],
                                                               limit=1) for code in row[column]]
                rules[field_name] = [(6, 0, [target.id for target in targets if target])]
            by_code[row["code"]].write(rules)
        return by_code

    def _model(self, make_name, model_name):
        Make = self.env["presales.catalog.make"].with_context(active_test=False)
        Model = self.env["presales.catalog.model"].with_context(active_test=False)
        make = Make.search([("name", "=ilike", make_name.strip())], limit=1) or Make.create({"name": make_name.strip()})
        model = Model.search([("make_id", "=", make.id), ("name", "=ilike", model_name.strip())], limit=1)
        return model or Model.create({"make_id": make.id, "name": model_name.strip()})
