"""Demo data steps run by ``manage.py seed_demo`` (portal/management/commands/seed_demo.py):
competitions (people, a finished 2025 and a running 2026), publication (the public
edition pages), objections (a 2027 demo in its objection period)."""
