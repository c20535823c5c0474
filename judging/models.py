"""Competitions, rounds, rubrics, entries, assignments and scores (see issue: Judging)."""
