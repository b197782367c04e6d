"""Cache-stampede drill (module 01, tests only): a read-through product cache under a burst of requests."""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="stampede",
    module="01-concurrent-writes",
    snippet="cache.py",
    import_name="cache",
    title="A read-through product cache in front of the catalogue service",
)
