"""Hypothesis profiles: a few hundred cases in `make test`, thousands in `make fuzz`
(HYPOTHESIS_PROFILE=fuzz)."""
import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=150, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=20000, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
