import datetime

from odoo import api, fields, models
from odoo.tools import html2plaintext

from ..lib import declarations, retention
from ..lib.declarations import DELETE, DERIVED, DOCUMENT, OWNER, RETAIN, UNRELATED

# the records that stand for a person: links to these make a model hold the person's data
PERSON_MODELS = ("res.partner", "crm.lead")
# fields every export leaves out: Odoo's bookkeeping, not data about the person
EXPORT_SKIPPED = {"__last_update", "message_last_post", "password", "password_crypt", "signup_token"}
# documents the law keeps: invoices and orders (lib/retention.py), their date field
RETAINED_DOCUMENTS = {"account.invoice": ("date_invoice", [("state", "not in", ("draft", "cancel"))]),
                      "sale.order": ("confirmation_date", [("state", "in", ("sale", "done"))])}


class DealerPrivacyRegistry(models.AbstractModel):
    """Where a person's data lives, found by enumerating the registry.

    Every stored model is read for links to a person (a many2one or many2many to res.partner or
    crm.lead) and for fields that look personal (lib/declarations.looks_personal); each such model
    has a declaration (lib/declarations.DECLARATIONS) that says what the access export and the
    erasure do with it. `_census_gaps()` lists what a new model or field added without
    declaration; a test fails on it, so no model holding a person escapes the rights.
    """

    _name = "dealer.privacy.registry"
    _description = "Where personal data lives"

    # ---- the census ----

    @api.model
    def _census(self):
        """{model: (link fields, personal-looking fields)} of every stored model that has either."""
        found = {}
        for name in sorted(self.env.registry.models):
            Model = self.env[name]
            if Model._abstract or Model._transient:
                continue
            stored = [field for field in Model._fields.values() if field.store]
            links = {field.name for field in stored
                     if field.type in ("many2one", "many2many") and field.comodel_name in PERSON_MODELS}
            personal = {field.name for field in stored if field.type in ("char", "text", "html")
                        and declarations.looks_personal(field.name, bool(links))}
            if links or personal:
                found[name] = (links, personal)
        return found

    @api.model
    def _census_gaps(self):
        return declarations.census_gaps(self._census(), declarations.DECLARATIONS)

    # ---- the person's records ----

    @api.model
    def _identifiers(self, partner, with_name=False):
        """Strings that identify the person in raw payloads and files: e-mail and DMS ids, and with
        `with_name` their full name (which a namesake shares)."""
        values = {partner.email, partner.name if with_name and partner.name and len(partner.name) > 5 else None}
        if "dms.partner.binding" in self.env:
            values |= set(self.env["dms.partner.binding"].sudo().search(
                [("odoo_id", "=", partner.id)]).mapped("external_id"))
        return sorted(value for value in values if value and len(value) > 3)

    @api.model
    def _person_records(self, partner, retained=False):
        """{model: recordset (sudo, archived too)} of the person's records in every declared model
        that holds personal data, documents (messages, files, activities) included; with
        `retained`, the documents of the records the law keeps (an invoice's PDF and the mail it
        went out with) are left out: they are part of what is kept."""
        partner = partner.sudo().with_context(active_test=False)
        leads = self.env["crm.lead"].sudo().with_context(active_test=False).search([("partner_id", "=", partner.id)])
        targets = {"res.partner": partner.ids, "crm.lead": leads.ids}
        identifiers = {False: self._identifiers(partner), True: self._identifiers(partner, with_name=True)}
        result = {}
        for name, declaration in sorted(declarations.DECLARATIONS.items()):
            if name not in self.env or declaration.mode in (DERIVED, UNRELATED, DOCUMENT):
                continue
            Model = self.env[name].sudo().with_context(active_test=False)
            domain = []
            for link in declaration.links:
                comodel = Model._fields[link].comodel_name
                if targets.get(comodel):
                    domain = (["|"] if domain else []) + domain + [(link, "in", targets[comodel])]
            for field_name in declaration.match:
                for identifier in identifiers[declaration.match_name]:
                    domain = (["|"] if domain else []) + domain + [(field_name, "ilike", identifier)]
            if domain:
                records = Model.search(domain)
                if records:
                    result[name] = records
        for name, declaration in sorted(declarations.DECLARATIONS.items()):
            if name in self.env and declaration.mode == DOCUMENT:
                owners = {model: found for model, found in result.items()
                          if not (retained and declarations.DECLARATIONS[model].mode == RETAIN)}
                records = self._documents_of(name, declaration, owners, partner, identifiers)
                if records:
                    result[name] = records
        return result

    @api.model
    def _documents_of(self, name, declaration, records, partner, identifiers):
        """Records of a document model (messages, files, activities, followers) attached to the
        person's records, or linked to the person, or whose text names them (declaration.match)."""
        Model = self.env[name].sudo().with_context(active_test=False)
        model_field, id_field = declaration.document
        domain = []
        for model, found in records.items():
            domain = (["|"] if domain else []) + domain + ["&", (model_field, "=", model), (id_field, "in", found.ids)]
        for link in declaration.links:
            if Model._fields[link].comodel_name == "res.partner":
                domain = (["|"] if domain else []) + domain + [(link, "in", partner.ids)]
        for field_name in declaration.match:
            for identifier in identifiers[declaration.match_name]:
                domain = (["|"] if domain else []) + domain + [(field_name, "ilike", identifier)]
        if name == "ir.attachment" and domain:
            # Odoo hides the files of binary fields (a partner's photo) unless res_field is searched
            domain = domain + ["|", ("res_field", "=", False), ("res_field", "!=", False)]
        return Model.search(domain) if domain else Model.browse()

    # ---- access export ----

    @api.model
    def _export_value(self, field, value):
        if field.type == "many2one":
            return value and {"id": value[0], "name": value[1]}
        if field.type == "binary":
            return value.decode() if isinstance(value, bytes) else value
        if field.type == "html":
            return html2plaintext(value) if value else value
        return value

    @api.model
    def _export(self, partner):
        """{model: [record as dict]} of everything held about the person; files with their content."""
        result = {}
        for name, records in sorted(self._person_records(partner).items()):
            Model = records
            names = [field_name for field_name, field in Model._fields.items()
                     if field.store and field_name not in EXPORT_SKIPPED and field.type != "binary"]
            if name == "ir.attachment":
                names.append("datas")
            rows = []
            for row in records.read(names):
                rows.append({key: self._export_value(Model._fields[key], value) if key in Model._fields else value
                             for key, value in row.items()})
            result[name] = rows
        return result

    # ---- erasure ----

    @api.model
    def _retained_until(self, partner):
        """The last day the law keeps the person's invoices and orders, or None when none is kept."""
        today = fields.Date.from_string(fields.Date.context_today(self))
        ends = []
        for name, (date_field, domain) in RETAINED_DOCUMENTS.items():
            if name not in self.env:
                continue
            documents = self.env[name].sudo().search([("partner_id", "child_of", partner.ids)] + domain)
            for document in documents:
                when = document[date_field] or document.create_date
                end = retention.kept_until(fields.Date.from_string(when[:10]))
                if end >= today:
                    ends.append(end)
        return max(ends) if ends else None

    @api.model
    def _erase(self, partner, reason):
        """Erase the person everywhere; returns (kept until date or None, {model: count})."""
        partner = partner.sudo()
        kept_until = self._retained_until(partner)
        records = self._person_records(partner, retained=bool(kept_until))
        # each DMS gets its own id of the person (the message's) and of their sales ups, no other's
        told = partner._privacy_notify_dms("erasure", {
            "crm_id": partner.id, "limited_until": fields.Date.to_string(kept_until) if kept_until else False})
        if told:
            # the message is about the person: it must not name them either
            self.env.cr.execute("UPDATE dms_outbound_message SET name = %s WHERE id IN %s",
                                (declarations.ANONYMOUS_PERSON % {"id": partner.id}, tuple(told.ids)))
            told.invalidate_cache()
        counts = {}
        # documents first: they are found through the records the other steps change
        order = sorted(records, key=lambda name: (declarations.DECLARATIONS[name].mode != DOCUMENT, name))
        for name in order:
            declaration = declarations.DECLARATIONS[name]
            found = records[name].exists()
            if not found:
                continue
            counts[name] = len(found)
            if declaration.mode == RETAIN and kept_until:
                continue
            if declaration.mode == DOCUMENT:
                self._erase_documents(name, declaration, found, records, partner)
            elif declaration.mode == DELETE:
                found.with_context(dealer_privacy_erasure=True).unlink()
            else:
                personal = dict(declaration.personal)
                if declaration.mode == OWNER and kept_until:
                    # the invoices the law keeps need the name and address on them
                    personal = {key: value for key, value in personal.items() if key not in declarations.IDENTITY}
                self._blank(found, personal, declaration.detach, partner)
        self.env["res.partner"].invalidate_cache()
        values = {"privacy_anonymised_at": fields.Datetime.now(),
                  "privacy_erase_after": kept_until and fields.Date.to_string(kept_until + datetime.timedelta(days=1))}
        self.env.cr.execute("UPDATE res_partner SET privacy_anonymised_at = %s, privacy_erase_after = %s WHERE id = %s",
                            (values["privacy_anonymised_at"], values["privacy_erase_after"], partner.id))
        partner.invalidate_cache(ids=partner.ids)
        return kept_until, counts

    @api.model
    def _blank(self, records, personal, detach, partner):
        """Overwrite the personal columns in SQL: constraints and checks of the ORM (a booked test
        drive needs a licence number) guard what users type, not what the law asks to forget."""
        Model = records
        # table and column names come from the registry and the declarations, never from a user;
        # the values are parameters
        assignments, params = [], []
        for field_name, replacement in sorted(personal.items()):
            field = Model._fields.get(field_name)
            if not field or not field.store or field.type in ("one2many", "many2many"):
                continue
            assignments.append('"%s" = %%s' % field.name)
            params.append(replacement % {"id": partner.id} if isinstance(replacement, str) else replacement)
        if assignments:
            self.env.cr.execute('UPDATE "%s" SET %s WHERE id IN %%s' % (Model._table, ", ".join(assignments)),
                                params + [tuple(records.ids)])
        for field_name in detach:
            field = Model._fields[field_name]
            self.env.cr.execute('DELETE FROM "%s" WHERE "%s" IN %%s AND "%s" = %%s' % (
                field.relation, field.column1, field.column2), (tuple(records.ids), partner.id))
        records.invalidate_cache()

    @api.model
    def _erase_documents(self, name, declaration, found, records, partner):
        """Messages keep the trace of what happened on the records (a stage changed), without the
        person; what was said, written or attached to them goes."""
        if name == "mail.message":
            content = found.filtered(lambda message: message.message_type in ("email", "comment")
                                     or message.author_id in records.get("res.partner", []))
            content.unlink()
            kept = (found - content).exists()
            if kept:
                self.env.cr.execute("UPDATE mail_message SET record_name = NULL, subject = NULL, email_from = NULL, "
                                    "reply_to = NULL, body = '' WHERE id IN %s", (tuple(kept.ids),))
                personal_fields = set()
                for model in set(kept.mapped("model")):
                    declaration_of = declarations.DECLARATIONS.get(model)
                    if declaration_of:
                        personal_fields |= set(declaration_of.personal) | set(declaration_of.links)
                self.env.cr.execute("DELETE FROM mail_tracking_value WHERE mail_message_id IN %s AND field IN %s",
                                    (tuple(kept.ids), tuple(personal_fields) or ("",)))
                for field_name in declaration.detach:
                    self._blank(kept, {}, (field_name,), records["res.partner"])
                kept.invalidate_cache()
        elif name == "dms.outbound.message":
            # what went to a DMS stays as the trace that it went (exactly once), without the person;
            # what waits to go is not sent. The erasure's own notice is what the DMS must get.
            found = found.filtered(lambda message: message.event != "erasure")
            if found:
                self.env.cr.execute("""
                    UPDATE dms_outbound_message SET name = %s, payload = '{}', external_id = NULL, last_error = NULL,
                           state = CASE WHEN state = 'pending' THEN 'cancelled' ELSE state END
                     WHERE id IN %s""", (declaration.personal["name"] % {"id": partner.id},
                                         tuple(found.ids)))
                found.invalidate_cache()
        else:
            found.with_context(dealer_privacy_erasure=True).unlink()
