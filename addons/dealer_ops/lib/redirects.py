"""Where a browser may be sent after a login or a logout: this site only (plain Python).

`/web/login?redirect=https://elsewhere` must not turn our login page into a relay for phishing:
a redirect target is kept only when it is a path on this site.
"""
from urllib.parse import urlsplit

DEFAULT = "/web"


def local_target(target, default=DEFAULT):
    """`target` when it is a path on this site (with its query and fragment), else `default`.

    Refused: absolute URLs (any scheme, `javascript:` too), protocol-relative `//host` and the
    backslash forms browsers read as such (`/\\host`), control characters (a tab or a newline
    inside `//` is dropped by browsers), and anything that is not a string.
    """
    if not isinstance(target, str) or not target:
        return default
    if any(ord(char) < 32 or ord(char) == 127 for char in target):
        return default
    # browsers read a backslash in a URL as a slash: "/\host" is "//host"
    normalized = target.replace("\\", "/")
    if not normalized.startswith("/") or normalized.startswith("//"):
        return default
    parts = urlsplit(normalized)
    if parts.scheme or parts.netloc:
        return default
    return target
