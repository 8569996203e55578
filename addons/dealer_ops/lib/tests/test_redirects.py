import pytest
from hypothesis import given, settings, strategies as st

from dealer_ops.lib.redirects import DEFAULT, local_target


@pytest.mark.parametrize("target", [
    "/web", "/web#action=123&view_type=list", "/my/orders?page=2", "/web/login?redirect=%2Fweb", "/",
    "/report/pdf/x/1", "/web/content/12?download=true",
])
def test_paths_on_this_site_are_kept(target):
    assert local_target(target) == target


@pytest.mark.parametrize("target", [
    "https://elsewhere.example", "http://elsewhere.example/web", "//elsewhere.example", "///elsewhere.example",
    "/\\elsewhere.example", "\\\\elsewhere.example", "\\/elsewhere.example", "javascript:alert(1)",
    "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "web", "elsewhere.example/web",
    "/\t/elsewhere.example", "/\n/elsewhere.example", " //elsewhere.example", "", None, 12, ["/web"],
    "mailto:someone@example.com", "https:/elsewhere.example",
])
def test_anything_that_can_leave_the_site_is_replaced_by_the_default(target):
    assert local_target(target) == DEFAULT


@settings(deadline=None)
@given(st.text())
def test_what_is_kept_is_a_path_a_browser_resolves_on_this_site(target):
    """A browser resolves a kept target relative to this site: it starts with one slash, no
    backslash may turn it into //host, and no control character hides one."""
    kept = local_target(target, default=None)
    if kept is not None:
        normalized = kept.replace("\\", "/")
        assert normalized.startswith("/") and not normalized.startswith("//")
        assert not any(ord(char) < 32 or ord(char) == 127 for char in kept)
