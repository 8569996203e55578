from . import test_census
from . import test_contact_permission
from . import test_log_contact
from . import test_rights
from . import test_retention
from . import test_http
from . import test_browser_privacy
from . import test_wiring
