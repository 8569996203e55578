"""Cells a spreadsheet would run: a text that starts like a formula is exported as plain text.

Excel, LibreOffice and Google Sheets read a CSV cell that starts with =, +, - or @ as a formula
(and a leading tab or carriage return hides such a start), so a customer's name typed as
`=HYPERLINK(...)` or `@SUM(...)` would run on the computer of whoever opens the export
(OWASP: CSV injection). Prefixing a quote makes the spreadsheet show the text as typed.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """`value` as a cell that no spreadsheet runs: texts starting like a formula get a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
