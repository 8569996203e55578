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
    @pytest.hookimpl(tryfirst=True)
    def pytest_ignore_collect(collection_path, config):
        """Odoo's own suites (make core-tests) under pytest-odoo: on the way to
        odoo/addons/crm/tests pytest collects the packages above it (odoo/__init__.py), and
        pytest-odoo reads a __manifest__.py that no such package has, and stops the whole run.
        A package outside every addon holds none of the tests asked for: it is skipped."""
        if not config.pluginmanager.hasplugin("odoo") or collection_path.name != "__init__.py":
            return None
        folder = collection_path.parent
        if any((parent / "__manifest__.py").is_file() for parent in (folder, *folder.parents)):
            return None
        return True

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
