from . import test_login_ledger
from . import test_dead_workers_and_full_disk
