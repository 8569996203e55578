from . import test_login_ledger
