"""The text of a PDF made by wkhtmltopdf, read with PyPDF2.

wkhtmltopdf writes text as glyph ids of embedded font subsets; PyPDF2's extractText() does not
apply the fonts' /ToUnicode maps and returns nothing. This reads those maps and the page's text
operators (Tf, Tj, TJ) so a test can check what a reader sees on paper.
"""
import re

from PyPDF2.pdf import ContentStream

_HEX = r"<([0-9A-Fa-f]+)>"


def _unicode_map(font):
    """{code: text} from a font's /ToUnicode CMap (bfchar and bfrange entries)."""
    mapping = {}
    if "/ToUnicode" not in font:
        return mapping
    cmap = font["/ToUnicode"].getObject().getData().decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for source, target in re.findall(_HEX + r"\s*" + _HEX, block):
            mapping[int(source, 16)] = bytes.fromhex(target).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        # <start> <end> <first target>, or <start> <end> [<target> <target> ...]
        for start, end, target in re.findall(_HEX + r"\s*" + _HEX + r"\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block):
            codes = range(int(start, 16), int(end, 16) + 1)
            if target.startswith("["):
                targets = [bytes.fromhex(value).decode("utf-16-be", "replace")
                           for value in re.findall(_HEX, target)]
                mapping.update(zip(codes, targets))
            else:
                first = int(target[1:-1], 16)
                mapping.update((code, chr(first + offset)) for offset, code in enumerate(codes))
    return mapping


def _decode(raw, mapping, width):
    data = raw if isinstance(raw, bytes) else raw.encode("latin-1")
    codes = [int.from_bytes(data[index:index + width], "big") for index in range(0, len(data), width)]
    return "".join(mapping.get(code, "") for code in codes)


def page_text(page, reader):
    fonts = page["/Resources"].getObject().get("/Font", {})
    maps = {name: _unicode_map(font.getObject()) for name, font in fonts.items()}
    widths = {name: 2 if font.getObject().get("/Subtype") == "/Type0" else 1 for name, font in fonts.items()}
    content = ContentStream(page.getContents(), reader)
    words, font = [], None
    for operands, operator in content.operations:
        if operator == b"Tf":
            font = operands[0]
        elif operator == b"Tj" and font in maps:
            words.append(_decode(operands[0], maps[font], widths[font]))
        elif operator == b"TJ" and font in maps:
            words.append("".join(_decode(part, maps[font], widths[font])
                                 for part in operands[0] if not isinstance(part, (int, float))
                                 and not hasattr(part, "as_numeric")))
        elif operator in (b"ET", b"T*"):
            words.append(" ")
    # wkhtmltopdf maps the space glyph to a tab
    return " ".join("".join(words).replace("\t", " ").split())


def pdf_text(reader):
    return " ".join(page_text(reader.getPage(index), reader) for index in range(reader.getNumPages()))
