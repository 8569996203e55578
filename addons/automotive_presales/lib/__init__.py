"""Plain-Python domain logic of the presales addon: no Odoo import, unit tested with pytest."""
