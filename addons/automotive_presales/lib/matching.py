"""Duplicate detection: fold phone numbers, e-mail addresses and names into comparable keys.

Two records are likely the same customer when one of their keys is equal. A key is an empty
string when the value is too thin to identify anybody (no digits, no "@", a name without zip);
empty keys never match.
"""
import re
import unicodedata

# A number shorter than this (after folding) is an extension or a typo, not a customer.
MIN_PHONE_DIGITS = 8


def phone_key(phone, default_calling_code):
    """Return the international digits of a phone number: "06-12345678" and "+31 6 1234 5678"
    both give "31612345678" when the default calling code is 31.

    A number with "+" or "00" in front is international already; a national number drops its
    trunk "0" and gets the default calling code.
    """
    if not phone:
        return ""
    text = phone.strip()
    digits = re.sub(r"\D", "", text)
    calling_code = re.sub(r"\D", "", str(default_calling_code or ""))
    if text.startswith("+"):
        key = digits
    elif digits.startswith("00"):
        key = digits[2:]
    elif digits.startswith("0") and calling_code:
        key = calling_code + digits[1:]
    else:
        key = digits
    return key if len(key) >= MIN_PHONE_DIGITS else ""


def email_key(email):
    """Return the address trimmed and in lower case, without a display name around it."""
    if not email:
        return ""
    text = email.strip().lower()
    bracketed = re.search(r"<([^<>]+)>", text)
    if bracketed:
        text = bracketed.group(1).strip()
    return text if re.match(r"^[^@\s]+@[^@\s]+$", text) else ""


def name_key(name):
    """Fold case, accents, punctuation and extra spaces, and ignore word order, so that
    "  José  van der BERG" equals "Berg, Jose van der"."""
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = re.sub(r"[^\w]+", " ", without_accents.casefold()).split()
    return " ".join(sorted(words))


def zip_key(zip_code):
    """Return the postal code without spaces or dashes, in lower case ("1234 AB" = "1234ab")."""
    if not zip_code:
        return ""
    return re.sub(r"[\s\-]+", "", zip_code).lower()


def name_zip_key(name, zip_code):
    """Return "name|zip", or "" when either part is missing: a name alone is too common."""
    folded_name, folded_zip = name_key(name), zip_key(zip_code)
    if not folded_name or not folded_zip:
        return ""
    return "%s|%s" % (folded_name, folded_zip)


def customer_keys(name, zip_code, phone, mobile, email, default_calling_code):
    """Return the four keys of a customer record: phone_key, mobile_key, email_key, name_zip_key."""
    return {
        "phone_key": phone_key(phone, default_calling_code),
        "mobile_key": phone_key(mobile, default_calling_code),
        "email_key": email_key(email),
        "name_zip_key": name_zip_key(name, zip_code),
    }


def match_terms(keys):
    """Return the (key field, values) pairs another record must share one of to be a duplicate.

    A phone number matches the other record's phone or mobile; empty keys are left out, so a
    record without any key matches nothing.
    """
    phones = sorted({keys.get("phone_key"), keys.get("mobile_key")} - {"", None, False})
    terms = []
    if phones:
        terms += [("phone_key", phones), ("mobile_key", phones)]
    for field in ("email_key", "name_zip_key"):
        if keys.get(field):
            terms.append((field, [keys[field]]))
    return terms
