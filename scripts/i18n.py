"""Translations of our addons: check that no term is left untranslated, and fill a .po file.

    i18n.py check ADDON [ADDON ...]      (make lint; scripts/stack.sh lint passes I18N_ADDONS)
    i18n.py fill PO_FILE TERMS.py        (msgstr from TERMS.py's TRANSLATIONS = {msgid: msgstr})

An addon's terms are its `i18n/<addon>.pot`, exported from a database by Odoo itself
(`scripts/stack.sh i18n-export ADDON`); `test_translations` of dealer_floor proves the .pot holds
exactly what Odoo extracts today, so this check cannot pass on a stale .pot. For each language
file `i18n/<lang>.po` of the checked addons (Dutch, `nl.po`, is required), every term of the .pot
must have a translation that is not fuzzy, not the source itself (single words such as "CRM" may
stay, and so may the names of the addon's demo records: makes, versions, colours are proper names),
and keeps the term's placeholders (%s, %(name)s, %r), and the .po holds no term the .pot
no longer has.
"""
import ast
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQUIRED_LANGUAGES = ("nl",)
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrfiexXgGc%]")


class PoEntry:
    def __init__(self):
        self.msgid = None
        self.msgstr = None
        self.flags = set()
        self.lineno = 0
        self.references = []


def _unquote(text):
    return ast.literal_eval(text)


def read_po(path):
    """The entries of a .po file (msgid, msgstr, flags), in order; the header is left out."""
    entries, entry, target = [], PoEntry(), None
    with open(path, encoding="utf-8") as handle:
        for lineno, raw in enumerate(handle, 1):
            line = raw.strip()
            if not line:
                if entry.msgid is not None:
                    entries.append(entry)
                entry, target = PoEntry(), None
                continue
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#:"):
                entry.references.extend(line[2:].split())
            elif line.startswith("#"):
                continue
            elif line.startswith("msgid "):
                entry.msgid, entry.lineno, target = _unquote(line[6:]), lineno, "msgid"
            elif line.startswith("msgstr "):
                entry.msgstr, target = _unquote(line[7:]), "msgstr"
            elif line.startswith('"') and target:
                setattr(entry, target, getattr(entry, target) + _unquote(line))
    if entry.msgid is not None:
        entries.append(entry)
    return [entry for entry in entries if entry.msgid]


def placeholders(text):
    return sorted(match for match in PLACEHOLDER.findall(text) if match != "%%")


def demo_records(addon):
    """The xml ids (addon.id) of the records the addon's demo files define."""
    folder = os.path.join(ROOT, "addons", addon)
    with open(os.path.join(folder, "__manifest__.py"), encoding="utf-8") as handle:
        manifest = ast.literal_eval(handle.read())
    found = set()
    for name in manifest.get("demo", []):
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            found.update(re.findall(r'<record\b[^>]*\bid="([^"]+)"', handle.read()))
    return {record if "." in record else "%s.%s" % (addon, record) for record in found}


def only_demo_names(term, demo):
    """A term that only names demo records (model:product.template,name:addon.xml_id ...)."""
    return bool(term.references) and all(
        reference.startswith("model:") and reference.split(":", 2)[2] in demo for reference in term.references)


def check_addon(addon):
    """The problems of one addon's translations, as 'file:line: problem' lines."""
    folder = os.path.join(ROOT, "addons", addon, "i18n")
    template = os.path.join(folder, "%s.pot" % addon)
    if not os.path.isfile(template):
        return ["addons/%s/i18n/%s.pot: missing (scripts/stack.sh i18n-export %s makes it)" % (addon, addon, addon)]
    terms = {entry.msgid: entry for entry in read_po(template)}
    demo = demo_records(addon)
    problems = []
    languages = sorted(name[:-3] for name in os.listdir(folder) if name.endswith(".po"))
    for language in REQUIRED_LANGUAGES:
        if language not in languages:
            problems.append("addons/%s/i18n/%s.po: missing" % (addon, language))
    for language in languages:
        relative = "addons/%s/i18n/%s.po" % (addon, language)
        translated = {entry.msgid: entry for entry in read_po(os.path.join(folder, language + ".po"))}
        for msgid, term in terms.items():
            entry = translated.get(msgid)
            where = "%s (term of line %d of the .pot)" % (relative, term.lineno)
            if entry is None:
                problems.append("%s: untranslated %r" % (where, msgid))
            elif not entry.msgstr:
                problems.append("%s:%d: empty translation of %r" % (relative, entry.lineno, msgid))
            elif entry.msgstr == msgid and len(re.findall(r"[^\W\d_]{2,}", msgid)) > 1 \
                    and not only_demo_names(term, demo):
                # Odoo exports an untranslated term with its source as translation; a single word
                # (CRM, WhatsApp, km) may stay the same, a sentence may not
                problems.append("%s:%d: not translated (same as the source) %r" % (relative, entry.lineno, msgid))
            elif "fuzzy" in entry.flags:
                problems.append("%s:%d: fuzzy translation of %r" % (relative, entry.lineno, msgid))
            elif placeholders(msgid) != placeholders(entry.msgstr):
                problems.append("%s:%d: placeholders %s of %r became %s" % (
                    relative, entry.lineno, placeholders(msgid), msgid, placeholders(entry.msgstr)))
        for msgid, entry in translated.items():
            if msgid not in terms:
                problems.append("%s:%d: %r is no longer a term of the addon" % (relative, entry.lineno, msgid))
    return problems


def fill(po_path, terms_path):
    """Put the translations of a {msgid: msgstr} dict into an Odoo-exported .po file."""
    namespace = {}
    with open(terms_path, encoding="utf-8") as handle:
        exec(compile(handle.read(), terms_path, "exec"), namespace)  # pylint: disable=exec-used
    translations = namespace["TRANSLATIONS"]
    with open(po_path, encoding="utf-8") as handle:
        blocks = handle.read().split("\n\n")
    result = []
    for block in blocks:
        entry = read_po_block(block)
        if entry is not None and entry.msgid in translations and entry.msgstr in ("", entry.msgid):
            head = block[:block.index("\nmsgstr ")]
            block = head + "\nmsgstr " + po_quote(translations[entry.msgid])
        result.append(block)
    with open(po_path, "w", encoding="utf-8") as handle:
        handle.write("\n\n".join(result))


def read_po_block(block):
    lines = [line for line in block.splitlines() if line.strip()]
    entry, target = PoEntry(), None
    for line in lines:
        if line.startswith("msgid "):
            entry.msgid, target = _unquote(line[6:]), "msgid"
        elif line.startswith("msgstr "):
            entry.msgstr, target = _unquote(line[7:]), "msgstr"
        elif line.startswith('"') and target:
            setattr(entry, target, getattr(entry, target) + _unquote(line))
    return entry if entry.msgid else None


def po_quote(text):
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    parts = escaped.split("\n")
    if len(parts) == 1:
        return '"%s"' % parts[0]
    lines = ['"%s\\n"' % part for part in parts[:-1]] + (['"%s"' % parts[-1]] if parts[-1] else [])
    return '""\n' + "\n".join(lines)


def main(argv):
    if len(argv) >= 2 and argv[0] == "check":
        problems = [problem for addon in argv[1:] for problem in check_addon(addon)]
        for problem in problems:
            sys.stderr.write(problem + "\n")
        if problems:
            sys.stderr.write("%d translation problem(s) in %s\n" % (len(problems), ", ".join(argv[1:])))
            return 1
        return 0
    if len(argv) == 3 and argv[0] == "fill":
        fill(argv[1], argv[2])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
