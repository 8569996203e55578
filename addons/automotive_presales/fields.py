"""Field types of the addon."""
from odoo import fields


class NullableInteger(fields.Integer):
    """An integer that stays empty (NULL) instead of 0 when unknown.

    Odoo 11 stores 0 for an empty Integer; a response time of 0 minutes is a real, very good
    value, and averages over sales ups must skip those nobody responded to yet.
    """

    def convert_to_column(self, value, record, values=None):
        return None if value is None or value is False else int(value)

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return False
        return super().convert_to_cache(value, record, validate=validate)
