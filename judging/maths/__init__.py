"""The judging maths as pure functions (no Django, no database): rubric totals,
aggregation, severity normalisation and reliability (scoring), Top N and quota selection
with cut-off ties (selection), and the judge-assignment planner (assignments).

Methods in words: docs/judging.md. Services feed these
functions rows fetched in a fixed number of queries and store what they return.
"""
