from psycopg2 import sql

from odoo import _, api, models
from odoo.exceptions import UserError


class UtmSource(models.Model):
    """Lead sources that history points at stay.

    The attribution ledger and the source costs refer to their sources with `ondelete="restrict"`:
    deleting such a source would fail in PostgreSQL with a foreign-key error that names neither
    the source nor what holds it. Here the delete is refused first, naming the source and the
    field that keeps it (counts only, never the records, which the user may not be allowed to read).
    """

    _inherit = "utm.source"

    @api.model
    def _presales_restricting_fields(self):
        """The stored many2one fields of any model that refuse to lose their source."""
        return [
            field for model in self.env.registry.values() if model._auto and not model._abstract
            for field in model._fields.values()
            if field.type == "many2one" and field.store and field.comodel_name == self._name
            and field.ondelete == "restrict"
        ]

    @api.multi
    def unlink(self):
        for field in self._presales_restricting_fields():
            Model = self.env[field.model_name]
            self.env.cr.execute(
                sql.SQL("SELECT {column}, count(*) FROM {table} WHERE {column} IN %s GROUP BY 1 ORDER BY 1").format(
                    column=sql.Identifier(field.name), table=sql.Identifier(Model._table)), (tuple(self.ids),))
            held = self.env.cr.fetchall()
            if held:
                source_id, count = held[0]
                raise UserError(_(
                    'Lead source "%(source)s" cannot be deleted: %(count)d record(s) of %(model)s keep it '
                    "in the field %(field)s. Rename it instead.") % {
                        "source": self.browse(source_id).name, "count": count,
                        "model": Model._description, "field": field._description_string(Model.env)})
        return super().unlink()


class UtmNamesAsTyped(models.AbstractModel):
    """Employees create sources, campaigns and media but may not change them (utm_security.xml).
    Created in another language than English, Odoo also stores the name's translation, and checks
    that as a change of the record: a Dutch salesperson could not add a source. The name is stored
    as typed, without a translation (it is the dealer's own word, not a term of ours)."""

    _name = "presales.utm.names.as.typed"
    _description = "UTM names stored as typed"

    @api.model
    def create(self, vals):
        return super(UtmNamesAsTyped, self.with_context(lang=None)).create(vals).with_env(self.env)


class UtmSourceAsTyped(models.Model):
    _name = "utm.source"
    _inherit = ["utm.source", "presales.utm.names.as.typed"]


class UtmCampaignAsTyped(models.Model):
    _name = "utm.campaign"
    _inherit = ["utm.campaign", "presales.utm.names.as.typed"]


class UtmMediumAsTyped(models.Model):
    _name = "utm.medium"
    _inherit = ["utm.medium", "presales.utm.names.as.typed"]
