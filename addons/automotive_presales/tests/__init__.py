from . import test_groups
from . import test_contact_moment
from . import test_web_login
