from automotive_presales.lib import processes


def test_a_business_customer_runs_in_the_fleet_process_whatever_the_car():
    assert processes.process_for(True, [], ["used"]) == processes.FLEET
    for group in processes.BUSINESS_GROUPS:
        assert processes.process_for(False, ["private", group], ["new"]) == processes.FLEET


def test_a_private_customer_is_new_or_used_by_the_cars_wanted():
    assert processes.process_for(False, ["private"], []) == processes.NEW_CARS
    assert processes.process_for(False, [], ["used", "used"]) == processes.USED_CARS
    # one new car among the wishes keeps the new-car process (the dealer's main pipeline)
    assert processes.process_for(False, [], ["used", "new"]) == processes.NEW_CARS
    assert processes.process_for(False, None, [None, "used"]) == processes.USED_CARS


def test_the_vocabulary_is_stable_keys():
    for vocabulary in (processes.PROCESSES, processes.CONDITIONS):
        for key, label in vocabulary:
            assert key == key.lower() and " " not in key and label
    assert set(processes.BUSINESS_GROUPS) < set(processes.CUSTOMER_GROUPS)
