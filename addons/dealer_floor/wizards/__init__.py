from . import dealer_floor_contact_confirm
