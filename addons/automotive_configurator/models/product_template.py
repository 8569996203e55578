from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.automotive_presales.models import lib_text

from ..lib import options, units

FUELS = (
    ("petrol", "Petrol"),
    ("diesel", "Diesel"),
    ("hybrid", "Hybrid"),
    ("plug_in_hybrid", "Plug-in hybrid"),
    ("electric", "Electric"),
)
GEARBOXES = (("manual", "Manual"), ("automatic", "Automatic"))


class ProductTemplate(models.Model):
    """The vehicle catalog on Odoo products, so orders, taxes, pricelists and invoices work as usual.

    A model version (model, trim, model year) is a product whose list price is the base price;
    engines, transmissions, colours, upholstery, options and packs are products priced on top.
    The option rules are fields of the items and are read by lib/options.py.
    """

    _inherit = "product.template"

    catalog_kind = fields.Selection(options.KINDS, "Catalog item", index=True)
    catalog_model_id = fields.Many2one(
        "presales.catalog.model", "Vehicle model", index=True, ondelete="restrict",
        help="Model versions: the model this version belongs to.")
    catalog_make_id = fields.Many2one(
        related="catalog_model_id.make_id", store=True, readonly=True, string="Make")
    model_year = fields.Integer()
    trim = fields.Char(help="Model versions: the trim level (Life, Style, R-Line...).")
    valid_from = fields.Date(help="The first day this item can be ordered; empty: always.")
    catalog_model_ids = fields.Many2many(
        "presales.catalog.model", "presales_catalog_item_model_rel", "product_tmpl_id", "model_id",
        "Offered on models", help="Engines, colours, options...: the models whose versions offer this item.")
    fuel = fields.Selection(FUELS)
    power_kw = fields.Integer("Power (kW)")
    power_hp = fields.Integer("Power (hp)", compute="_compute_power_hp", store=True)
    co2_g_km = fields.Integer("CO2 (g/km)", help="WLTP combined emissions.")
    gearbox = fields.Selection(GEARBOXES)
    requires_ids = fields.Many2many(
        "product.template", "presales_catalog_requires_rel", "product_tmpl_id", "required_id", "Requires",
        help="Every one of these items must be chosen too (options are added along).")
    excludes_ids = fields.Many2many(
        "product.template", "presales_catalog_excludes_rel", "product_tmpl_id", "excluded_id", "Excludes",
        help="Cannot be combined with these items (the rule holds both ways).")
    pack_item_ids = fields.Many2many(
        "product.template", "presales_catalog_pack_rel", "pack_id", "item_id", "Pack contents",
        help="Packs: the items the pack includes; they are not charged on their own.")
    only_engine_ids = fields.Many2many(
        "product.template", "presales_catalog_only_engine_rel", "product_tmpl_id", "engine_id", "Only with engines",
        help="The item exists with one of these engines only; empty: with every engine.")
    only_trims = fields.Char(help="Comma-separated trims the item is limited to (Style, R-Line); empty: every trim.")

    _sql_constraints = [
        ("power_kw_positive", "CHECK(power_kw IS NULL OR power_kw >= 0)", "The power of an engine cannot be negative."),
        ("co2_positive", "CHECK(co2_g_km IS NULL OR co2_g_km >= 0)", "The CO2 emissions cannot be negative."),
    ]

    @api.depends("power_kw")
    def _compute_power_hp(self):
        for product in self:
            product.power_hp = units.horsepower(product.power_kw)

    @api.constrains("catalog_kind", "catalog_model_id", "fuel", "power_kw")
    def _check_catalog_fields(self):
        for product in self.filtered("catalog_kind"):
            if product.catalog_kind == "version" and not product.catalog_model_id:
                raise ValidationError(_("Catalog item %s: field Vehicle model is required for a model version.")
                                      % product.name)
            if product.catalog_kind == "engine" and not (product.fuel and product.power_kw):
                raise ValidationError(_("Catalog item %s: fields Fuel and Power (kW) are required for an engine.")
                                      % product.name)

    @api.constrains("requires_ids", "excludes_ids", "pack_item_ids", "only_engine_ids")
    def _check_rules(self):
        for product in self:
            if product in product.requires_ids | product.excludes_ids | product.pack_item_ids:
                raise ValidationError(_("Catalog item %s: an item cannot require, exclude or include itself.")
                                      % product.name)
            common = product.requires_ids & product.excludes_ids
            if common:
                raise ValidationError(_("Catalog item %s: fields Requires and Excludes both name %s.")
                                      % (product.name, ", ".join(common.mapped("name"))))
            if product.only_engine_ids.filtered(lambda engine: engine.catalog_kind != "engine"):
                raise ValidationError(_("Catalog item %s: field Only with engines lists items that are not engines.")
                                      % product.name)
            if product.pack_item_ids and product.catalog_kind != "pack":
                raise ValidationError(_("Catalog item %s: field Pack contents is for packs only.") % product.name)

    @api.model
    def _presales_demo_set_costs(self, ratio):
        """Demo data only: the dealer buys every catalog item at `ratio` of its list price (the
        importer's dealer margin), so managers see a margin on the demo offers."""
        for item in self.search([("catalog_kind", "!=", False), ("standard_price", "=", 0)]):
            item.standard_price = round(item.list_price * ratio, 2)
        return True

    @api.model
    def _presales_catalog_pricelist(self):
        """The pricelist whose currency the catalog prices are in; vehicle orders use it."""
        return self.env.ref("automotive_configurator.pricelist_vehicle_catalog").sudo()

    def _presales_item(self):
        """This product as an item of the rule engine (lib/options.py)."""
        self.ensure_one()
        return options.Item(
            self.id, self.name, self.catalog_kind,
            valid_from=fields.Date.from_string(self.valid_from) if self.valid_from else None,
            requires=self.requires_ids.ids, excludes=self.excludes_ids.ids, pack_items=self.pack_item_ids.ids,
            only_engines=self.only_engine_ids.ids, only_trims=options.parse_trims(self.only_trims))

    def _presales_version(self):
        """This model version and the items its model offers, for the rule engine."""
        self.ensure_one()
        offered = self._presales_offered_items()
        return options.Version(self.id, self.display_name, self.trim, offered.ids)

    def _presales_offered_items(self):
        self.ensure_one()
        return self.sudo().search([
            ("catalog_model_ids", "in", self.catalog_model_id.ids),
            ("catalog_kind", "in", list(options.ITEM_KINDS)),
        ])

    def _presales_catalog(self):
        """The rule-engine catalog of this version: the items it offers and what their rules name."""
        self.ensure_one()
        items = self._presales_offered_items()
        items |= items.mapped("requires_ids") | items.mapped("excludes_ids") | items.mapped("only_engine_ids")
        items = items.filtered(lambda item: item.catalog_kind in options.ITEM_KINDS)
        return options.Catalog([item._presales_item() for item in items], translate=lib_text.translator(self.env))

    @api.multi
    def name_get(self):
        result = []
        for product in self:
            if product.catalog_kind == "version" and product.catalog_model_id:
                name = " ".join(str(part) for part in (
                    product.catalog_model_id.make_id.name, product.name, product.model_year or "") if part)
                result.append((product.id, name))
            elif product.catalog_kind:
                # the salesperson picks "2.0 TDI", not "[GOLF-TDI] 2.0 TDI"
                result.append((product.id, product.name))
            else:
                result.extend(super(ProductTemplate, product).name_get())
        return result
