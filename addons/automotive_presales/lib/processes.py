"""The sales processes a dealer runs, and which one a sales up belongs in.

Each process is a pipeline of its own stages (data: presales.sales.process). A sales up gets its
process from what the customer wants: a business, fleet or lease customer (or a company) is the
fleet process; a private customer who wants only used cars is the used-car process; everyone
else the new-car process. The salesperson may move it to another process at any time.
"""

NEW_CARS = "new_car"
USED_CARS = "used_car"
FLEET = "fleet"
PROCESSES = (
    (NEW_CARS, "New cars"),
    (USED_CARS, "Used cars"),
    (FLEET, "Fleet and business"),
)
PROCESS_CODES = tuple(code for code, _label in PROCESSES)

# The customer groups (partner tags, data/res_partner_category_data.xml) that buy as a business.
CUSTOMER_GROUPS = ("private", "business", "fleet", "lease")
BUSINESS_GROUPS = ("business", "fleet", "lease")

CONDITIONS = (("new", "New"), ("used", "Used"))


def process_for(is_company, customer_groups, conditions):
    """The process code of a sales up.

    :param is_company: the customer (or the company they belong to) is a company
    :param customer_groups: the customer's group codes (CUSTOMER_GROUPS)
    :param conditions: the condition ("new"/"used") of each desired vehicle, in any order
    """
    if is_company or set(customer_groups or ()) & set(BUSINESS_GROUPS):
        return FLEET
    wanted = [condition for condition in conditions or () if condition]
    if wanted and all(condition == "used" for condition in wanted):
        return USED_CARS
    return NEW_CARS
