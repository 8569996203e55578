import json

from odoo import _, api, models, tools
from odoo.exceptions import UserError
from odoo.modules.module import get_module_resource

from ..lib import geo

TILE_URL_PARAM = "sales_monitor.map_tile_url"
VALUE_FIELDS = ("sales_value", "potential_value")


class SalesMonitorClientReport(models.Model):
    """The customer map: the clients the user may see, placed by postcode, sized by value, and
    a geographic selection (radius or drawn area) that opens as a list to act on."""

    _inherit = "sales_monitor.client.report"

    @api.model
    def _map_domain(self, filters):
        filters = filters or {}
        domain = [("latitude", "!=", False)]
        if filters.get("user_id"):
            domain.append(("user_id", "=", int(filters["user_id"])))
        if filters.get("team_id"):
            domain.append(("team_id", "=", int(filters["team_id"])))
        if filters.get("customer_state"):
            domain.append(("customer_state", "=", filters["customer_state"]))
        if filters.get("with_open"):
            domain.append(("open_count", ">", 0))
        return domain

    @api.model
    def _map_value_field(self, filters):
        field = (filters or {}).get("value") or "potential_value"
        if field not in VALUE_FIELDS:
            raise UserError(_("Customer map: field Size by must be one of %s, not %s.")
                            % (", ".join(VALUE_FIELDS), field))
        return field

    @api.model
    def map_data(self, filters=None):
        """The map's content for the current user: base layer, optional tiles and the clients."""
        value_field = self._map_value_field(filters)
        clients = self.search(self._map_domain(filters))
        largest = max(clients.mapped(value_field) or [0])
        unplaced = self.search_count([("latitude", "=", False)])
        return {
            "outline": self._map_outline(),
            "tile_url": self.env["ir.config_parameter"].sudo().get_param(TILE_URL_PARAM) or "",
            "unplaced": unplaced,
            "clients": [{
                "id": client.id,
                "name": client.name,
                "latitude": client.latitude,
                "longitude": client.longitude,
                "value": client[value_field],
                "radius": geo.symbol_radius(client[value_field], largest),
                "state": client.customer_state,
                "salesperson": client.user_id.name or "",
            } for client in clients],
        }

    @api.model
    @tools.ormcache()
    def _map_outline(self):
        with tools.file_open(get_module_resource("sales_monitor", "static", "src", "data", "nl_outline.geojson")) as f:
            return json.load(f)

    @api.model
    def map_select(self, selection, filters=None):
        """The clients inside a radius ({'mode': 'radius', 'latitude', 'longitude', 'radius_km'}) or
        a drawn area ({'mode': 'area', 'points': [[latitude, longitude], ...]}), as a list action."""
        selection = selection or {}
        clients = self.search(self._map_domain(filters))
        placed = [(client.id, (client.latitude, client.longitude)) for client in clients]
        try:
            if selection.get("mode") == "radius":
                centre = (float(selection["latitude"]), float(selection["longitude"]))
                ids = geo.select_in_radius(placed, centre, float(selection.get("radius_km") or 0))
                name = _("Clients within %s km") % selection.get("radius_km")
            elif selection.get("mode") == "area":
                ids = geo.select_in_area(placed, [(float(lat), float(lon)) for lat, lon in selection["points"]])
                name = _("Clients in the drawn area")
            else:
                raise UserError(_("Customer map: choose a radius around a point or draw an area first."))
        except (geo.InvalidSelection, KeyError, TypeError, ValueError) as error:
            raise UserError(_("Customer map: the selection is not usable: %s.") % error)
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": self._name,
            "view_mode": "tree,pivot",
            "views": [(self.env.ref("sales_monitor.sales_monitor_client_report_view_tree_map").id, "tree"),
                      (False, "pivot")],
            "domain": [("id", "in", ids)],
            "context": {"map_selection_order": ids},
        }
