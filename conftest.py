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
