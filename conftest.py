"""pytest set-up for the plain-Python tests under addons/*/lib/tests.

Each addon is made importable by its name without running its __init__ (which needs Odoo's
registry), so `from automotive_presales.lib import funnel` loads only the plain module.
"""
import os
import sys
import types

ADDONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "addons")

for _name in sorted(os.listdir(ADDONS)):
    _path = os.path.join(ADDONS, _name)
    if os.path.isfile(os.path.join(_path, "__manifest__.py")) and _name not in sys.modules:
        _package = types.ModuleType(_name)
        _package.__path__ = [_path]
        sys.modules[_name] = _package


def _odoo_tests_need_http(config):
    """pytest-odoo on an Odoo 11 database (make test-fast sets ODOO_TEST_HTTP=1)."""
    return os.environ.get("ODOO_TEST_HTTP") == "1" and config.pluginmanager.hasplugin("odoo") \
        and config.getoption("--odoo-database", default=None)


try:
    import pytest
except ImportError:  # pragma: no cover - pytest always runs this file
    pytest = None

if pytest is not None:
    @pytest.fixture(scope="session", autouse=True)
    def odoo_http_server(request):
        """The HTTP server HttpCase tests (JSON-RPC, browser) talk to, under pytest-odoo.

        On Odoo 11 pytest-odoo's --odoo-http starts the server and stops it again at once (it
        serves only while Odoo itself runs tests), and odoo.tests.common.PORT was read before the
        configuration: serve on the configured port for the whole session instead.
        """
        if not _odoo_tests_need_http(request.config):
            yield
            return
        import odoo
        odoo.tests.common.PORT = odoo.tools.config["http_port"]
        server = odoo.service.server.ThreadedServer(odoo.service.wsgi_server.application)
        server.http_spawn()
        yield
        if getattr(server, "httpd", None):
            server.httpd.shutdown()
