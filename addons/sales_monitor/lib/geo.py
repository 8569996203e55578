"""The customer map without a database: postcodes to coordinates, distances, the geographic
selection (radius around a point, or a drawn area) and the size of a customer's symbol.

Coordinates are (latitude, longitude) in degrees (WGS84). The postcode table is a CSV file
(see readme/CONFIGURE.md): country code, postcode or postcode prefix, latitude, longitude, place.
A postcode is found by its longest prefix in the table, so a table may hold whole 4-digit Dutch
postcodes, their 2-digit regions, or both.
"""
import csv
import math

EARTH_RADIUS_KM = 6371.0088
MIN_PREFIX = 2


class PostcodeTableError(ValueError):
    """A line of a postcode table that cannot be read; the message names the line and the field."""


def normalise_postcode(postcode):
    """'1017 ab' -> '1017AB': upper case, ASCII letters and digits only (no spaces or dashes)."""
    return "".join(char for char in (postcode or "").upper() if char.isascii() and char.isalnum())


def read_postcode_table(lines):
    """{(country code, postcode prefix): (latitude, longitude)} from CSV lines with a header row.

    Raises PostcodeTableError naming the line and field of the first bad value.
    """
    table = {}
    reader = csv.reader(lines)
    header = next(reader, None)
    if header != ["country", "postcode", "latitude", "longitude", "place"]:
        raise PostcodeTableError(
            "line 1: the header must be country,postcode,latitude,longitude,place, not %s" % ",".join(header or []))
    for number, row in enumerate(reader, start=2):
        if not row or row[0].startswith("#"):
            continue
        if len(row) != 5:
            raise PostcodeTableError("line %d: expected 5 fields, found %d" % (number, len(row)))
        country, postcode, latitude, longitude, _place = row
        key = normalise_postcode(postcode)
        if len(country.strip()) != 2 or len(key) < MIN_PREFIX:
            raise PostcodeTableError("line %d: field country must be a 2-letter code and field postcode at "
                                     "least %d characters" % (number, MIN_PREFIX))
        try:
            point = (float(latitude), float(longitude))
        except ValueError:
            raise PostcodeTableError("line %d: fields latitude and longitude must be numbers" % number)
        if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
            raise PostcodeTableError("line %d: field latitude/longitude out of range: %s, %s" % (number, *point))
        table[(country.strip().upper(), key)] = point
    return table


def locate(table, country, postcode):
    """(latitude, longitude) of a postcode by its longest prefix in the table, or None."""
    key = normalise_postcode(postcode)
    country = (country or "").upper()
    for length in range(len(key), MIN_PREFIX - 1, -1):
        point = table.get((country, key[:length]))
        if point:
            return point
    return None


def distance_km(a, b):
    """Great-circle distance between two (latitude, longitude) points (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def in_polygon(point, polygon):
    """Whether a (latitude, longitude) point lies inside a polygon of such points (ray casting;
    the polygon closes itself, points on an edge may fall either way)."""
    y, x = point
    inside = False
    count = len(polygon)
    for index in range(count):
        y1, x1 = polygon[index]
        y2, x2 = polygon[(index + 1) % count]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


class InvalidSelection(ValueError):
    """A map selection without a usable centre, radius or area."""


def select_in_radius(customers, centre, radius_km):
    """The keys of customers [(key, (latitude, longitude) or None)] within radius_km of centre,
    nearest first."""
    if radius_km is None or radius_km <= 0:
        raise InvalidSelection("the radius must be a positive number of kilometres, not %r" % (radius_km,))
    found = [(distance_km(centre, point), key) for key, point in customers if point]
    return [key for distance, key in sorted(found) if distance <= radius_km]


def select_in_area(customers, polygon):
    """The keys of customers [(key, (latitude, longitude) or None)] inside the drawn polygon."""
    if len(polygon) < 3:
        raise InvalidSelection("an area needs at least 3 corners, got %d" % len(polygon))
    return [key for key, point in customers if point and in_polygon(point, polygon)]


def symbol_radius(value, largest, smallest_px=4.0, largest_px=18.0):
    """The radius of a customer's symbol: its area grows with the value (sales or potential)."""
    if not largest or not value or value <= 0:
        return smallest_px
    return smallest_px + (largest_px - smallest_px) * math.sqrt(min(value, largest) / largest)
