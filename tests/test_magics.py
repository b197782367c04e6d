"""The answer-cell magics in a real IPython shell: a mistyped scenario is one line, never a traceback."""
import re

from IPython.core.error import UsageError
import pytest

from course.magics import _scenario
from course.scenarios import all_scenarios

KNOWN = "Known: " + ", ".join(sorted(all_scenarios())) + "."   # every registered scenario, whoever added it


@pytest.mark.parametrize("line, expected", [("oversel", "Did you mean 'oversell'?"), ("", KNOWN)])
def test_unknown_scenario_is_a_usage_message(line, expected):
    assert "oversell" in KNOWN and "warmup" in KNOWN
    with pytest.raises(UsageError, match=re.escape(expected)):
        _scenario(line)


def test_known_scenario_and_extra_words():
    assert _scenario(" oversell  # my tests").name == "oversell"


def test_in_a_shell_the_learner_sees_no_traceback(capsys):
    from IPython.testing.globalipapp import start_ipython
    ip = start_ipython()
    ip.run_line_magic("load_ext", "course")
    result = ip.run_cell("%%findings webhok\n[]\n")
    out = capsys.readouterr()
    assert not result.success
    assert "Did you mean 'webhook'?" in out.out + out.err
    assert "Traceback" not in out.out + out.err
