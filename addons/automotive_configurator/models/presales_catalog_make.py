from odoo import fields, models


class PresalesCatalogMake(models.Model):
    """A make of the catalog (Volkswagen, Skoda, Volvo): the top of make -> model -> version."""

    _name = "presales.catalog.make"
    _description = "Vehicle make"
    _order = "name"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    model_ids = fields.One2many("presales.catalog.model", "make_id", "Models")

    _sql_constraints = [("name_uniq", "unique(name)", "A make with this name already exists.")]
