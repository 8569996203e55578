from odoo.addons.web.controllers.main import CSVExport

from ..lib import spreadsheet


class PresalesCSVExport(CSVExport):
    """Odoo 11 quotes exported cells that start with =, + or -, not those that start with @ (or
    a tab or carriage return before a formula): every cell goes through lib/spreadsheet.py."""

    def from_data(self, fields, rows):
        return super().from_data(
            [spreadsheet.neutralise(field) for field in fields],
            [[spreadsheet.neutralise(value) for value in row] for row in rows])
