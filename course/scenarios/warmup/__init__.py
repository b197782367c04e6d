"""Warm-up scenario (module 00): a dashboard's average order value, small enough to read in 30 seconds."""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="warmup",
    module="00-start-here",
    snippet="sales.py",
    import_name="sales",
    title="Average order value for the sales dashboard",
)
