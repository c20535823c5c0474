from tests.judging.conftest import competition, desk, make_entries, staff  # noqa: F401
