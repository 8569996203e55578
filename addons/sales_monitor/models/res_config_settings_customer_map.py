from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """Sites that can reach a tile server may draw it under the offline outline of the map."""

    _inherit = "res.config.settings"

    sales_monitor_map_tile_url = fields.Char(
        "Map tile URL", config_parameter="sales_monitor.map_tile_url",
        help="Optional, e.g. https://tile.example.org/{z}/{x}/{y}.png (Web Mercator tiles). "
             "Empty: the customer map draws only its built-in outline, without internet.")
