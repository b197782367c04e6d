"""A tiny scenario used only by the runner's own tests (tests/test_testrun.py): `calc.add`."""
from course.scenarios import Scenario

SCENARIO = Scenario(name="_selftest", module="_selftest", snippet="calc.py", import_name="calc",
                    title="Runner self-test")
