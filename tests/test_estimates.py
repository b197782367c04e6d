"""Time estimates have one source (course.estimates): each module's notebook header and the README's total agree with it."""
from __future__ import annotations

import re

import nbformat
import pytest

from course import estimates
from course.notebook.progress import learner_modules
from course.paths import MODULES_DIR, REPO_ROOT, SOLUTIONS_DIR

_STATED = re.compile(r"\babout (\d+) (minutes|hours?)\b", re.IGNORECASE)


def header(root, module: str) -> str:
    """The module notebook's first markdown cell (its title, what it covers and how long it takes), on one line."""
    nb = nbformat.read(root / module / f"{module}.ipynb", as_version=4)
    return " ".join(next(c.source for c in nb.cells if c.cell_type == "markdown").split())


def test_every_module_has_one_estimate():
    assert sorted(estimates.MINUTES) == learner_modules(SOLUTIONS_DIR)


@pytest.mark.parametrize("root", [SOLUTIONS_DIR, MODULES_DIR], ids=["solutions", "modules"])
@pytest.mark.parametrize("module", sorted(estimates.MINUTES))
def test_a_notebooks_header_states_the_tables_estimate_and_its_parts_add_up(root, module):
    text = header(root, module)
    stated = [f"{n} {unit.lower()}" for n, unit in _STATED.findall(text)]
    assert stated == [estimates.duration(estimates.MINUTES[module])], text
    # "About 2 hours: 75 minutes for the main scenario, 45 for the drills." - the parts make the whole
    parts = re.search(r"about \d+ (?:minutes|hours?): ([^.]*)\.", text, re.IGNORECASE)
    if parts:
        assert sum(int(n) for n in re.findall(r"(\d+)(?: minutes)? for ", parts[1])) == estimates.MINUTES[module], text


def test_the_readme_states_the_tables_total():
    text = " ".join((REPO_ROOT / "README.md").read_text().split())
    assert re.findall(r"about (\d+) hours in all", text) == [str(estimates.total_hours())]


def section_minutes(root, module: str, prefix: str) -> int:
    """The minutes the module's `## <prefix>...` headings state, added up ("## Drill 1: ... about 15 minutes")."""
    nb = nbformat.read(root / module / f"{module}.ipynb", as_version=4)
    return sum(int(n) for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines()
               if line.startswith(f"## {prefix}") for n in re.findall(r"(\d+) minutes", line))


@pytest.mark.parametrize("module", sorted(estimates.MINUTES))
def test_the_drills_and_the_review_take_what_the_header_says(module):
    """The header's "N for the drills" / "N for the review" / "N for the drills and the review" are the minutes the
    drill and mixed-review headings below state (they disagreed by 5 to 10 minutes in five modules)."""
    text = header(SOLUTIONS_DIR, module)
    drills, review = section_minutes(SOLUTIONS_DIR, module, "Drill"), section_minutes(SOLUTIONS_DIR, module, "Mixed review")
    for n, what in re.findall(r"(\d+) for (the drills and the review|the drills|the review)\b", text):
        assert int(n) == {"the drills and the review": drills + review, "the drills": drills, "the review": review}[what], \
            (module, what, text)
