from . import test_groups
from . import test_contact_moment
from . import test_web_login
from . import test_sales_up_core
from . import test_test_drive
from . import test_agenda
from . import test_follow_up
from . import test_sales_up_outcome
