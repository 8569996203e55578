"""From a parsed DMS moment to the column values of a contact moment: the one rule every import
path applies (the per-record ORM importer through its mapper, and the bulk SQL path).

`tables` is what a backend knows, loaded once per batch:
  types:   {TYPE_CODE: (kind, phase id)}      (the dms.moment.type table)
  sites:   {SITE: branch id}                  users: {dms login: (user id, branch id)}
  default_team, default_user, backend_code, channels (the channel keys a moment may carry)
"""
from . import phases


def may_market(customer, channel=None):
    """A moment may lead to marketing follow-up only when the customer said yes to marketing: on
    every channel (true), or on this moment's channel (a list of channels)."""
    consent = (customer or {}).get("marketing_consent")
    if isinstance(consent, (list, tuple)):
        return bool(channel) and channel in consent
    return bool(consent)


# The channels of the consent interface (res.partner._dms_consent_received) and the names a
# moment's customer.marketing_consent list may give them.
CONSENT_CHANNELS = ("phone", "email", "sms", "post")
CONSENT_NAMES = {"phone": "phone", "email": "email", "sms": "sms", "whatsapp": "sms", "post": "post"}


def marketing_consents(customer):
    """[(channel, state)] of what a moment's customer.marketing_consent says, for each consent
    channel: true gives every channel, a list the channels it names; a channel not given is
    "withdrawn" (the DMS no longer holds the consent: the ledger records that only where the
    DMS had given it). [] when the record says nothing (no marketing_consent)."""
    consent = (customer or {}).get("marketing_consent")
    if consent is None:
        return []
    if consent is True:
        given = set(CONSENT_CHANNELS)
    elif isinstance(consent, (list, tuple)):
        given = {CONSENT_NAMES[name] for name in consent if name in CONSENT_NAMES}
    else:
        given = set()
    return [(channel, "given" if channel in given else "withdrawn") for channel in CONSENT_CHANNELS]


def moment_values(moment, tables, partner_id=None, partner_owner=None, lead=None):
    """Column values of the contact moment for a parsed moment (raises phases.UnknownTypeCode).

    Ownership: the DMS user mapped to a salesperson, else the sales up's owner, else the
    customer's portfolio owner, else the backend's default salesperson. Branch: the DMS site,
    else that salesperson's branch, else the sales up's, else the backend's default branch.
    `lead` is (lead id, owner id, branch id) or None.
    """
    kind, phase_id = phases.resolve(moment["type_code"], tables["types"], tables["backend_code"])
    user_id, user_team = tables["users"].get((moment.get("user") or "").lower(), (None, None))
    lead_id, lead_owner, lead_team = lead or (None, None, None)
    user_id = user_id or lead_owner or partner_owner or tables.get("default_user") or None
    if user_id and not user_team:
        user_team = tables.get("user_teams", {}).get(user_id)
    team_id = (tables["sites"].get((moment.get("site") or "").upper()) or user_team or lead_team
               or tables.get("default_team") or None)
    channel = moment.get("channel") or None
    if channel not in tables.get("channels", ()):
        channel = None
    return {
        "occurred_at": moment["occurred_at"],
        "kind": kind,
        "phase_id": phase_id,
        "channel": channel,
        "direction": moment.get("direction") or "outbound",
        "summary": moment.get("summary") or moment["type_code"],
        "user_id": user_id,
        "team_id": team_id,
        "partner_id": partner_id,
        "lead_id": lead_id,
        "origin": "dms",
        "no_marketing_consent": not may_market(moment.get("customer"), channel),
    }
