from . import test_capture
from . import test_showroom_visit
from . import test_floor_screen
from . import test_translations
from . import test_browser_floor
from . import test_browser_phone_web
