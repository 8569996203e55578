"""The DMS stock feed (CSV with a header row): one result per row, good or with its own reason.

Real feeds carry short or fake VINs, repeated stock numbers, empty or zero prices and options
spread over odd columns; each such row is refused with a reason naming the field and the rest of
the feed still imports. The VIN check digit is a North American rule (ISO 3779 leaves it optional):
it is checked only for VINs whose first character says North America (1-5).
"""
import csv
import io
import re

from .errors import PayloadError, RecordError

MAX_BYTES = 20 * 1024 * 1024
FIELDS = ("vin", "stock_number", "year", "make", "model", "trim", "colour", "mileage", "condition",
          "price", "options", "status")
REQUIRED = ("vin", "stock_number", "make", "model", "price")
# header spellings seen in real feeds; a backend's saved column mapping comes on top
HEADER_ALIASES = {
    "vin": "vin", "chassis": "vin", "chassis_number": "vin", "vehicle_identification_number": "vin",
    "stock": "stock_number", "stock_no": "stock_number", "stock_number": "stock_number", "stocknr": "stock_number",
    "year": "year", "model_year": "year", "make": "make", "brand": "make", "model": "model",
    "trim": "trim", "version": "trim", "colour": "colour", "color": "colour", "exterior_colour": "colour",
    "mileage": "mileage", "odometer": "mileage", "km": "mileage", "condition": "condition", "type": "condition",
    "price": "price", "sale_price": "price", "list_price": "price", "options": "options", "equipment": "options",
    "status": "status", "state": "status",
}
CONDITIONS = {"new": "new", "used": "used", "demo": "demo", "n": "new", "u": "used", "d": "demo",
              "occasion": "used", "pre-owned": "used", "preowned": "used"}
STATUSES = {"": "available", "available": "available", "in stock": "available", "stock": "available",
            "sold": "sold", "removed": "removed", "deleted": "removed", "reserved": "reserved"}
VIN_CHARS = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
TRANSLITERATION = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", (1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9,
                                                       2, 3, 4, 5, 6, 7, 8, 9)))
TRANSLITERATION.update({str(digit): digit for digit in range(10)})
WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
NORTH_AMERICA = "12345"


def header_key(name):
    return re.sub(r"[^a-z0-9]+", "_", (name or "").strip().lower()).strip("_")


def column_map(header, mapping=None):
    """Map each header cell to a field; `mapping` (a backend's saved one) wins over the aliases.

    Columns named option_1, option 2, extra ... hold options: they map to "options".
    """
    mapping = {header_key(key): value for key, value in (mapping or {}).items()}
    result = []
    for cell in header:
        key = header_key(cell)
        field = mapping.get(key) or HEADER_ALIASES.get(key)
        if not field and re.match(r"^(option|options|opt|extra|equipment)_?\d*$", key):
            field = "options"
        result.append(field or None)
    return result


def vin_error(value):
    """Why a VIN cannot be a real one, or "" when it can."""
    if len(value) != 17:
        return "a VIN has 17 characters, %r has %d" % (value, len(value))
    if not VIN_CHARS.match(value):
        return "%r holds characters a VIN never has (I, O, Q or punctuation)" % value
    if len(set(value)) <= 2 or value[9:] in ("00000000", "11111111") or value.startswith("12345678"):
        return "%r is a placeholder, not a real VIN" % value
    if value[0] in NORTH_AMERICA:
        total = sum(TRANSLITERATION[char] * weight for char, weight in zip(value, WEIGHTS))
        expected = "X" if total % 11 == 10 else str(total % 11)
        if value[8] != expected:
            return "the check digit (9th character) of %r should be %s" % (value, expected)
    return ""


def _number(value, field, integer):
    text = (value or "").strip().replace("\u20ac", "").replace("$", "").replace(" ", "")
    if not text:
        return None
    if re.match(r"^\d{1,3}(\.\d{3})+(,\d+)?$", text):  # 12.500,00
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    try:
        number = float(text)
    except ValueError:
        raise RecordError(field, "expected a number, got %r" % value)
    if number != number or number < 0 or number > 1e9:
        raise RecordError(field, "%r is out of range" % value)
    return int(round(number)) if integer else round(number, 2)


def parse_row(values):
    """Validate one row given as {field: text}; return the stock-vehicle dict or raise RecordError."""
    vin_value = "".join((values.get("vin") or "").split()).upper()
    stock_number = (values.get("stock_number") or "").strip().upper()
    for field in REQUIRED:
        if not (values.get(field) or "").strip():
            raise RecordError(field, "is empty", external_id=stock_number or vin_value)
    try:
        error = vin_error(vin_value)
        if error:
            raise RecordError("vin", error)
        price = _number(values.get("price"), "price", integer=False)
        if not price:
            raise RecordError("price", "is zero; a car on sale needs its price")
        year = _number(values.get("year"), "year", integer=True)
        if year is not None and not 1900 <= year <= 2100:
            raise RecordError("year", "%d is not a model year" % year)
        condition_text = (values.get("condition") or "").strip().lower()
        if condition_text and condition_text not in CONDITIONS:
            raise RecordError("condition", "expected new, used or demo, got %r" % values.get("condition"))
        status_text = (values.get("status") or "").strip().lower()
        if status_text not in STATUSES:
            raise RecordError("status", "expected available, reserved, sold or removed, got %r" % values.get("status"))
        return {
            "vin": vin_value,
            "stock_number": stock_number,
            "year": year,
            "make": values["make"].strip(),
            "model": values["model"].strip(),
            "trim": (values.get("trim") or "").strip(),
            "colour": (values.get("colour") or "").strip(),
            "mileage": _number(values.get("mileage"), "mileage", integer=True),
            "condition": CONDITIONS.get(condition_text, ""),
            "price": price,
            "options": values.get("options", ""),
            "status": STATUSES[status_text],
        }
    except RecordError as error:
        error.external_id = stock_number or vin_value
        raise


def decode(body):
    if isinstance(body, str):
        return body
    if len(body) > MAX_BYTES:
        raise PayloadError("the feed has %d bytes, more than the %d accepted" % (len(body), MAX_BYTES))
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")  # old DMS exports are Windows-1252


def parse(body, mapping=None):
    """Parse a whole feed: a list of (row number, raw values, vehicle dict or None, RecordError or None).

    Options may be packed in one column (separated by ; | or /) or spread over several: they are
    joined with "; ". A stock number already seen earlier in the feed is refused for that row.
    """
    text = decode(body)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise PayloadError("the feed is empty: a header row is needed")
    except csv.Error as error:
        raise PayloadError("the feed's header row is not CSV: %s" % error)
    fields = column_map(header, mapping)
    missing = [field for field in REQUIRED if field not in fields]
    if missing:
        raise PayloadError("the header row lacks the columns %s (got %s)"
                           % (", ".join(missing), ", ".join(cell.strip() for cell in header)))
    results, seen = [], {}
    row_number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            row_number += 1
            results.append((row_number, {}, None, RecordError("", "the row is not valid CSV: %s" % error)))
            continue
        row_number += 1
        if any(cell.strip() for cell in cells):
            results.append(_parse_cells(row_number, cells, fields, len(header), seen))
    return results


def _row_values(cells, fields):
    """{field: text} of one row; every options column is split and joined with "; "."""
    values, options = {}, []
    for field, cell in zip(fields, cells):
        if field == "options":
            options.extend(part.strip() for part in re.split(r"[;|/]", cell) if part.strip())
        elif field and not values.get(field):
            values[field] = cell
    values["options"] = "; ".join(options)
    return values


def _parse_cells(row_number, cells, fields, header_length, seen):
    values = _row_values(cells, fields)
    try:
        if len(cells) < len([field for field in fields if field in REQUIRED]):
            raise RecordError("", "the row has %d cells, the header %d" % (len(cells), header_length))
        vehicle = parse_row(values)
        first = seen.get(vehicle["stock_number"])
        if first:
            raise RecordError("stock_number", "%s repeats row %d of the feed" % (vehicle["stock_number"], first),
                              external_id=vehicle["stock_number"])
        seen[vehicle["stock_number"]] = row_number
        return row_number, values, vehicle, None
    except RecordError as error:
        return row_number, values, None, error
