"""Fixtures of the admin screen tests borrowed from the service tests: a scored desk
round (``scored``) finalised and announced (``provisional``)."""

from tests.judging.services.conftest import scored  # noqa: F401 - a fixture
from tests.judging.services.test_rescore import provisional  # noqa: F401 - a fixture
