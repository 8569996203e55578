from . import dealer_privacy_erase_wizard
from . import mail_compose_message
