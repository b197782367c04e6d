"""The capstone review in the notebook (module 08): the pull request shown file by file, the format checks of a
review and a triage, and the AI reviewer's comments, shown only once the learner's own review is in.

Nothing here reads the keys: the checks are about format (which file, which lines, which code), as for every
findings cell; the judge scores the answers (course.judge.findings, course.judge.triage).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from IPython.display import Markdown, display

from course import scenarios
from course.answers import answer_body, is_unanswered
from course.judge.findings import FindingsFormatError, echo, parse_review
from course.judge.triage import TriageFormatError, ai_review, parse_triage
from course.notebook import answer_store, show_code


def _folder(scenario: scenarios.Scenario) -> Path:
    return scenario.snippet_path().parent


def show_pull_request(name: str) -> None:
    """The pull request's description, then every file under review with line numbers (findings cite them)."""
    scenario = scenarios.get(name)
    folder = _folder(scenario)
    display(Markdown(scenario.snippet_path().read_text()))
    for file in scenario.files:
        show_code(folder / file, title=file)


def show_house_code(name: str) -> None:
    """The code the change builds on (not under review): read it to know the house's patterns."""
    scenario = scenarios.get(name)
    folder = _folder(scenario)
    package = folder / scenario.import_name
    for path in sorted(package.glob("*.py")):
        rel = path.relative_to(folder).as_posix()
        if rel not in scenario.files and path.name != "__init__.py":
            show_code(path, title=f"{rel} (house code, not in this pull request)")


def echo_review(scenario: scenarios.Scenario, cell: str) -> None:
    """The format check of a review: the verdict, then each finding with the code it points at, file by file."""
    try:
        verdict, found, problems = parse_review(cell, scenario.files)
    except FindingsFormatError as exc:
        display(Markdown(f"**Not yet a review:** {exc}"))
        return
    folder = _folder(scenario)
    print(f"Format check: verdict {verdict!r}, {len(found)} finding(s) readable.")
    for file in scenario.files:
        mine = [f for f in found if f.file == file]
        if mine:
            print(echo(mine, [], (folder / file).read_text().splitlines()))
    missing = sum(1 for f in found if f.severity is None)
    if missing:
        print(f"! {missing} finding(s) without a severity: give each one 'low', 'medium' or 'high'")
    print(echo([], problems, []) if problems else "")
    print("If each line shows the code you meant, run the score cell below.")


def _review_in(name: str) -> bool:
    source = answer_store.recall(f"{name}_findings")
    return bool(source) and not is_unanswered(answer_body(source))


def ai_comments_table(name: str) -> pd.DataFrame:
    """The AI reviewer's comments as a table, one row per comment, by id."""
    return pd.DataFrame([{"id": c["id"], "file": c["file"], "lines": "-".join(map(str, c["lines"])),
                          "category": c["category"], "severity": c["severity"], "comment": c["comment"]}
                         for c in ai_review(name).COMMENTS]).set_index("id")


def show_ai_review(name: str) -> None:
    """Show the AI reviewer's summary and comments, once your own review has been run in this notebook."""
    if not _review_in(name):
        display(Markdown("**Write your own review first** (the `%%findings` cell above, then run it). The AI "
                         "reviewer's comments appear here after that: read cold, the change is yours to judge."))
        return
    display(Markdown(f"**The AI reviewer's summary:** {ai_review(name).SUMMARY}"))
    table = ai_comments_table(name)
    display(table.style.set_properties(subset=["comment"], **{"white-space": "pre-wrap", "text-align": "left"}))


def echo_triage(scenario: scenarios.Scenario, cell: str) -> None:
    """The format check of a triage: each comment's decision, and the comments not triaged yet."""
    ids = [c["id"] for c in ai_review(scenario.name).COMMENTS]
    try:
        triage, problems = parse_triage(cell, ids)
    except TriageFormatError as exc:
        display(Markdown(f"**Not yet a triage:** {exc}"))
        return
    print(f"Format check: {len(triage)} of {len(ids)} comments triaged.")
    for i in ids:
        if i in triage:
            print(f"- {i}: {triage[i][0]} ({triage[i][1][:80]})")
    left = [i for i in ids if i not in triage]
    if left:
        print(f"! not triaged yet: {', '.join(left)}")
    for p in problems:
        print(f"! {p}")
