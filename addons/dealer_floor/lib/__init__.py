"""Plain-Python logic of the showroom floor: no Odoo import, unit tested with pytest."""
