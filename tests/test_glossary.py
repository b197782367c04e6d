"""Every module ends with Key points that link into the course glossary, and every link lands on a term."""
import re

import nbformat
import pytest

from course.authoring.build import module_names
from course.paths import MODULES_DIR, SOLUTIONS_DIR

GLOSSARY = SOLUTIONS_DIR / "glossary" / "glossary.ipynb"
LINK = re.compile(r"\]\(\.\./glossary/glossary\.ipynb(?:#([^)\s]+))?\)")
LEARNER_MODULES = [m for m in module_names() if m[:2].isdigit()]


def anchors() -> set[str]:
    """The heading ids JupyterLab gives the glossary's headings (the heading's text, spaces as '-')."""
    nb = nbformat.read(str(GLOSSARY), as_version=4)
    return {line[3:].strip().replace(" ", "-") for cell in nb.cells for line in cell.source.splitlines()
            if line.startswith("## ")}


def test_glossary_is_alphabetical_and_names_the_issue_terms():
    terms = [a.replace("-", " ") for a in anchors()]
    assert {"Single-flight", "Jitter", "N+1-queries", "Check-then-act", "Idempotency-key", "Context-variable"} <= anchors()
    nb = nbformat.read(str(GLOSSARY), as_version=4)
    headings = [line[3:] for cell in nb.cells for line in cell.source.splitlines() if line.startswith("## ")]
    assert headings == sorted(headings, key=str.lower) and len(terms) == len(headings)


def test_glossary_ships_beside_the_modules():
    assert (MODULES_DIR / "glossary" / "glossary.ipynb").is_file()


@pytest.mark.parametrize("module", LEARNER_MODULES)
def test_each_module_ends_with_key_points_linking_the_glossary(module):
    nb = nbformat.read(str(next((SOLUTIONS_DIR / module).glob("*.ipynb"))), as_version=4)
    last = nb.cells[-1].source
    assert "### Key points" in last, module
    targets = LINK.findall(last)
    assert targets and set(filter(None, targets)) <= anchors(), (module, set(targets) - anchors())
