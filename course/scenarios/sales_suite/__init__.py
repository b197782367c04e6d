"""Sales suite (module 06, findings only): the assistant's own test file for daily_sales, reviewed line by line.

The "code under review" here is test_daily_sales.py, the tests the assistant wrote with daily_sales.py (scenario
sales): which of them can fail at all, and which would fail on a broken report? Run against implementations they
take the sales scenario's fixture.

SPEC: the sales scenario's spec (course.scenarios.sales.SPEC); a good test fails on some version that breaks it
and passes on every version that keeps it.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="sales_suite",
    module="06-edge-cases-first",
    snippet="test_daily_sales.py",
    import_name="test_daily_sales",
    title="test_daily_sales.py: the assistant's tests for the sales report",
    assistant_tests_file="test_daily_sales.py",
)
