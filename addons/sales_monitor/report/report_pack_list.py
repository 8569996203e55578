import datetime
import uuid

import pytz

from odoo import api, fields, models
from odoo.osv import expression

# Rows fetched from the database per round trip; also the batch for resolving names.
FETCH_SIZE = 5000


class SalesMonitorReportPackList(models.AbstractModel):
    """Streams the rows of a list report for its PDF and XLSX: the records of a report model
    the user may read (the model's record rules apply), in the model's order, one list of
    display values per record and column.

    A report of 100,000 rows must export in seconds and flat memory: rows come through a
    server-side cursor in batches, the names of linked records are looked up once per batch
    (as Odoo's read() does, with sudo: a row the user may see shows its customer's name).
    """

    _name = "sales_monitor.report.pack.list"
    _description = "Report pack: list rows"

    @api.model
    def _pack_domain(self, records, data):
        """The rows to print: the domain a wizard passed, else the selected records."""
        if data and data.get("domain") is not None:
            return list(data["domain"])
        return [("id", "in", records.ids)]

    @api.model
    def _pack_rows(self, model, domain, columns, raw=False, order=None):
        """Yield one list of values per row of `model` matching `domain`, as the user sees it,
        in `order` (an ORM order spec) or the model's own.

        raw=False gives text for paper; raw=True keeps numbers as numbers (for spreadsheets).
        """
        Model = self.env[model]
        Model.check_access_rights("read")
        query = Model._where_calc(expression.normalize_domain(domain))
        Model._apply_ir_rules(query, "read")
        # the order first: ordering by a many2one adds its joins to the query
        order_by = Model._generate_order_by(order, query)
        from_clause, where_clause, params = query.get_sql()
        names = [name for name, _heading in columns]
        # a column that is not stored (figures computed for the viewer) comes from the ORM per
        # batch: its place in the query holds the row's id
        computed = [name for name in names if not Model._fields[name].store]
        select = ", ".join('"%s"."%s"' % (Model._table, "id" if name in computed else name) for name in names)
        sql = "SELECT %s FROM %s%s%s" % (
            select, from_clause, " WHERE %s" % where_clause if where_clause else "", order_by)
        field_list = [Model._fields[name] for name in names]
        formatters = [self._pack_formatter(field, raw) for field in field_list]
        name_cache = {}
        # a named (server-side) cursor in the request's own transaction: rows arrive in batches
        with self.env.cr._cnx.cursor("report_pack_%s" % uuid.uuid4().hex) as stream:
            stream.itersize = FETCH_SIZE
            stream.execute(sql, params)
            while True:
                batch = stream.fetchmany(FETCH_SIZE)
                if not batch:
                    break
                if computed:
                    batch = self._pack_compute(Model, names, computed, batch)
                self._pack_resolve_names(field_list, batch, name_cache)
                for row in batch:
                    yield [formatter(value, name_cache) for formatter, value in zip(formatters, row)]

    @api.model
    def _pack_compute(self, Model, names, computed, batch):
        """`batch` with the values of the `computed` columns read through the ORM, once per batch."""
        position = names.index(computed[0])
        records = Model.browse([row[position] for row in batch])
        values = {record.id: {name: record[name] for name in computed} for record in records}
        return [tuple(values[row[position]][name] if name in computed else value for name, value in zip(names, row))
                for row in batch]

    @api.model
    def _pack_resolve_names(self, field_list, batch, name_cache):
        for index, field in enumerate(field_list):
            if field.type != "many2one":
                continue
            cache = name_cache.setdefault(field.comodel_name, {})
            missing = {row[index] for row in batch if row[index] and row[index] not in cache}
            if missing:
                cache.update(self.env[field.comodel_name].sudo().browse(list(missing)).name_get())

    @api.model
    def _pack_formatter(self, field, raw):
        if field.type == "many2one":
            comodel = field.comodel_name
            return lambda value, names: names[comodel].get(value, "") if value else ""
        if field.type == "selection":
            labels = dict(field._description_selection(self.env))
            return lambda value, names: labels.get(value, value or "")
        if field.type == "datetime":
            timezone = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")

            def local(value, names):
                # sliced rather than strptime: this runs once per row of a 100,000-row export
                if not value:
                    return ""
                moment = timezone.fromutc(datetime.datetime(
                    int(value[0:4]), int(value[5:7]), int(value[8:10]), int(value[11:13]), int(value[14:16]),
                    tzinfo=timezone))
                return "%04d-%02d-%02d %02d:%02d" % (moment.year, moment.month, moment.day, moment.hour, moment.minute)
            return local
        if field.type == "boolean":
            return lambda value, names: "✔" if value else ""
        if field.type in ("float", "monetary", "integer"):
            if raw:
                return lambda value, names: value or 0
            return lambda value, names: "{:,.2f}".format(value or 0) if field.type != "integer" else str(value or 0)
        return lambda value, names: value or ""

    @api.model
    def _pack_is_numeric(self, field):
        return field.type in ("float", "monetary", "integer")

    @api.model
    def _pack_local_now(self):
        return fields.Datetime.context_timestamp(self, fields.Datetime.from_string(fields.Datetime.now()))
