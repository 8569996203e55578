"""Which partner an incoming DMS customer is, and how sure we are.

Rules, strongest first: the DMS customer id already bound to a partner, the e-mail address, the
phone number (normalised to E.164 with `phonenumbers`), the name with the postal code. Each rule
has a confidence; when several partners or several rules disagree the confidence drops. A match
below THRESHOLD is not trusted: the moment waits in the reconciliation queue until a manager
decides. The per-record importer and the bulk importer both ask a CustomerIndex.
"""
import re
import unicodedata

import phonenumbers

CONFIDENCE = {"binding": 1.0, "email": 0.9, "phone": 0.8, "name_zip": 0.6}
THRESHOLD = 0.75
# a candidate this likely is probably the same person: "create a new customer" warns about it
WARN_THRESHOLD = 0.5
DEFAULT_REGION = "NL"


def email_key(email):
    text = (email or "").strip().lower()
    return text if re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", text) else ""


def phone_key(phone, region=DEFAULT_REGION):
    """E.164 form of a phone number ("+31612345678"), or "" when it is no valid number."""
    if not phone or not str(phone).strip():
        return ""
    try:
        number = phonenumbers.parse(str(phone), region)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def name_zip_key(first_name, last_name, zip_code):
    name = " ".join(filter(None, (first_name, last_name)))
    decomposed = unicodedata.normalize("NFKD", name)
    folded = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    words = " ".join(sorted(re.sub(r"[^\w]+", " ", folded).split()))
    zip_folded = re.sub(r"[\s\-]+", "", zip_code or "").lower()
    return "%s|%s" % (words, zip_folded) if words and zip_folded else ""


class Match(object):
    """The outcome of matching one customer: partner id (or None), confidence, rule, candidates."""

    __slots__ = ("partner_id", "confidence", "rule", "candidate_ids", "scores")

    def __init__(self, partner_id=None, confidence=0.0, rule="", candidate_ids=(), scores=()):
        self.partner_id = partner_id
        self.confidence = confidence
        self.rule = rule
        self.candidate_ids = tuple(candidate_ids)
        # (partner id, confidence, rule) of every candidate, best first
        self.scores = tuple(scores)

    @property
    def trusted(self):
        return self.partner_id is not None and self.confidence >= THRESHOLD

    def __repr__(self):
        return "Match(%r, %.2f, %r)" % (self.partner_id, self.confidence, self.rule)


class CustomerIndex(object):
    """Look-up tables from the partners we know to their ids, one per rule."""

    def __init__(self, region=DEFAULT_REGION):
        self.region = region
        self.by_rule = {"binding": {}, "email": {}, "phone": {}, "name_zip": {}}

    def add_binding(self, external_id, partner_id):
        if external_id:
            self.by_rule["binding"].setdefault(str(external_id), set()).add(partner_id)

    def add_partner(self, partner_id, email="", phones=(), first_name="", last_name="", zip_code=""):
        keys = {"email": [email_key(email)], "phone": [phone_key(phone, self.region) for phone in phones],
                "name_zip": [name_zip_key(first_name, last_name, zip_code)]}
        for rule, values in keys.items():
            for value in values:
                if value:
                    self.by_rule[rule].setdefault(value, set()).add(partner_id)

    def keys_of(self, customer):
        """The look-up key per rule of an incoming customer (our normalised schema)."""
        return {
            "binding": str(customer.get("external_id") or ""),
            "email": email_key(customer.get("email")),
            "phone": [key for key in (phone_key(customer.get("phone"), self.region),
                                      phone_key(customer.get("mobile"), self.region)) if key],
            "name_zip": name_zip_key(customer.get("first_name"), customer.get("last_name"), customer.get("zip")),
        }

    def match(self, customer):
        """The best partner for an incoming customer.

        A rule that finds several partners is ambiguous: its confidence is halved. Rules that agree
        on the same partner add a little certainty; a stronger rule that points elsewhere wins.
        """
        bound = self.by_rule["binding"].get(str(customer.get("external_id") or ""), ())
        if len(bound) == 1:
            # the strongest rule, unambiguous: nothing else can outrank it
            return Match(next(iter(bound)), CONFIDENCE["binding"], "binding", tuple(bound))
        keys = self.keys_of(customer)
        scores = {}
        for rule in ("binding", "email", "phone", "name_zip"):
            values = keys[rule] if isinstance(keys[rule], list) else [keys[rule]]
            found = set()
            for value in values:
                if value:
                    found |= self.by_rule[rule].get(value, set())
            if not found:
                continue
            confidence = CONFIDENCE[rule] / (2 if len(found) > 1 else 1)
            for partner_id in found:
                best, rules = scores.get(partner_id, (0.0, []))
                scores[partner_id] = (max(best, confidence) + (0.05 if best else 0.0), rules + [rule])
        if not scores:
            return Match()
        ranked = sorted(scores.items(), key=lambda item: (-item[1][0], item[0]))
        partner_id, (confidence, rules) = ranked[0]
        return Match(partner_id, round(min(confidence, 1.0), 2), "+".join(rules),
                     [candidate for candidate, _score in ranked],
                     [(candidate, round(min(score, 1.0), 2), "+".join(found_rules))
                      for candidate, (score, found_rules) in ranked])
