from odoo import api, models

# fields that say nothing to the person reading their export
HIDDEN = {"id", "create_uid", "write_uid", "write_date", "display_name", "message_main_attachment_id",
          "datas", "checksum", "store_fname", "db_datas", "index_content", "access_token"}


class PrivacyExportReport(models.AbstractModel):
    """The access export as a PDF for the person: what privacy_export_json returns, with the
    models' and fields' names in words, empty values left out."""

    _name = "report.dealer_privacy.report_privacy_export"
    _description = "Access export (PDF)"

    @api.model
    def get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        sections = []
        for partner in partners:
            exported = partner.privacy_export_json()
            blocks = []
            for model_name, rows in sorted(exported.items(), key=lambda item: self.env[item[0]]._description):
                Model = self.env[model_name]
                # labels and selection values in the reader's language, as the forms show them
                described = Model.fields_get(attributes=["string", "selection"])
                records = []
                for row in rows:
                    lines = []
                    for key, value in sorted(row.items(), key=lambda item: described[item[0]]["string"]
                                             if item[0] in described else item[0]):
                        if key in HIDDEN or value in (False, None, "", []):
                            continue
                        field = Model._fields.get(key)
                        if field is not None and field.type in ("one2many", "many2many"):
                            # lists of record ids say nothing to a person; those records have their own blocks
                            continue
                        label = described[key]["string"] if key in described else field.string if field else key
                        if isinstance(value, dict):
                            value = value.get("name")
                        elif isinstance(value, list):
                            value = ", ".join(str(item) for item in value)
                        elif field is not None and field.type == "selection" and key in described:
                            value = dict(described[key].get("selection") or []).get(value, value)
                        lines.append((label, str(value)))
                    records.append(lines)
                title = self.env["ir.model"]._get(model_name).name or Model._description
                blocks.append({"title": title, "model": model_name, "records": records})
            sections.append({"partner": partner, "blocks": blocks})
        return {"doc_ids": docids, "doc_model": "res.partner", "docs": partners, "sections": sections}
