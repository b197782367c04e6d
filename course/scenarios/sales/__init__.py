"""Sales (module 06, the main scenario): a daily sales report, tested from the request before any code is shown.

The prompt: "Add a daily sales report to the back office: for a period the manager picks, show what the
shop sold on each day. Orders come from the orders API; the shop is in Berlin."

SPEC (what tests may rely on; correct implementations differ where it leaves freedom):
- daily_sales(orders, first_day, last_day) returns a dict {datetime.date: decimal.Decimal} with one entry for
  every calendar day from first_day to last_day, both included (first_day <= last_day).
- Each order is a dict {"placed_at": str, "amount": str}: placed_at an ISO 8601 timestamp in UTC
  ("2026-07-01T22:30:00Z"), amount the order's total in euros as a decimal string ("12.34").
- An order counts on the calendar day it was placed in the shop's time zone, Europe/Berlin (winter UTC+1,
  summer UTC+2), whatever day it was in UTC. Orders placed outside the period are left out.
- A day's value is the exact sum of its orders' amounts, as a Decimal (money is never a float); a day with no
  orders is 0. With no orders at all, every day of the period is 0.
- Left open: the order of the dict's keys, and how a zero is written (Decimal("0") or Decimal("0.00")).
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="sales",
    module="06-edge-cases-first",
    snippet="daily_sales.py",
    import_name="daily_sales",
    title="daily_sales(): the back office's daily sales report",
    assistant_tests_file="test_daily_sales.py",   # beside the snippet: the sales_suite findings exercise reviews it
)

SPEC = __doc__.split("SPEC", 1)[1].split("\n", 1)[1].strip()
