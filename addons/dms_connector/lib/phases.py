"""DMS moment type codes and the funnel phase each one lands in.

The table itself is data (the `dms.moment.type` records a director edits, seeded from the funnel's
standard moment types of automotive_presales); this module holds the rule that applies it. A code
the table does not know is never guessed: the moment goes to quarantine until somebody maps the code.
"""


class UnknownTypeCode(ValueError):
    """A moment type code the backend's mapping table does not hold."""

    def __init__(self, code, backend_code):
        self.code = code
        self.backend_code = backend_code
        super().__init__("unknown type code %s for backend %s" % (code, backend_code))


def normalize_code(code):
    """Type codes compare trimmed and in upper case: "call_out " is CALL_OUT."""
    return str(code or "").strip().upper()


def resolve(code, table, backend_code):
    """Return the table's entry for a type code, or raise UnknownTypeCode.

    `table` maps normalised codes to whatever the caller stores per code (a (kind, phase id)
    pair for the importers).
    """
    key = normalize_code(code)
    if not key or key not in table:
        raise UnknownTypeCode(key or repr(code), backend_code)
    return table[key]
