"""What the access export and the erasure do with each model that holds a person's data.

The registry is enumerated (models/privacy_registry.py `_census`): every stored model with a link
to a person (a many2one or many2many to res.partner or crm.lead) or a field that looks personal
(`looks_personal`) must be declared here, each such field named in its declaration as a link,
a personal field or a field kept on purpose. The census test fails on anything new; declaring a
model is one entry below.

Modes:
- OWNER: the person's own record (res.partner): kept as an empty shell so that counts and links
  stay, its personal fields replaced; with invoices the law keeps, name and address stay until then.
- ANONYMISE: the records stay for the statistics (phase, dates, branch, salesperson) and lose
  the person: the personal fields are replaced, the `detach` many2many links to the person cut.
- DELETE: the person's records go (their bank accounts, chat memberships, DMS bindings...).
- RETAIN: kept by law within the retention period (invoices, orders, their lines and payments),
  anonymised like ANONYMISE after it.
- DOCUMENT: attached to the person's records by (model, res_id): messages, files, activities,
  followers; `document` names those two fields.
- DERIVED: SQL views and reports computed from other tables: nothing of their own to erase.
- UNRELATED: the links or fields hold no customer's data (the dealer's own companies, users,
  suppliers, templates); `why` says so.

Replacement values: None is NULL; a string may name the partner's id as %(id)s.
"""
import collections
import re

OWNER = "owner"
ANONYMISE = "anonymise"
DELETE = "delete"
RETAIN = "retain"
DOCUMENT = "document"
DERIVED = "derived"
UNRELATED = "unrelated"
MODES = (OWNER, ANONYMISE, DELETE, RETAIN, DOCUMENT, DERIVED, UNRELATED)

ANONYMOUS = "Anonymised"
ANONYMOUS_PERSON = "Anonymised customer %(id)s"

# Field names that hold a person's contact data or identity wherever they appear.
PERSONAL_NAME = re.compile(
    r"(^|_)(e?mail|email_from|email_to|email_cc|reply_to|sent_to|phone|mobile|fax|street2?|zip|city|address|"
    r"firstname|lastname|plate|license_plate|vin|vin_sn|birth\w*|iban|acc_number|vat|payload)$"
    r"|(^|_)licen[cs]e(_|$)"
    r"|^(partner|contact|customer|lead|common|record|res|company|commercial_company)_name$"
    r"|^(email|phone|mobile|name_zip)_key$|^(contact_lastname|display_name)$")
# Free text in which people write about people: personal where the model links to a person.
FREE_TEXT_NAME = re.compile(r"(^|_)(description|summary|notes?|comment|feedback|body|body_html|subject|signature|"
                            r"function|website)$")

Declaration = collections.namedtuple("Declaration", "mode links personal kept detach match match_name document why")


def declare(mode, links=(), personal=None, kept=(), detach=(), match=(), match_name=False, document=None, why=""):
    """match: text fields searched for the person's e-mail and DMS ids (and their full name when
    match_name: only where a namesake's record may go too, as an outgoing mail naming them)."""
    if mode not in MODES:
        raise ValueError("unknown mode %r" % (mode,))
    return Declaration(mode, tuple(links), dict(personal or {}), tuple(kept), tuple(detach), tuple(match),
                       match_name, document, why)


def looks_personal(field_name, linked=False):
    """A char, text or html field of this name may hold a person's data: contact data anywhere,
    free text in a model that links to a person (`linked`)."""
    return bool(PERSONAL_NAME.search(field_name) or (linked and FREE_TEXT_NAME.search(field_name)))


def census_gaps(found, declared):
    """What the registry holds that no declaration covers.

    found: {model: (link fields, personal-looking fields)}; declared: {model: Declaration}.
    Returns one sentence per gap, empty when every model and field is declared.
    """
    gaps = []
    for model, (links, personal) in sorted(found.items()):
        declaration = declared.get(model)
        if declaration is None:
            gaps.append("%s is not declared (links to a person: %s; personal-looking fields: %s)" % (
                model, ", ".join(sorted(links)) or "none", ", ".join(sorted(personal)) or "none"))
            continue
        named = set(declaration.links) | set(declaration.personal) | set(declaration.kept) | set(declaration.detach)
        missing = (set(links) | set(personal)) - named
        if missing:
            gaps.append("%s: fields %s are not declared (as link, personal or kept)" % (
                model, ", ".join(sorted(missing))))
        if declaration.mode in (ANONYMISE, DELETE, RETAIN, OWNER) and not declaration.links \
                and not declaration.match:
            gaps.append("%s: declared %s but names no link to find the person's records" % (
                model, declaration.mode))
    return gaps


# the partner's fields that invoices within the retention period still need
IDENTITY = ("name", "display_name", "firstname", "lastname", "street", "street2", "zip", "city",
            "commercial_company_name", "company_name", "vat", "name_zip_key")

_FISCAL = "kept by law with the invoices (lib/retention.py), anonymised after"
_VIEW = "a report read from other tables: erasing those erases its rows"
_SALES_UP = "a record of the sales up: it stays for the statistics, linked to the anonymised person"

DECLARATIONS = {
    # ---- the person and their sales ups (automotive_presales, crm, base) ----
    "res.partner": declare(OWNER, links=("commercial_partner_id", "parent_id"), personal={
        "name": ANONYMOUS_PERSON, "display_name": ANONYMOUS_PERSON, "lastname": ANONYMOUS_PERSON,
        "firstname": None, "email": None, "phone": None, "mobile": None, "street": None, "street2": None,
        "zip": None, "city": None, "state_id": None, "title": None, "function": None, "website": None,
        "comment": None, "vat": None, "ref": None, "company_name": None, "commercial_company_name": None,
        "email_key": None, "phone_key": None, "mobile_key": None, "name_zip_key": None, "signup_token": None},
        why="the person's own record: an empty shell stays so that sales ups and moments keep their counts"),
    "crm.lead": declare(ANONYMISE, links=("partner_id",), personal={
        "name": "Anonymised sales up", "contact_name": None, "contact_lastname": None, "partner_name": None,
        "email_from": None, "email_cc": None, "phone": None, "mobile": None, "street": None, "street2": None,
        "zip": None, "city": None, "state_id": None, "title": None, "function": None, "website": None,
        "description": None, "referred": None, "email_key": None, "phone_key": None, "mobile_key": None,
        "name_zip_key": None, "bogus_note": None},
        why="phase, dates, branch, salesperson, source and outcome stay for the monitor"),
    "presales.contact.moment": declare(ANONYMISE, links=("partner_id", "lead_id"), personal={
        "summary": ANONYMOUS, "privacy_confirm_reason": None},
        why="kind, channel, phase, time, branch and salesperson stay for the monitor"),
    "presales.test.drive": declare(ANONYMISE, links=("partner_id", "lead_id"), personal={
        "name": "Test drive", "licence_number": None, "licence_expiry": None, "feedback": None,
        "licence_photo_name": None},
        why="the car, time and salesperson stay (the car's use); the licence data goes (the photo is a file of "
            "the drive: it goes with the files)"),
    "presales.desired.vehicle": declare(ANONYMISE, links=("partner_id", "lead_id"), personal={"notes": None},
                                        why="make, model and price stay for the demand figures"),
    "presales.trade.in": declare(ANONYMISE, links=("lead_id",), personal={"notes": None}, kept=("vin",),
                                 why="the car traded in stays with its VIN: it is the dealer's car now"),
    "presales.finance.quote": declare(ANONYMISE, links=("lead_id",), why=_SALES_UP),
    "presales.sales.step": declare(ANONYMISE, links=("lead_id",), why=_SALES_UP),
    "presales.assignment.log": declare(ANONYMISE, links=("lead_id",), why=_SALES_UP),
    "presales.attribution.change": declare(ANONYMISE, links=("lead_id",), personal={
        "lead_name": "Anonymised sales up"}, why="the source change stays for the source figures"),
    "presales.showroom.visit": declare(ANONYMISE, links=("partner_id", "lead_id"), personal={
        "name": "Showroom visit", "walk_in_name": None, "note": None},
        why="the floor's figures stay: when, how long, branch, salesperson and purpose; the visitor goes"),
    "presales.stock.vehicle": declare(ANONYMISE, links=("reserved_lead_id",), kept=("vin",),
                                      why="the dealer's stock car; its VIN is the car's, not the person's"),
    "dealer.consent": declare(ANONYMISE, links=("partner_id", "lead_id"), personal={"reason": None},
                              why="the proof of consent stays (GDPR art. 7(1)); the salesperson's note goes"),
    "dealer.privacy.log": declare(ANONYMISE, links=("partner_id",),
                                  why="accountability (GDPR art. 5(2)): who did what, naming only the shell"),
    "dealer.privacy.retention": declare(ANONYMISE, links=("partner_id",),
                                        why="the review list's line says the prospect was anonymised"),
    # ---- configurator: offers, configurations, fleet projects ----
    "presales.offer": declare(ANONYMISE, links=("lead_id", "partner_id"), personal={
        "approval_note": None, "sent_to": None},
                              why="amounts and state stay for the figures; its PDF goes with the files"),
    "presales.vehicle.configuration": declare(
        ANONYMISE, links=("lead_id", "partner_id"), kept=("description",),
        why="the configured car (its description names the car only)"),
    "presales.deposit": declare(RETAIN, links=("lead_id", "partner_id"), personal={"reference": None},
                                why="money received on an offer or order: " + _FISCAL),
    "presales.project.group": declare(ANONYMISE, links=("partner_id",), personal={"name": "Anonymised project"},
                                      why="a customer's offers grouped (named after the customer by default)"),
    "presales.sub.project": declare(ANONYMISE, links=("lead_id", "partner_id"), why="a fleet customer's project"),
    # ---- agenda ----
    "calendar.event": declare(ANONYMISE, links=("opportunity_id", "presales_lead_id", "partner_ids"),
                              personal={"name": "Appointment", "description": None, "location": None},
                              detach=("partner_ids",), why="the salesperson's time stays booked, without the person"),
    "calendar.attendee": declare(DELETE, links=("partner_id",), personal={"common_name": None, "email": None}),
    "calendar.contacts": declare(DELETE, links=("partner_id",)),
    # ---- documents: messages, mails, files, activities ----
    "mail.message": declare(DOCUMENT, document=("model", "res_id"), links=(
        "author_id", "partner_ids", "needaction_partner_ids", "starred_partner_ids"), personal={
        "body": "", "email_from": None, "record_name": None, "reply_to": None, "subject": None},
        detach=("partner_ids", "needaction_partner_ids", "starred_partner_ids"),
        why="what was written goes; the trace of a change (a stage moved) stays without personal values"),
    "mail.mail": declare(DOCUMENT, document=("model", "res_id"), links=("recipient_ids",), personal={
        "body_html": None, "email_cc": None, "email_to": None}, match=("email_to", "body_html"), match_name=True,
        why="outgoing mails to or about the person (an invitation to a colleague names them)"),
    "ir.attachment": declare(DOCUMENT, document=("res_model", "res_id"), personal={"res_name": None},
                             match=("index_content",), why="files of the person's records, and files naming them"),
    "mail.activity": declare(DOCUMENT, document=("res_model", "res_id"), personal={
        "res_name": None, "note": None, "summary": None}, why="planned to-dos about an erased person"),
    "mail.followers": declare(DELETE, links=("partner_id",), why="the person following records"),
    "mail.notification": declare(DELETE, links=("res_partner_id",)),
    "mail.channel.partner": declare(DELETE, links=("partner_id",)),
    "mail.channel": declare(ANONYMISE, links=("channel_partner_ids",), kept=("description",),
                            why="chat channels stay; the person's membership goes (mail.channel.partner)"),
    "privacy.consent": declare(DELETE, links=("partner_id",),
                               why="the web form's request; its answers are in the consent ledger"),
    # ---- money: kept by law ----
    "sale.order": declare(RETAIN, links=("partner_id", "partner_invoice_id", "partner_shipping_id", "opportunity_id"),
                          personal={"note": None, "client_order_ref": None}, why=_FISCAL),
    "sale.order.line": declare(RETAIN, links=("order_partner_id",), why=_FISCAL),
    "account.invoice": declare(RETAIN, links=("partner_id", "commercial_partner_id", "partner_shipping_id"),
                               personal={"comment": None}, why=_FISCAL),
    "account.invoice.line": declare(RETAIN, links=("partner_id",), why=_FISCAL),
    "account.move": declare(RETAIN, links=("partner_id",), why=_FISCAL),
    "account.move.line": declare(RETAIN, links=("partner_id",), why=_FISCAL),
    "account.payment": declare(RETAIN, links=("partner_id",), why=_FISCAL),
    "account.bank.statement.line": declare(RETAIN, links=("partner_id",), personal={
        "note": None, "partner_name": None}, why=_FISCAL),
    "account.analytic.account": declare(RETAIN, links=("partner_id",), why=_FISCAL),
    "account.analytic.line": declare(RETAIN, links=("partner_id",), why=_FISCAL),
    "payment.transaction": declare(RETAIN, links=("partner_id",), personal={
        "partner_address": None, "partner_city": None, "partner_email": None, "partner_name": None,
        "partner_phone": None, "partner_zip": None}, why=_FISCAL),
    "payment.token": declare(DELETE, links=("partner_id",)),
    "res.partner.bank": declare(DELETE, links=("partner_id",), personal={"acc_number": None,
                                                                         "sanitized_acc_number": None}),
    # ---- the DMS link ----
    "dms.partner.binding": declare(DELETE, links=("odoo_id",),
                                   why="the DMS's id of the person; the DMS is told before it goes"),
    "dms.customer.vehicle": declare(DELETE, links=("partner_id",), personal={"vin": None},
                                    why="the cars the DMS says the person owns or drives"),
    "dms.reconciliation.candidate": declare(DELETE, links=("partner_id",),
                                            why="the person as a candidate of a DMS record to reconcile"),
    "dms.lead.binding": declare(ANONYMISE, links=("odoo_id",), why="the DMS's id of the sales up (no person data)"),
    "dms.reconciliation": declare(DELETE, links=("partner_id", "suggested_partner_id"), personal={
        "payload": None, "customer_email": None, "customer_name": None, "customer_phone": None,
        "customer_zip": None}, match=("payload", "customer_email")),
    "dms.quarantine": declare(DELETE, personal={"payload": None}, match=("payload",),
                              why="raw DMS records waiting for a retry that name the person"),
    "dms.outbound.message": declare(DOCUMENT, document=("res_model", "res_id"), personal={
        "name": ANONYMOUS_PERSON, "payload": "{}", "external_id": None},
        why="what we told a DMS about the person's records: the trace stays, without them; what waits "
            "is not sent (the erasure notice excepted)"),
    # ---- derived: views and reports ----
    "account.invoice.report": declare(DERIVED, links=("partner_id", "commercial_partner_id"), why=_VIEW),
    "crm.activity.report": declare(DERIVED, links=("author_id", "lead_id", "partner_id"), kept=("subject",), why=_VIEW),
    "crm.opportunity.report": declare(DERIVED, links=("partner_id",), kept=("city",), why=_VIEW),
    "sale.report": declare(DERIVED, links=("partner_id", "commercial_partner_id"), why=_VIEW),
    "report.all.channels.sales": declare(DERIVED, links=("partner_id",), why=_VIEW),
    "presales.sales.step.report": declare(DERIVED, links=("lead_id",), why=_VIEW),
    "sales_monitor.activity.report": declare(DERIVED, links=("lead_id", "partner_id"), kept=("summary",), why=_VIEW),
    "sales_monitor.client.report": declare(DERIVED, links=("partner_id",), kept=(
        "city", "email", "mobile", "phone", "zip"), why=_VIEW),
    "sales_monitor.conversion.report": declare(DERIVED, links=("lead_id",), why=_VIEW),
    "sales_monitor.loss.report": declare(DERIVED, links=("lead_id",), why=_VIEW),
    "sales_monitor.replacement.radar": declare(DERIVED, links=("partner_id",), why=_VIEW),
    "sales_monitor.moment.report": declare(DERIVED, links=("lead_id", "partner_id"), why=_VIEW),
    "sales_monitor.opportunity.report": declare(DERIVED, links=("lead_id", "partner_id"), why=_VIEW),
    "sales_monitor.phase.time.report": declare(DERIVED, links=("lead_id",), why=_VIEW),
    # ---- not customers' data ----
    "res.users": declare(UNRELATED, links=("partner_id",), kept=("signature",),
                         why="employees: their partner is no customer (privacy_anonymise refuses it)"),
    "res.company": declare(UNRELATED, links=("partner_id",), kept=("email", "phone", "sale_note"),
                           why="the dealer's own legal entities"),
    "res.bank": declare(UNRELATED, kept=("city", "email", "phone", "street", "street2", "zip"), why="banks"),
    "res.partner.category": declare(UNRELATED, links=("partner_ids",),
                                    why="customer groups (tags): the statistics count them on the shell"),
    "crm.team": declare(UNRELATED, kept=("reply_to",), why="a branch's reply-to address"),
    "mail.template": declare(UNRELATED, kept=("email_cc", "email_from", "email_to", "reply_to"),
                             why="templates hold placeholders, not addresses"),
    "mail.test.simple": declare(UNRELATED, kept=("email_from",), why="Odoo's own test model, never used"),
    "ir.actions.server": declare(UNRELATED, links=("partner_ids",), why="followers a server action adds: users"),
    "privacy.activity": declare(UNRELATED, links=("controller_id", "processor_ids"), kept=("description",),
                                why="the processing activities: controllers and processors are companies"),
    "presales.finance.provider": declare(UNRELATED, links=("partner_id",),
                                         why="banks and lessors the dealer finances through"),
    "product.supplierinfo": declare(UNRELATED, links=("name",), why="vendors of products"),
    "fleet.vehicle": declare(UNRELATED, links=("driver_id",), kept=("license_plate", "vin_sn"),
                             why="the dealer's demo and courtesy cars; drivers are employees"),
    "fleet.vehicle.model": declare(UNRELATED, links=("vendors",), why="vendors of car models"),
    "fleet.vehicle.log.contract": declare(UNRELATED, links=("insurer_id", "purchaser_id"), kept=("notes",),
                                          why="the dealer's own fleet costs"),
    "fleet.vehicle.log.fuel": declare(UNRELATED, links=("purchaser_id", "vendor_id"), kept=("notes",),
                                      why="the dealer's own fleet costs"),
    "fleet.vehicle.log.services": declare(UNRELATED, links=("purchaser_id", "vendor_id"), kept=("notes",),
                                          why="the dealer's own fleet costs"),
}
