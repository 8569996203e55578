from psycopg2.extras import execute_values

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.modules.module import get_module_resource

from ..lib import geo


class SalesMonitorPostcode(models.Model):
    """Where a postcode lies, for the customer map: a whole postcode or a prefix of it.

    The addon ships the Dutch postcode regions (approximate centres, data/sales_monitor.postcode.csv);
    a dealer imports their own country's table with the same columns (readme/CONFIGURE.md).
    A customer's postcode is found by its longest prefix here (lib/geo.py locate(); the client
    report repeats it in SQL).
    """

    _name = "sales_monitor.postcode"
    _description = "Postcode coordinates"
    _order = "country_code, postcode"
    _rec_name = "postcode"

    country_code = fields.Char("Country", size=2, required=True, index=True,
                               help="ISO code of the country, e.g. NL.")
    postcode = fields.Char(required=True, index=True,
                           help="A whole postcode (1017AB), or a prefix of it (1017, or 10 for the region).")
    latitude = fields.Float(required=True, digits=(10, 6))
    longitude = fields.Float(required=True, digits=(10, 6))

    _sql_constraints = [
        ("postcode_uniq", "unique(country_code, postcode)",
         "Postcode coordinates: each postcode appears once per country."),
    ]

    @api.model
    def _normalise(self, vals):
        vals = dict(vals)
        if vals.get("country_code"):
            vals["country_code"] = vals["country_code"].strip().upper()
        if "postcode" in vals:
            vals["postcode"] = geo.normalise_postcode(vals["postcode"])
        return vals

    @api.model
    def create(self, vals):
        return super().create(self._normalise(vals))

    @api.multi
    def write(self, vals):
        return super().write(self._normalise(vals))

    @api.constrains("country_code", "postcode", "latitude", "longitude")
    def _check_coordinates(self):
        for record in self:
            if len(record.postcode or "") < geo.MIN_PREFIX:
                raise ValidationError(_("Postcode %s: field Postcode needs at least %d letters or digits.")
                                      % (record.postcode or "", geo.MIN_PREFIX))
            if len(record.country_code or "") != 2:
                raise ValidationError(_("Postcode %s: field Country must be a 2-letter code, not %s.")
                                      % (record.postcode, record.country_code or ""))
            if not (-90 <= record.latitude <= 90 and -180 <= record.longitude <= 180):
                raise ValidationError(_("Postcode %s: fields Latitude and Longitude are out of range (%s, %s).")
                                      % (record.postcode, record.latitude, record.longitude))

    @api.model
    def _load_postcode_lines(self, lines):
        """Add or update the postcodes of a table in the documented CSV format; returns their number.

        Bad lines raise a ValidationError naming the line and the field; nothing is loaded then.
        """
        try:
            table = geo.read_postcode_table(lines)
        except geo.PostcodeTableError as error:
            raise ValidationError(_("Postcode table: %s.") % error)
        rows = [(country, postcode, latitude, longitude, self.env.uid)
                for (country, postcode), (latitude, longitude) in table.items()]
        if rows:
            execute_values(self.env.cr, """
                INSERT INTO sales_monitor_postcode (country_code, postcode, latitude, longitude,
                                                    create_uid, write_uid, create_date, write_date)
                SELECT country_code, postcode, latitude, longitude, uid, uid,
                       now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
                  FROM (VALUES %s) AS given(country_code, postcode, latitude, longitude, uid)
                ON CONFLICT (country_code, postcode)
                DO UPDATE SET latitude = excluded.latitude, longitude = excluded.longitude,
                              write_uid = excluded.write_uid, write_date = excluded.write_date""", rows)
            self.invalidate_cache()
        return len(rows)

    @api.model
    def _load_shipped_table(self):
        """The Dutch table shipped with the addon (data/postcodes_nl.csv), loaded on install and update."""
        with tools.file_open(get_module_resource("sales_monitor", "data", "postcodes_nl.csv")) as handle:
            return self._load_postcode_lines(handle)
