import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.automotive_presales.models import presales_ownership_guard as guard
from odoo.addons.automotive_presales.models import lib_text

from ..lib import approval, bpm, options, pricing
from ..lib.messages import Message

# what makes the price: a configuration on an offer that went out keeps these (duplicate it instead)
PRICE_FIELDS = ("version_id", "engine_id", "transmission_id", "colour_id", "upholstery_id", "option_ids",
                "quantity", "discount_amount", "registration_date", "configured_on")
MANAGERS = "automotive_presales.group_branch_manager"
STEP_FIELDS = {
    "engine": "engine_id",
    "transmission": "transmission_id",
    "colour": "colour_id",
    "upholstery": "upholstery_id",
    "option": "option_ids",
}


class PresalesVehicleConfiguration(models.Model):
    """A car configured for the customer of a sales up: model version, engine, transmission,
    colour, upholstery and options, priced to the cent. Every step offers only what the option
    rules allow (lib/options.py) and says why the rest is not available."""

    _name = "presales.vehicle.configuration"
    _description = "Vehicle configuration"
    _order = "lead_id, id"

    name = fields.Char(compute="_compute_name", store=True)
    lead_id = fields.Many2one("crm.lead", "Sales up", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="lead_id.partner_id", store=True, readonly=True, string="Customer")
    user_id = fields.Many2one(related="lead_id.user_id", store=True, readonly=True, string="Salesperson")
    team_id = fields.Many2one(related="lead_id.team_id", store=True, readonly=True, string="Branch")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(
        "res.currency", required=True,
        default=lambda self: self.env["product.template"]._presales_catalog_pricelist().currency_id)
    configured_on = fields.Date(
        required=True, default=fields.Date.context_today,
        help="The catalog as valid on this day: items valid from a later date are not offered.")
    alternative_of_id = fields.Many2one(
        "presales.vehicle.configuration", "Alternative of", ondelete="set null", copy=False,
        help="The configuration this one was duplicated from, as an alternative for the customer.")
    version_id = fields.Many2one(
        "product.template", "Model version", domain=[("catalog_kind", "=", "version")], ondelete="restrict")
    engine_id = fields.Many2one("product.template", "Engine", ondelete="restrict")
    transmission_id = fields.Many2one("product.template", "Transmission", ondelete="restrict")
    colour_id = fields.Many2one("product.template", "Colour", ondelete="restrict")
    upholstery_id = fields.Many2one("product.template", "Upholstery", ondelete="restrict")
    option_ids = fields.Many2many(
        "product.template", "presales_configuration_option_rel", "configuration_id", "product_tmpl_id",
        "Options and packs")
    allowed_engine_ids = fields.Many2many("product.template", compute="_compute_allowed")
    allowed_transmission_ids = fields.Many2many("product.template", compute="_compute_allowed")
    allowed_colour_ids = fields.Many2many("product.template", compute="_compute_allowed")
    allowed_upholstery_ids = fields.Many2many("product.template", compute="_compute_allowed")
    allowed_option_ids = fields.Many2many("product.template", compute="_compute_allowed")
    unavailable_note = fields.Text(
        "Not available", compute="_compute_allowed",
        help="What the version offers but the rules do not allow with the current choices, and why.")
    quantity = fields.Integer(default=1, help="Cars of this configuration (fleet orders).")
    discount_amount = fields.Monetary("Discount", currency_field="currency_id", default=0.0)
    vat_rate = fields.Float("VAT (%)", compute="_compute_price", store=True)
    price_vehicle = fields.Monetary(
        "Vehicle", compute="_compute_price", store=True, currency_field="currency_id",
        help="Base price of the version with engine, transmission, colour and upholstery, per car.")
    price_options = fields.Monetary(
        "Options", compute="_compute_price", store=True, currency_field="currency_id",
        help="Charged options and packs per car (items included in a chosen pack are free).")
    price_untaxed = fields.Monetary(
        "Total excl. VAT", compute="_compute_price", store=True, currency_field="currency_id")
    price_tax = fields.Monetary("VAT", compute="_compute_price", store=True, currency_field="currency_id")
    price_total = fields.Monetary(
        "Total incl. VAT", compute="_compute_price", store=True, currency_field="currency_id",
        help="The car with its options, less the discount, with VAT; without BPM and road-ready costs.")
    registration_date = fields.Date(
        "Registration expected on", required=True, default=fields.Date.context_today,
        help="BPM is due when the car is registered: the BPM tariff of this year applies.")
    bpm_year = fields.Integer("BPM year", compute="_compute_price", store=True, index=True)
    price_bpm = fields.Monetary(
        "BPM", compute="_compute_price", store=True, currency_field="currency_id",
        help="The registration tax of the cars, from the engine's fuel and CO2 emission and the year's tariff.")
    bpm_note = fields.Char("BPM computed as", compute="_compute_price_text")
    bpm_problem = fields.Char(
        "BPM missing", compute="_compute_price_text",
        help="Why the BPM cannot be computed; the configuration cannot be offered or ordered until it can.")
    price_road_ready = fields.Monetary(
        "Road-ready costs", compute="_compute_price", store=True, currency_field="currency_id",
        help="Registration, number plates, delivery, fuel and recycling fee, with VAT where it applies.")
    price_on_the_road = fields.Monetary(
        "Price on the road", compute="_compute_price", store=True, currency_field="currency_id",
        help="What the customer pays for the car ready to drive (rijklaarprijs): the car with VAT, BPM and "
             "the road-ready costs.")
    discount_percent = fields.Float(
        "Discount (%)", digits=(5, 2), compute="_compute_price", store=True,
        help="The discount as a share of the car and its options excluding VAT.")
    price_breakdown = fields.Text("Price breakdown", compute="_compute_price_text")
    # the breakdown, the BPM note and why the BPM is missing as they were priced (lib/messages.py
    # data): a configuration on an offer that went out keeps them; each reader sees them in their
    # own language and number format (price_breakdown, bpm_note, bpm_problem)
    price_detail = fields.Text("Price detail (data)", compute="_compute_price", store=True)
    price_cost = fields.Monetary(
        "Cost price", compute="_compute_margin", currency_field="currency_id", groups=MANAGERS,
        help="What the dealer pays for the car and its options (the products' cost), excl. VAT.")
    margin_amount = fields.Monetary("Margin", compute="_compute_margin", currency_field="currency_id",
                                    groups=MANAGERS)
    margin_percent = fields.Float("Margin (%)", digits=(5, 2), compute="_compute_margin", groups=MANAGERS)
    description = fields.Text("Vehicle", compute="_compute_name", store=True)
    is_complete = fields.Boolean(compute="_compute_name", store=True)

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity >= 1)", "A configuration is for at least one car."),
        ("discount_positive", "CHECK(discount_amount >= 0)", "The discount of a configuration cannot be negative."),
    ]

    # ---- ownership: a configuration is made on a sales up the user works on ----

    @api.model
    def create(self, vals):
        effective = guard.context_defaults(self, vals, ["lead_id"])
        guard.check_links(self, effective, ["lead_id"], _("New configuration"))
        return super().create(vals)

    @api.multi
    def write(self, vals):
        repriced = any(name in vals for name in PRICE_FIELDS)
        if repriced:
            self._presales_check_not_offered()
        if "lead_id" in vals:
            guard.check_may_write(self)
            guard.check_links(self, vals, ["lead_id"], ", ".join(self.mapped("display_name")))
            labels = guard.labels_before(self, lambda config: _("Configuration %s") % config.display_name)
        result = super().write(vals)
        if "lead_id" in vals:
            guard.check_still_writable(self, labels, ["lead_id"])
        if repriced:
            # the offers being desked follow the new price in their payment grid
            self.env["presales.offer"].search([("configuration_ids", "in", self.ids)])._presales_refresh_grid()
        return result

    # ---- rule engine glue ----

    def _selection(self):
        return options.Selection(
            engine=self.engine_id.id or None, transmission=self.transmission_id.id or None,
            colour=self.colour_id.id or None, upholstery=self.upholstery_id.id or None,
            options=self.option_ids.ids)

    def _on_date(self):
        return fields.Date.from_string(self.configured_on or fields.Date.context_today(self))

    def _rules(self):
        """(catalog, version) of the rule engine for this configuration's version."""
        version = self.version_id.sudo()
        return version._presales_catalog(), version._presales_version()

    @api.depends("version_id", "engine_id", "transmission_id", "colour_id", "upholstery_id", "option_ids",
                 "configured_on")
    def _compute_allowed(self):
        Product = self.env["product.template"]
        for config in self:
            if not config.version_id:
                for step in options.STEPS:
                    config["allowed_%s_ids" % step] = Product
                config.unavailable_note = False
                continue
            catalog, version = config._rules()
            selection, on_date = config._selection(), config._on_date()
            notes = []
            for step in options.STEPS:
                choices = catalog.choices(step, version, selection, on_date)
                allowed = [key for key, reason in choices if reason is None]
                notes += [reason for _key, reason in choices if reason]
                config["allowed_%s_ids" % step] = Product.browse(allowed)
            config.unavailable_note = "\n".join(notes) or False

    @api.constrains("version_id", "engine_id", "transmission_id", "colour_id", "upholstery_id", "option_ids",
                    "configured_on")
    def _check_rules(self):
        labels = {step: self._fields[name].string for step, name in STEP_FIELDS.items()}
        for config in self.sudo():
            if not config.version_id:
                if config._selection().keys():
                    raise ValidationError(_("Configuration %s: field Model version: choose the version first.")
                                          % config.display_name)
                continue
            catalog, version = config._rules()
            problems = catalog.step_problems(version, config._selection(), config._on_date(), complete=False)
            if problems:
                step, message = problems[0]
                raise ValidationError(_("Configuration %s: field %s: %s.") % (
                    config.display_name, labels[step], message))

    def _presales_check_complete(self):
        """A configuration that goes into an offer or an order has every step chosen, breaks no rule
        and has its price on the road, BPM included."""
        for config in self:
            if not config.version_id:
                raise UserError(_("Configuration %s: field Model version is required.") % config.display_name)
            catalog, version = config._rules()
            problems = catalog.problems(version, config._selection(), config._on_date())
            if problems:
                raise UserError(_("Configuration %s: %s.") % (config.display_name, "; ".join(problems)))
            if config.bpm_problem:
                raise UserError(_("Configuration %s: field BPM: %s.") % (config.display_name, config.bpm_problem))

    def _presales_included_ids(self):
        """Ids of the chosen options that a chosen pack includes (printed as 'included in pack')."""
        self.ensure_one()
        if not self.version_id:
            return []
        catalog, _version = self._rules()
        return list(catalog.included_by_packs(self._selection()))

    # ---- description and price ----

    @api.depends("version_id", "engine_id", "transmission_id", "colour_id", "upholstery_id", "option_ids")
    def _compute_name(self):
        for config in self:
            version = config.version_id
            config.name = " · ".join(part for part in (
                version.display_name if version else _("New configuration"),
                config.engine_id.name, config.transmission_id.name) if part)
            lines = [version.display_name] if version else []
            engine = config.engine_id
            if engine:
                lines.append(_("Engine: %s, %s kW (%s hp), %s, CO2 %s g/km") % (
                    engine.name, engine.power_kw, engine.power_hp,
                    dict(self.env["product.template"]._fields["fuel"].selection).get(engine.fuel, ""),
                    engine.co2_g_km))
            for label, item in ((_("Transmission"), config.transmission_id), (_("Colour"), config.colour_id),
                                (_("Upholstery"), config.upholstery_id)):
                if item:
                    lines.append("%s: %s" % (label, item.name))
            if config.option_ids:
                lines.append(_("Options: %s") % ", ".join(config.option_ids.mapped("name")))
            config.description = "\n".join(lines) or False
            config.is_complete = bool(version and all(
                config[name] for name in ("engine_id", "transmission_id", "colour_id", "upholstery_id")))

    def _presales_check_not_offered(self):
        """The price of an offer that went out is the price the customer read: it does not move."""
        offers = self.env["presales.offer"].sudo().search([
            ("configuration_ids", "in", self.ids), ("state", "in", ("sent", "accepted"))], limit=1)
        if offers:
            raise UserError(_(
                "Configuration %s: it is on offer %s, which went out to the customer: duplicate it as an "
                "alternative to offer something else.") % (
                    ", ".join(offers.configuration_ids.filtered(lambda config: config in self).mapped("display_name")),
                    offers.name))

    def _presales_reprice(self):
        """Recompute the prices (a BPM tariff or a road-ready cost changed), except for configurations
        on offers that went out or on orders: their price is the one the customer agreed to."""
        frozen = self.env["presales.offer"].sudo().search([
            ("configuration_ids", "in", self.ids), ("state", "in", ("sent", "accepted"))]).mapped("configuration_ids")
        frozen |= self.env["sale.order.line"].sudo().search([("configuration_id", "in", self.ids)]).mapped(
            "configuration_id")
        todo = self - frozen
        if not todo:
            return
        for name in ("bpm_year", "price_bpm", "price_road_ready", "price_on_the_road", "price_detail"):
            self.env.add_todo(self._fields[name], todo)
        todo.recompute()

    def _company(self):
        # a configuration being edited in the form has no company yet when the view leaves it out
        return self.company_id or self.env.user.company_id

    def _vat_rate(self):
        company = self._company()
        taxes = self.version_id.sudo().taxes_id.filtered(lambda tax: tax.company_id == company)
        if any(tax.amount_type != "percent" or tax.price_include for tax in taxes):
            raise UserError(_(
                "Configuration %s: field VAT: the taxes of %s must be percentages excluded from the price.")
                % (self.display_name, self.version_id.display_name))
        return sum(taxes.mapped("amount")), taxes

    def _breakdown(self, bpm_info=None):
        """The lib/pricing.py breakdown of this configuration (bpm_info: _presales_bpm() if known)."""
        self.ensure_one()
        parts = {}
        if self.version_id:
            parts["base"] = (self.version_id.display_name, self.version_id.list_price)
        for part, item in (("engine", self.engine_id), ("transmission", self.transmission_id),
                           ("colour", self.colour_id), ("upholstery", self.upholstery_id)):
            if item:
                parts[part] = (item.name, item.list_price)
        included = {}
        if self.version_id:
            catalog, _version = self._rules()
            included = catalog.included_by_packs(self._selection())
        priced = [(option.name, option.list_price) for option in self.option_ids if option.id not in included]
        bpm_amount, _note, _problem = bpm_info or self._presales_bpm()
        road_costs = [(cost.name, repr(cost.amount), cost.taxable) for cost in self._presales_road_costs()]
        try:
            return pricing.breakdown(parts, priced, self.discount_amount, self._vat_rate()[0], self.quantity or 1,
                                     bpm=bpm_amount, road_costs=road_costs)
        except pricing.PriceError as error:
            raise ValidationError(_("Configuration %s: %s.") % (
                self.display_name, lib_text.render(self.env, error.message, self.currency_id)))

    def _presales_road_costs(self):
        if not self.version_id:
            return self.env["presales.road.ready.cost"]
        return self.env["presales.road.ready.cost"]._for(self.version_id.sudo().catalog_make_id, self._company())

    def _presales_bpm(self):
        """(BPM of one car as a Decimal, how it was computed, why it cannot be: Messages or False).

        Nothing to say before the engine is chosen: the engine carries the fuel and the CO2 emission.
        """
        engine = self.engine_id.sudo()
        if not engine:
            return pricing.money(0), False, False
        year = fields.Date.from_string(self.registration_date or fields.Date.context_today(self)).year
        tariff = self.env["presales.bpm.tariff"]._for_year(year)
        if not tariff:
            return pricing.money(0), False, bpm.no_tariff(year)
        co2 = engine.co2_g_km if engine.co2_g_km or engine.fuel == bpm.ELECTRIC else None
        try:
            amount, parts = tariff._lib_tariff().gross(engine.fuel, co2)
        except bpm.BpmError as error:
            return pricing.money(0), False, bpm.engine_problem(engine.name, error)
        return amount, bpm.note(year, parts), False

    @api.depends("version_id", "engine_id", "transmission_id", "colour_id", "upholstery_id", "option_ids",
                 "discount_amount", "quantity", "registration_date", "company_id", "engine_id.fuel",
                 "engine_id.co2_g_km")
    def _compute_price(self):
        for config in self:
            bpm_info = config._presales_bpm()
            result = config._breakdown(bpm_info)
            _amount, note, problem = bpm_info
            config.vat_rate = float(result.vat_rate)
            config.price_vehicle = float(result.vehicle_price)
            config.price_options = float(result.options_price)
            config.price_untaxed = float(result.untaxed)
            config.price_tax = float(result.tax)
            config.price_total = float(result.total)
            config.bpm_year = fields.Date.from_string(
                config.registration_date or fields.Date.context_today(config)).year
            config.price_bpm = float(result.bpm_total)
            config.price_road_ready = float(result.road_total)
            config.price_on_the_road = float(result.on_the_road)
            config.discount_percent = float(approval.discount_percent(
                result.discount, result.vehicle_price + result.options_price))
            config.price_detail = json.dumps({
                "rows": pricing.rows_to_data(result.rows()),
                "bpm_note": note and note.to_json(),
                "bpm_problem": problem and problem.to_json(),
            })

    @api.depends("price_detail", "currency_id")
    def _compute_price_text(self):
        """The stored price detail in the reader's language (a report sets the customer's)."""
        translate = lib_text.translator(self.env)
        for config in self:
            detail = json.loads(config.price_detail or "{}")
            amount = lib_text.amount_format(self.env, config.currency_id)
            config.price_breakdown = "\n".join(pricing.describe_rows(
                pricing.rows_from_data(detail.get("rows", [])), translate, amount)) or False
            for name in ("bpm_note", "bpm_problem"):
                config[name] = detail.get(name) and Message.from_json(detail[name]).render(translate, amount) or False

    def _presales_cost_items(self):
        """The products whose cost makes the car's cost: the vehicle parts and the charged options."""
        items = self.version_id | self.engine_id | self.transmission_id | self.colour_id | self.upholstery_id
        included = set(self._presales_included_ids())
        return items | self.option_ids.filtered(lambda option: option.id not in included)

    @api.depends("version_id", "engine_id", "transmission_id", "colour_id", "upholstery_id", "option_ids",
                 "quantity", "price_untaxed")
    def _compute_margin(self):
        for config in self:
            cost = sum(pricing.money(item.standard_price) for item in config.sudo()._presales_cost_items()) \
                * (config.quantity or 1)
            untaxed = pricing.money(config.price_untaxed)
            config.price_cost = float(cost)
            config.margin_amount = float(untaxed - cost)
            config.margin_percent = float(approval.discount_percent(untaxed - cost, untaxed))

    # ---- the steps in the form ----

    @api.onchange("version_id", "engine_id", "transmission_id", "colour_id", "upholstery_id")
    def _onchange_step(self):
        """A new choice can rule out later ones: drop them and say why, as the salesperson would."""
        if not self.version_id:
            self.update({name: False for name in ("engine_id", "transmission_id", "colour_id", "upholstery_id")})
            self.option_ids = [(5, 0, 0)]
            return None
        catalog, version = self._rules()
        dropped = []
        for step in options.STEPS:
            field_name = STEP_FIELDS[step]
            for item in self[field_name]:
                reason = catalog.unavailable_reason(item.id, version, self._selection(), self._on_date())
                if reason:
                    dropped.append(reason)
                    self[field_name] = self[field_name] - item if step == "option" else False
        if dropped:
            return {"warning": {"title": _("Choices removed"), "message": "\n".join(dropped)}}
        return None

    @api.onchange("option_ids")
    def _onchange_option_ids(self):
        """An option brings the options it requires along (a chain of requirements)."""
        if not self.version_id:
            return
        catalog, _version = self._rules()
        wanted = catalog.with_requirements(set(self.option_ids.ids))
        included = catalog.included_by_packs(options.Selection(options=wanted))
        wanted -= set(included)
        if wanted != set(self.option_ids.ids):
            self.option_ids = self.env["product.template"].browse(sorted(wanted))

    # ---- alternatives ----

    @api.multi
    def action_duplicate_alternative(self):
        """Copy this configuration as an alternative for the same sales up and open it."""
        self.ensure_one()
        alternative = self.copy({"alternative_of_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": alternative.id,
            "view_mode": "form",
            "target": "current",
        }

    # ---- ordering ----

    def _presales_order_lines(self):
        """Order-line commands: the vehicle, one line per charged option or pack, the discount, the
        BPM and the road-ready costs.

        Every line but the BPM (and road-ready costs without VAT) carries the version's taxes, so the
        order totals equal the configuration's price on the road (lib/pricing.py rounds VAT per line
        like Odoo).
        """
        self.ensure_one()
        result = self._breakdown()
        _rate, taxes = self._vat_rate()
        tax_command = [(6, 0, taxes.ids)]
        lines = [(0, 0, {
            "product_id": self.version_id.product_variant_id.id,
            "name": self.description,
            "product_uom_qty": self.quantity,
            "price_unit": float(result.vehicle_price),
            "tax_id": tax_command,
            "configuration_id": self.id,
        })]
        catalog, _version = self._rules()
        included = catalog.included_by_packs(self._selection())
        for option in self.option_ids.filtered(lambda item: item.id not in included and item.list_price):
            lines.append((0, 0, {
                "product_id": option.product_variant_id.id,
                "name": option.name,
                "product_uom_qty": self.quantity,
                "price_unit": float(pricing.money(option.list_price)),
                "tax_id": tax_command,
                "configuration_id": self.id,
            }))
        if result.discount:
            lines.append((0, 0, {
                "product_id": self.env.ref("automotive_configurator.product_configuration_discount")
                .product_variant_id.id,
                "name": _("Discount on %s") % self.version_id.display_name,
                "product_uom_qty": self.quantity,
                "price_unit": -float(result.discount),
                "tax_id": tax_command,
                "configuration_id": self.id,
            }))
        if result.bpm:
            # BPM is a tax of its own: no VAT on it
            lines.append((0, 0, {
                "product_id": self.env.ref("automotive_configurator.product_bpm").product_variant_id.id,
                "name": self.bpm_note or _("BPM"),
                "product_uom_qty": self.quantity,
                "price_unit": float(result.bpm),
                "tax_id": [(6, 0, [])],
                "configuration_id": self.id,
            }))
        road_ready = self.env.ref("automotive_configurator.product_road_ready").product_variant_id
        for label, amount, quantity, taxable in result.road_lines():
            lines.append((0, 0, {
                "product_id": road_ready.id,
                "name": label,
                "product_uom_qty": quantity,
                "price_unit": float(amount),
                "tax_id": tax_command if taxable else [(6, 0, [])],
                "configuration_id": self.id,
            }))
        return lines

    @api.multi
    def action_create_order(self):
        """One configuration: a new-car order; several (or several cars): a fleet order."""
        order = self.env["sale.order"]._presales_create_from_configurations(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
            "target": "current",
        }
