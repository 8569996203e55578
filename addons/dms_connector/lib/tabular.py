"""Tables from CSV and XLSX exports (a header row, then one record per row), turned into records of
our moment schema or rows of the stock feed. A backend's saved column mapping names the columns."""
import csv
import datetime
import io
import re

import xlrd

from .errors import PayloadError
from .inventory import decode, header_key

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
    from .inventory import REQUIRED, _row_values, column_map
    fields = column_map(header, mapping)
    missing = [field for field in REQUIRED if field not in fields]
    if missing:
        raise PayloadError("the header row lacks the columns %s" % ", ".join(missing))
    return [(number + 2, _row_values(row, fields)) for number, row in enumerate(rows)]


def guess_type(filename, content):
    """csv, xlsx, adf or json from the file name, else from the first bytes."""
    name = (filename or "").lower()
    for suffix, file_type in ((".xlsx", "xlsx"), (".xml", "adf"), (".adf", "adf"), (".json", "json"),
                              (".csv", "csv"), (".txt", "csv")):
        if name.endswith(suffix):
            return file_type
    head = content[:8].lstrip()
    if head.startswith(b"PK"):
        return "xlsx"
    if head.startswith(b"<"):
        return "adf"
    if re.match(br"^[\[{]", head):
        return "json"
    return "csv"
