from . import dealer_privacy_erase_wizard
