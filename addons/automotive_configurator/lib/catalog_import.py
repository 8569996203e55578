"""Read a vehicle catalog from a CSV or XLSX file and check every row before anything is written.

One row per catalog record. Columns (header names, any order, case-insensitive):

    kind        version, engine, transmission, colour, upholstery, option or pack
    code        unique reference of the record (the product's internal reference)
    name        Golf Life, 2.0 TDI, Kings Red metallic ...
    make        versions: the make (created when new)
    model       versions: the model (created when new)
    model_year  versions
    trim        versions
    list_price  price excl. VAT, '.' as decimal separator
    valid_from  YYYY-MM-DD, optional
    fuel, power_kw, co2_g_km   engines
    gearbox     transmissions: manual or automatic
    models      items: the models that offer them, 'Make Model' separated by ';'
    requires, excludes, pack_items, only_engines   codes separated by ';'
    only_trims  trims separated by ','
"""
import csv
import io
from decimal import Decimal, InvalidOperation

from . import options

COLUMNS = ("kind", "code", "name", "make", "model", "model_year", "trim", "list_price", "valid_from", "fuel",
           "power_kw", "co2_g_km", "gearbox", "models", "requires", "excludes", "pack_items", "only_engines",
           "only_trims")
FUEL_CODES = ("petrol", "diesel", "hybrid", "plug_in_hybrid", "electric")
GEARBOX_CODES = ("manual", "automatic")
REFERENCE_COLUMNS = ("requires", "excludes", "pack_items", "only_engines")


class CatalogFileError(ValueError):
    """The file cannot be read as a catalog at all (format, header)."""


def read_csv(content):
    """Rows (dicts by lower-case column) of a UTF-8 CSV file, comma or semicolon separated."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CatalogFileError("the file is not UTF-8 text")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    return _rows(list(reader))


def read_xlsx(content):
    """Rows of the first sheet of an XLSX/XLS workbook (read with xlrd)."""
    import xlrd
    try:
        book = xlrd.open_workbook(file_contents=content)
    except xlrd.XLRDError as error:
        raise CatalogFileError("the file is not a readable workbook (%s)" % error)
    sheet = book.sheet_by_index(0)
    table = []
    for index in range(sheet.nrows):
        row = []
        for cell in sheet.row(index):
            value = cell.value
            if cell.ctype == xlrd.XL_CELL_DATE:
                value = xlrd.xldate.xldate_as_datetime(value, book.datemode).date().isoformat()
            elif isinstance(value, float) and value.is_integer():
                value = str(int(value))
            row.append(str(value))
        table.append(row)
    return _rows(table)


def _rows(table):
    table = [row for row in table if any((cell or "").strip() for cell in row)]
    if not table:
        raise CatalogFileError("the file is empty")
    header = [(cell or "").strip().lower() for cell in table[0]]
    missing = [name for name in ("kind", "code", "name", "list_price") if name not in header]
    if missing:
        raise CatalogFileError("the header lacks the column(s) %s" % ", ".join(missing))
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        raise CatalogFileError("unknown column(s) %s; known: %s" % (", ".join(unknown), ", ".join(COLUMNS)))
    return [{name: (row[index].strip() if index < len(row) and row[index] else "")
             for index, name in enumerate(header) if name} for row in table[1:]]


def _split(text, separator=";"):
    return [part.strip() for part in (text or "").split(separator) if part.strip()]


class CatalogRow:
    """One checked row, ready to write."""

    def __init__(self, number, values):
        self.number = number
        self.values = values

    def __getitem__(self, key):
        return self.values[key]


def check_rows(rows, known_codes=(), known_models=()):
    """Check the rows; return (good rows, [(row number, message)]).

    Row numbers count the header as row 1, as a spreadsheet shows them. known_codes: codes
    already in the catalog; known_models: 'Make Model' names already in the catalog.
    """
    kinds = {}
    for row in rows:
        if row.get("code"):
            kinds.setdefault(row["code"], row.get("kind", "").strip().lower())
    context = {
        "codes": set(known_codes) | set(kinds),
        "kinds": kinds,
        "models": {_model_key(*name.split(" ", 1)) for name in known_models if " " in name} | {
            _model_key(row["make"], row["model"]) for row in rows
            if row.get("kind", "").strip().lower() == "version" and row.get("make") and row.get("model")},
        "seen": {},
    }
    errors = []
    good = []
    for offset, row in enumerate(rows):
        number = offset + 2
        values, row_errors = _check_row(row, number, context)
        if row_errors:
            errors.extend((number, message) for message in row_errors)
        else:
            good.append(CatalogRow(number, values))
    return good, errors


def _check_row(row, number, context):
    errors = []
    kind = row.get("kind", "").strip().lower()
    if kind not in dict(options.KINDS):
        errors.append("field kind: %r is not one of %s" % (row.get("kind", ""), ", ".join(
            code for code, _label in options.KINDS)))
    code = row.get("code", "")
    if not code:
        errors.append("field code is required")
    elif code in context["seen"]:
        errors.append("field code: %s is also used on row %d" % (code, context["seen"][code]))
    else:
        context["seen"][code] = number
    if not row.get("name"):
        errors.append("field name is required")
    values = {"kind": kind, "code": code, "name": row.get("name", "")}
    price = _decimal(row.get("list_price", ""), "list_price", errors, required=True)
    if price is not None and price < 0:
        errors.append("field list_price: the price cannot be negative")
    values["list_price"] = price
    try:
        values["valid_from"] = options.parse_date(row.get("valid_from"))
    except ValueError:
        errors.append("field valid_from: %r is not a date as YYYY-MM-DD" % row.get("valid_from"))
    if kind == "version":
        _check_version(row, values, errors)
    else:
        _check_models(row, kind, values, errors, context)
    if kind == "engine":
        _check_engine(row, values, errors)
    if kind == "transmission":
        gearbox = row.get("gearbox", "").strip().lower()
        if gearbox and gearbox not in GEARBOX_CODES:
            errors.append("field gearbox: %r is not one of %s" % (gearbox, ", ".join(GEARBOX_CODES)))
        values["gearbox"] = gearbox or False
    _check_references(row, code, kind, values, errors, context)
    values["only_trims"] = ", ".join(options.parse_trims(row.get("only_trims")))
    return values, errors


def _check_version(row, values, errors):
    for name in ("make", "model"):
        if not row.get(name):
            errors.append("field %s is required for a version" % name)
    values.update(make=row.get("make", ""), model=row.get("model", ""), trim=row.get("trim", ""))
    values["model_year"] = _integer(row.get("model_year", ""), "model_year", errors)


def _check_models(row, kind, values, errors, context):
    models = _split(row.get("models"))
    if kind in dict(options.KINDS) and not models:
        errors.append("field models: name the models that offer this item (Make Model; ...)")
    for name in models:
        if " " not in name or _model_key(*name.split(" ", 1)) not in context["models"]:
            errors.append("field models: unknown model %r" % name)
    values["models"] = [name.split(" ", 1) for name in models if " " in name]


def _check_engine(row, values, errors):
    fuel = row.get("fuel", "").strip().lower()
    if fuel not in FUEL_CODES:
        errors.append("field fuel: %r is not one of %s" % (row.get("fuel", ""), ", ".join(FUEL_CODES)))
    values["fuel"] = fuel
    values["power_kw"] = _integer(row.get("power_kw", ""), "power_kw", errors, required=True)
    values["co2_g_km"] = _integer(row.get("co2_g_km", ""), "co2_g_km", errors)


def _check_references(row, code, kind, values, errors, context):
    for column in REFERENCE_COLUMNS:
        references = _split(row.get(column))
        for reference in references:
            if reference not in context["codes"]:
                errors.append("field %s: unknown code %s" % (column, reference))
            elif reference == code:
                errors.append("field %s: an item cannot name itself" % column)
            elif column == "only_engines" and context["kinds"].get(reference, "engine") != "engine":
                errors.append("field only_engines: %s is not an engine" % reference)
        values[column] = references
    if _split(row.get("pack_items")) and kind != "pack":
        errors.append("field pack_items is for packs only")


def _model_key(make, model):
    return (make.strip().lower(), model.strip().lower())


def _decimal(text, name, errors, required=False):
    if not text:
        if required:
            errors.append("field %s is required" % name)
        return None
    try:
        return Decimal(text.replace(" ", ""))
    except InvalidOperation:
        errors.append("field %s: %r is not a number" % (name, text))
        return None


def _integer(text, name, errors, required=False):
    if not text:
        if required:
            errors.append("field %s is required" % name)
        return None
    try:
        return int(text)
    except ValueError:
        errors.append("field %s: %r is not a whole number" % (name, text))
        return None


def summary(good, errors):
    """The dry-run preview in words: what would be written, what is wrong and where."""
    counts = {}
    for row in good:
        counts[row["kind"]] = counts.get(row["kind"], 0) + 1
    lines = ["%d row(s) ready: %s" % (len(good), ", ".join(
        "%d %s" % (counts[kind], label.lower()) for kind, label in options.KINDS if kind in counts) or "none")]
    if errors:
        lines.append("%d error(s):" % len(errors))
        lines += ["Row %d: %s" % (number, message) for number, message in errors]
    return "\n".join(lines)
