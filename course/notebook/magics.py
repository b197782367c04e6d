"""Cell magics for answer cells: %%tests, %%findings, %%fix, %%triage <scenario>.

Each stores the cell's text (what the grader will judge) and gives instant, key-free feedback:
tests run against the assistant's code (and your fix, once you have one), findings are echoed with
the code they point at, a fix is compiled and loaded so your experiments can use it.
"""
from __future__ import annotations

import difflib

from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, magics_class
from IPython.display import Markdown, display

from course.notebook import answer_store
from course.kits import race
from course import scenarios
from course.answers import answer_body, is_unanswered
from course.judge.findings import FindingsFormatError, echo, parse_findings


def _scenario(line: str) -> scenarios.Scenario:
    """The scenario named on the magic line; a mistyped name is a one-line message, not a traceback."""
    name = line.strip().split()[0] if line.strip() else ""
    known = scenarios.all_scenarios()
    if name not in known:
        guess = difflib.get_close_matches(name, list(known), n=1)
        hint = f" Did you mean {guess[0]!r}?" if guess else f" Known: {', '.join(sorted(known))}."
        raise UsageError(f"the first line should name this exercise's scenario, e.g. `%%tests {guess[0] if guess else 'oversell'}`;"
                         f" {name!r} is not one.{hint}")
    return known[name]


@magics_class
class AnswerMagics(Magics):
    @cell_magic
    def tests(self, line: str, cell: str) -> None:
        scenario = _scenario(line)
        answer_store.remember(f"{scenario.name}_tests", cell)
        from course.notebook import run_learner_tests
        run_learner_tests(scenario, cell)

    @cell_magic
    def findings(self, line: str, cell: str) -> None:
        scenario = _scenario(line)
        answer_store.remember(f"{scenario.name}_findings", cell)
        if scenario.files:   # a review of a whole change (module 08)
            from course.notebook.review import echo_review
            echo_review(scenario, cell)
            return
        try:
            found, problems = parse_findings(cell)
        except FindingsFormatError as exc:
            display(Markdown(f"**Not yet a findings list:** {exc}"))
            return
        lines = scenario.snippet_path().read_text().splitlines()
        print(f"Format check ({len(found)} finding(s) readable):")
        print(echo(found, problems, lines))
        print("\nIf each line shows the code you meant, run the score cell below.")

    @cell_magic
    def triage(self, line: str, cell: str) -> None:
        scenario = _scenario(line)
        answer_store.remember(f"{scenario.name}_triage", cell)
        from course.notebook.review import echo_triage
        echo_triage(scenario, cell)

    @cell_magic
    def fix(self, line: str, cell: str) -> None:
        scenario = _scenario(line)
        answer_store.remember(f"{scenario.name}_fix", cell)
        body = answer_body(cell)
        if is_unanswered(body):
            display(Markdown("**No fix yet:** paste the whole module here and repair it."))
            return
        try:
            code = compile(body, f"<your fix of {scenario.snippet}>", "exec")
        except SyntaxError as exc:
            display(Markdown(f"**Your fix does not compile** (line {exc.lineno}): {exc.msg}"))
            return
        try:
            # loaded as a real module (registered while it runs), so dataclasses and friends work in it
            module = race.fresh_copy(scenario.snippet_path(), code)
        except Exception as exc:
            display(Markdown(f"**Your fix fails when loaded:** `{type(exc).__name__}: {exc}`"))
            return
        answer_store.remember_fix_module(scenario.name, module)
        print(f"Your fix of {scenario.snippet} compiles and loads.")
        tests = answer_store.recall(f"{scenario.name}_tests")
        if tests and not is_unanswered(answer_body(tests)):
            from course.notebook import run_learner_tests
            run_learner_tests(scenario, tests)


def register(ipython) -> None:
    ipython.register_magics(AnswerMagics)
