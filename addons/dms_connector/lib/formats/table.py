"""Tables from CSV and XLSX exports (a header row, then one record per row), turned into records of
our moment schema ("table" format) or rows of the stock feed ("stock" format). A backend's column
mapping (option "mapping": {column header: field}) names the columns the aliases do not."""
import csv
import datetime
import io
import json

import xlrd

from .. import inventory
from ..errors import PayloadError, RecordError
from ..inventory import decode, header_key
from . import Format, Item, RecordKind, register
from .ours import MOMENT

MOMENT_COLUMNS = {
    "external_id": "external_id", "id": "external_id", "moment_id": "external_id",
    "type_code": "type_code", "type": "type_code", "code": "type_code",
    "occurred_at": "occurred_at", "date": "occurred_at", "datetime": "occurred_at",
    "summary": "summary", "subject": "summary", "direction": "direction", "channel": "channel",
    "site": "site", "branch": "site", "user": "user", "salesperson": "user",
    "lead_external_id": "lead_external_id",
    "customer_external_id": "customer.external_id", "customer_id": "customer.external_id",
    "first_name": "customer.first_name", "last_name": "customer.last_name", "email": "customer.email",
    "phone": "customer.phone", "mobile": "customer.mobile", "zip": "customer.zip", "city": "customer.city",
    "marketing_consent": "customer.marketing_consent",
}
TRUE_WORDS = ("1", "true", "yes", "y", "ja", "x")


def read_table(content, file_type):
    """(header, rows) of a CSV or XLSX file; every cell as text."""
    if file_type == "xlsx":
        try:
            book = xlrd.open_workbook(file_contents=content)
        except (xlrd.XLRDError, ValueError, OSError) as error:
            raise PayloadError("the file is not a readable XLSX workbook: %s" % error)
        sheet = book.sheet_by_index(0)
        rows = [[_cell_text(sheet.cell(row, col), book.datemode) for col in range(sheet.ncols)]
                for row in range(sheet.nrows)]
    else:
        text = decode(content)
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as error:
            raise PayloadError("the file is not CSV: %s" % error)
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise PayloadError("the file is empty: a header row is needed")
    return rows[0], rows[1:]


def _cell_text(cell, datemode):
    if cell.ctype == xlrd.XL_CELL_DATE:
        return datetime.datetime(*xlrd.xldate_as_tuple(cell.value, datemode)).isoformat()
    if cell.ctype == xlrd.XL_CELL_NUMBER and float(cell.value).is_integer():
        return str(int(cell.value))
    return str(cell.value).strip()


def moment_fields(header, mapping=None):
    """The moment field (dotted for the customer) of each column, the saved mapping first."""
    mapping = {header_key(key): value for key, value in (mapping or {}).items()}
    return [mapping.get(header_key(cell)) or MOMENT_COLUMNS.get(header_key(cell)) for cell in header]


def moment_records(header, rows, mapping=None):
    """Records of our moment schema, one per row (not validated: moments.parse_moment does that)."""
    fields = moment_fields(header, mapping)
    if "external_id" not in fields or "type_code" not in fields:
        raise PayloadError("the header row needs an external id and a type code column (got %s)"
                           % ", ".join(header))
    records = []
    for row in rows:
        record, customer = {}, {}
        for field, cell in zip(fields, row):
            if not field or not cell.strip():
                continue
            if field.startswith("customer."):
                key = field.split(".", 1)[1]
                customer[key] = cell.strip().lower() in TRUE_WORDS if key == "marketing_consent" else cell
            else:
                record[field] = cell
        if customer:
            record["customer"] = customer
        records.append(record)
    return records


def stock_rows(header, rows, mapping=None):
    """Stock-feed rows as {field: text}, as inventory.parse_row takes them."""
    fields = inventory.column_map(header, mapping)
    missing = [field for field in inventory.REQUIRED if field not in fields]
    if missing:
        raise PayloadError("the header row lacks the columns %s" % ", ".join(missing))
    return [(number + 2, inventory._row_values(row, fields)) for number, row in enumerate(rows)]


def _is_workbook(probe):
    return probe.head[:2] == b"PK" or probe.head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _is_table(probe):
    return _is_workbook(probe) or (probe.head[:1] not in (b"<", b"{", b"[") and b"\n" in probe.body[:4096])


def _read(probe):
    return read_table(probe.body, "xlsx" if _is_workbook(probe) else "csv")


def moment_items(probe, options=None):
    header, rows = _read(probe)
    records = moment_records(header, rows, (options or {}).get("mapping"))
    return [MOMENT.item(record) for record in records]


def stock_items(probe, options=None):
    """One Item per row of the stock feed (CSV with any delimiter, or XLSX); a stock number seen
    earlier in the feed is refused for its row."""
    mapping = (options or {}).get("mapping")
    if not _is_workbook(probe):
        return [Item("inventory", error.external_id if error else vehicle["stock_number"], values, vehicle, error)
                for _row, values, vehicle, error in inventory.parse(probe.body, mapping)]
    header, rows = _read(probe)
    result, seen = [], {}
    for row_number, values in stock_rows(header, rows, mapping):
        try:
            vehicle = inventory.parse_row(values)
            if vehicle["stock_number"] in seen:
                raise RecordError("stock_number", "%s repeats row %d of the feed" % (
                    vehicle["stock_number"], seen[vehicle["stock_number"]]), external_id=vehicle["stock_number"])
            seen[vehicle["stock_number"]] = row_number
            result.append(Item("inventory", vehicle["stock_number"], values, vehicle))
        except RecordError as error:
            result.append(Item("inventory", error.external_id or "", values, error=error))
    return result


def stock_item(raw):
    """The Item of one row of the stock feed as the quarantine keeps it ({field: text})."""
    try:
        vehicle = inventory.parse_row(raw)
        return Item("inventory", vehicle["stock_number"], raw, vehicle)
    except RecordError as error:
        return Item("inventory", error.external_id or "", raw, error=error)


SPREADSHEETS = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.ms-excel")
FILE_TYPES = (("csv", "CSV", "text/csv"), ("xlsx", "Excel (XLSX)", SPREADSHEETS[0]))
# rows of a table of moments are moments of our schema (lib/formats/ours.py declares that kind);
# a stock row is stored by the backend's _import_stock_item, after the moments of its body
STOCK_ROW = RecordKind("inventory", "Stock vehicle", inventory.parse_row, importer="_import_stock_item", order=200,
                       payload_items=lambda text: [stock_item(json.loads(text))])
TABLE = register(Format("table", "moments", moment_items, _is_table, label="CSV/XLSX moments", priority=40,
                        content_types=("text/csv",) + SPREADSHEETS, extensions=(".csv", ".txt", ".xlsx"),
                        file_types=FILE_TYPES))
STOCK = register(Format("stock", "inventory", stock_items, lambda probe: True, label="CSV/XLSX stock feed", priority=40,
                        content_types=("text/csv", "text/plain") + SPREADSHEETS, extensions=(".csv", ".txt", ".xlsx"),
                        kinds=(STOCK_ROW,), file_types=FILE_TYPES))
