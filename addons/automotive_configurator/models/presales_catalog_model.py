from odoo import api, fields, models

BODY_TYPES = (
    ("hatchback", "Hatchback"),
    ("estate", "Estate"),
    ("saloon", "Saloon"),
    ("suv", "SUV"),
    ("mpv", "MPV"),
    ("coupe", "Coupé"),
)


class PresalesCatalogModel(models.Model):
    """A model of a make (Golf, Octavia Combi, XC60); its versions are product templates."""

    _name = "presales.catalog.model"
    _description = "Vehicle model"
    _order = "make_id, name"

    name = fields.Char(required=True)
    make_id = fields.Many2one("presales.catalog.make", "Make", required=True, index=True, ondelete="restrict")
    body_type = fields.Selection(BODY_TYPES)
    active = fields.Boolean(default=True)
    version_ids = fields.One2many(
        "product.template", "catalog_model_id", "Versions", domain=[("catalog_kind", "=", "version")])

    _sql_constraints = [("name_make_uniq", "unique(make_id, name)", "This make already has a model with this name.")]

    @api.multi
    def name_get(self):
        return [(record.id, "%s %s" % (record.make_id.name, record.name)) for record in self]
