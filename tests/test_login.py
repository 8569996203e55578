"""Logging in as a browser does (issue 16 hole 21): a redirect parameter never sends the browser to
another site, and repeated wrong passwords lock the login out (OCA auth_brute_force), whose ledger
of attempts only administrators read."""
import re
import uuid

import pytest
import requests

from .support import RpcClient, RpcError

ELSEWHERE = "https://elsewhere.example/phish"


def _csrf(session, url):
    page = session.get(url + "/web/login", timeout=30).text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _target(response):
    """Where a login answer sends the browser: a Location header or Odoo's JS redirect page."""
    if response.is_redirect:
        return response.headers["Location"]
    found = re.search(r"window\.location = '([^']*)'", response.text)
    return found.group(1) if found else None


@pytest.mark.parametrize("redirect", [ELSEWHERE, "//elsewhere.example", "/\\elsewhere.example",
                                      "javascript:alert(1)", "/web#action=crm.crm_lead_all_leads"])
def test_the_login_form_sends_the_browser_to_this_site_only(odoo_server, redirect):
    session = requests.Session()
    response = session.post(odoo_server.url + "/web/login", allow_redirects=False, timeout=30, data={
        "login": "sales1", "password": "sales1", "redirect": redirect, "csrf_token": _csrf(session, odoo_server.url)})
    assert response.status_code < 400
    target = _target(response)
    assert target == (redirect if redirect.startswith("/web#") else "/web"), target
    # logged in, the login page forwards at once: the same rule
    again = session.get(odoo_server.url + "/web/login", params={"redirect": redirect}, allow_redirects=False,
                        timeout=30)
    assert _target(again) == (redirect if redirect.startswith("/web#") else "/web")


@pytest.mark.parametrize("path", ["/web/session/logout", "/web", "/web/dbredirect", "/"])
def test_other_redirecting_pages_stay_on_site(odoo_server, path):
    client = RpcClient(odoo_server.url, odoo_server.db, "sales1")
    response = client.session.get(odoo_server.url + path, params={"redirect": ELSEWHERE}, allow_redirects=False,
                                  timeout=60)
    assert "elsewhere.example" not in (response.headers.get("Location") or ""), response.headers
    assert "elsewhere.example" not in (_target(response) or "")


@pytest.fixture
def probe_user(rpc):
    """A user of its own: the lock-out must not touch the demo users other tests log in as."""
    admin = rpc("admin")
    login = "throttle-%s" % uuid.uuid4().hex[:8]
    password = uuid.uuid4().hex
    user_id = admin.call("res.users", "create", {"name": "Throttle probe", "login": login, "password": password},
                         context={"no_reset_password": True})
    yield login, password
    attempts = admin.call("res.authentication.attempt", "search", [("login", "=", login)])
    admin.call("res.authentication.attempt", "unlink", attempts)
    admin.call("res.users", "write", [user_id], {"active": False})


def test_ten_wrong_passwords_lock_the_login_out_and_only_administrators_read_the_ledger(odoo_server, rpc, probe_user):
    login, password = probe_user
    assert RpcClient(odoo_server.url, odoo_server.db, login, password).uid
    for _attempt in range(10):
        with pytest.raises(RpcError):
            RpcClient(odoo_server.url, odoo_server.db, login, "wrong")
    # the right password no longer opens it, and the answer does not tell an attacker why
    with pytest.raises(RpcError) as refused:
        RpcClient(odoo_server.url, odoo_server.db, login, password)
    assert refused.value.name == "odoo.exceptions.AccessDenied"
    # other logins from the same address go on
    assert rpc("sales1").uid
    admin = rpc("admin")
    ledger = admin.call("res.authentication.attempt", "search_read", [("login", "=", login)], ["result", "remote"])
    assert sorted(row["result"] for row in ledger).count("failed") == 10
    assert [row for row in ledger if row["result"] == "banned"]
    with pytest.raises(RpcError) as denied:
        rpc("sales1").call("res.authentication.attempt", "search_read", [], ["login", "remote"])
    assert denied.value.name == "odoo.exceptions.AccessError"
    # an administrator lifts the lock by clearing the attempts
    admin.call("res.authentication.attempt", "unlink", [row["id"] for row in ledger])
    assert RpcClient(odoo_server.url, odoo_server.db, login, password).uid
