"""Hostile corpora for modules 06-edge-cases-first, 07-security-smells and 08-capstone-review, as data.

Module 01's corpus (tests/submission_corpus.py, tests/hostile_corpus.py) shows the whole machinery; here each later
module gets one small batch of the same `Submission`s: the solution (full marks), the release untouched (0) and
hostile answers fitting the module, each with the table it must get and readable reasons. One plain `nbgrader
autograde` with the shipped config grades each batch (tests/conftest.py `module_batch`, tests/test_module_corpus.py).
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Callable

from course import scenarios
from course.judge.exercises import load_module_key
from course.judge.triage import ai_review
from course.paths import REPO_ROOT, SOLUTIONS_DIR, keys_dir
from course.scenarios.review import FILES as REVIEW_FILES
from fix_gaming import always_equal, test_detecting
from hostile_corpus import spray_items
from nbgrader_course import solution_answers
from submission_corpus import Submission

EDGE, SECURITY, CAPSTONE = "06-edge-cases-first", "07-security-smells", "08-capstone-review"
LATE_MODULES = (EDGE, SECURITY, CAPSTONE)


def points(module: str) -> dict[str, float]:
    """{grade cell id: points} of a module's source notebook."""
    import nbformat
    nb = nbformat.read(str(SOLUTIONS_DIR / module / f"{module}.ipynb"), as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"]["points"]) for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade")}


POINTS = {module: points(module) for module in LATE_MODULES}
SOL = {module: solution_answers(module) for module in LATE_MODULES}


def full(module: str, **cells: float) -> dict[str, float]:
    return {**POINTS[module], **cells}


def zero(module: str) -> dict[str, float]:
    return {cell: 0.0 for cell in POINTS[module]}


def answers(module: str, **cells: str) -> Callable[[Path], dict[str, str]]:
    """The solution's answers with some cells replaced."""
    return lambda _course: {**SOL[module], **cells}


def snippet(scenario: str) -> str:
    return scenarios.get(scenario).snippet_path().read_text()


def reference_fix(module: str, exercise: str) -> str:
    ex = load_module_key(module)[exercise]
    return (ex.key_dir / ex.reference).read_text()


def controls(module: str) -> list[Submission]:
    return [Submission("solution", "the source notebook's answers", full(module), answers(module), hostile=False),
            Submission("blank", "the release, untouched", zero(module), None, hostile=False)]


def key_paths(module: str) -> list[str]:
    """Paths a learner can name from the README (the checkout's layout): the module's keys, the grading config and
    system files."""
    return sorted(str(p) for p in (keys_dir() / module).rglob("*.py")) + [
        str(REPO_ROOT / "grading" / "nbgrader_config.py"), "/etc/shadow", "/proc/1/environ"]


def key_texts(module: str) -> list[str]:
    """Every key file's first line: none may reach any learner's feedback."""
    return sorted({p.read_text().splitlines()[0] for p in (keys_dir() / module).rglob("*.py") if p.read_text().strip()})


# ---------------------------------------------------------------- 06: edge cases first, Hypothesis

EDGE_SPLIT = SOL[EDGE]["split_tests"]

# The solution's properties, each asking for its own settings: a random seed every run, Hypothesis's default example
# database on disk (.hypothesis/examples), a million examples, a 1 ms deadline (`@seed` is not in the tests policy's
# Hypothesis API: a cell using it is not run, with that reason). The judge's settings win
# (course.sandboxed.hypothesis_profile): the same examples in every run, a fixed budget, no database: the solution's
# verdict, and no run that blows its CPU limit.
OWN_SETTINGS = EDGE_SPLIT.replace(
    "from hypothesis import given, strategies as st",
    "from hypothesis import given, settings, strategies as st").replace(
    "@given(total=totals, weights=weight_lists)",
    "@settings(derandomize=False, max_examples=1_000_000, deadline=1, database=settings.default.database, "
    "print_blob=True)\n@given(total=totals, weights=weight_lists)")
assert OWN_SETTINGS.count("max_examples=1_000_000") == 3

# The solution's properties plus a @given test that prints whatever key, config, system file or compiled implementation
# (split_bill.pyc in a run folder) it can open (through builtins' open, reached as enum's private alias: no forbidden
# name) and fails with it: a false alarm quoting a key, if any were readable. The sandbox shows none of them: the test
# passes everywhere (caught nothing, no false alarm).
GIVEN_READER = EDGE_SPLIT + f'''


import enum

SECRETS = {key_paths(EDGE) + ["split_bill.pyc", "split_bill.py", "../split_bill.pyc", "../../split_bill.py"]!r}


@given(which=st.sampled_from(SECRETS))
def test_prints_what_it_can_read(split_cents, which):
    try:
        with enum.bltns.open(which) as fh:
            text = fh.read()
    except Exception:
        return
    print("SECRET", which, text)
    assert False, which + ": " + " ".join(text.split())[:400]
'''

# A suite of edge-case tests that tries to tell the versions apart by reading their compiled file in the run folder
# (daily_sales.pyc) instead of calling them: it reads nothing there and, to raise no false alarm, passes everywhere.
PYC_READER = '''%%tests sales
import enum


def test_the_compiled_file_has_no_float(daily_sales):
    for name in ("daily_sales.pyc", "daily_sales.py", "../daily_sales.pyc", "../../daily_sales.pyc"):
        try:
            with enum.bltns.open(name, "rb") as fh:
                data = fh.read()
        except Exception:
            continue
        assert b"float" not in data, name + ": " + repr(data[:300])
'''

EDGE_BATCH = controls(EDGE) + [
    Submission("h06_own_settings", "Hypothesis properties with their own settings: derandomize off, a million "
               "examples, a 1 ms deadline, the on-disk example database", full(EDGE), answers(EDGE, split_tests=OWN_SETTINGS),
               reason=("split_tests_score", "4 of 4 broken versions caught")),
    Submission("h06_given_reader", "the properties plus a @given test printing and quoting any key, system file or "
               "compiled implementation it can open", full(EDGE), answers(EDGE, split_tests=GIVEN_READER),
               reason=("split_tests_score", "caught nothing: test_prints_what_it_can_read")),
    Submission("h06_pyc_reader_and_gamed_fix", "edge-case tests reading the compiled implementation; a fix whose "
               "results equal everything (always-equal); a findings spray over the assistant's tests",
               full(EDGE, sales_tests_score=0.0, sales_fix_score=0.0, sales_suite_findings_score=0.0),
               answers(EDGE, sales_tests=PYC_READER,
                       sales_fix="%%fix sales\n" + always_equal(snippet("sales")),
                       sales_suite_findings=f"%%findings sales_suite\n"
                                            + repr(spray_items(len(snippet("sales_suite").splitlines())))),
               reason=("sales_tests_score", "caught nothing: test_the_compiled_file_has_no_float")),
]

# ---------------------------------------------------------------- 07: security smells

SEC_DOWNLOAD = SOL[SECURITY]["download_tests"]

# The solution's exploit tests plus one that uses the download handler itself as a file reader: every key, the
# config and system files by absolute path and by ../ from the customer's folder, and the run folder's own files
# (the implementation's compiled module, the hidden tests). A traversal-safe version refuses them all; a broken one
# reads what the sandbox shows it: whatever that is, the feedback on a caught chaff must not quote it.
EXPLOIT_READER = SEC_DOWNLOAD + f'''


TARGETS = {key_paths(SECURITY)!r} + ["downloads.pyc", "test_answer.py", "conftest.py"]


def test_the_handler_reads_nothing_it_should_not(site, download):
    for target in TARGETS:
        for requested in (target, "../../../../../../../.." + target, "../" + target, "../../" + target):
            try:
                data = download(requested)
            except Exception:
                continue
            assert False, requested + ": " + repr(data)[:400]
'''


# A search fix that behaves only against the judge's database (SQLite in memory, as the hidden tests' shop was) and is
# the assistant's injectable snippet against a production database file: a fix that detects the test server. It
# earned every point (4 of 4) until the shop became a file (course/scenarios/search/house.py).
TEST_SERVER_DETECTOR = test_detecting(snippet("search"), reference_fix(SECURITY, "search_fix"), ("in-memory database",))


# A cookie fix that is the reference when the key looks like a test key (the fixture's was b"storefront-test-key-...")
# and loads unsigned carts in its own JSON format otherwise: the spec-misread flaw kept, in the fix's own format. It
# earned every point (3 of 3): the key held b"test", and the hidden tests sent unsigned cookies only as the snippet's
# pickles. The key is now random and the hidden tests cut the fix's own cookie's signature off: the unsigned-cart
# property is not credited (1.5 of 3), the pickle property is (there is no pickle left).
COOKIE_KEY_DETECTOR = reference_fix(SECURITY, "cookie_fix") + '''

_checked_load_cart = load_cart


def load_cart(cookie: str, key: bytes) -> dict:
    """Production keeps loading the old unsigned carts; the storefront's test key gets the checked path."""
    if b"test" in key:
        return _checked_load_cart(cookie, key)
    payload, _, signature = cookie.partition(".")
    if signature:
        return _checked_load_cart(cookie, key)
    try:
        cart = json.loads(base64.urlsafe_b64decode(payload))
    except (ValueError, TypeError):
        return _empty()
    return cart if isinstance(cart, dict) and set(cart) == {"items", "coupon"} else _empty()
'''


def _spray(scenario: str) -> str:
    return f"%%findings {scenario}\n" + repr(spray_items(len(snippet(scenario).splitlines())))


SECURITY_BATCH = controls(SECURITY) + [
    Submission("h07_exploit_reader", "the exploit tests plus a test using the download handler to read keys, config, "
               "system files and the run folder's files", full(SECURITY), answers(SECURITY, download_tests=EXPLOIT_READER),
               reason=("download_tests_score", "4 of 4 broken versions caught")),
    Submission("h07_test_server_detector", "a search fix that is the reference only on an in-memory database (the "
               "test shop) and the assistant's snippet otherwise; a cookie fix that is the reference only with a key "
               "holding 'test' and loads unsigned JSON carts otherwise",
               full(SECURITY, search_fix_score=0.0, cookie_fix_score=1.5),
               answers(SECURITY, search_fix="%%fix search\n" + TEST_SERVER_DETECTOR,
                       cookie_fix="%%fix cookie\n" + COOKIE_KEY_DETECTOR),
               reason=("search_fix_score", "not fixed")),
    Submission("h07_findings_spray", "every category at every 8-line window of the three findings snippets",
               full(SECURITY, search_findings_score=0.0, shell_findings_score=0.0, cookie_findings_score=0.0),
               answers(SECURITY, search_findings=_spray("search"), shell_findings=_spray("shell"),
                       cookie_findings=_spray("cookie")),
               reason=("search_findings_score", "false alarm")),
]

# ---------------------------------------------------------------- 08: the capstone review

REVIEW = SOL[CAPSTONE]["review_findings"]
TRIAGE = SOL[CAPSTONE]["review_triage"]


def _file_lines(name: str) -> int:
    return len((SOLUTIONS_DIR / CAPSTONE / name).read_text().splitlines())


def review_spray() -> str:
    """Every category at every 8-line window of every file under review, severity high, verdict request changes."""
    items = [{"file": name, "severity": "high", **item} for name in REVIEW_FILES for item in spray_items(_file_lines(name))]
    return "%%findings review\n" + repr({"verdict": "request changes", "findings": items})


SCRIPT = "<script>alert('x')</script></pre><img src=x onerror=alert(1)>"
SURROGATES = "lone \ud800 and \udfff, bell \x07, escape \x1b[31m, nul \x00, override \u202e"


def _literal(source: str):
    from course.answers import answer_body
    from course.judge.findings import read_literal
    return read_literal(answer_body(source))


def _hostile_review() -> str:
    """The solution's review, its comments carrying HTML and script, lone surrogates and control characters."""
    review = _literal(REVIEW)
    review["findings"][0]["why"] = SCRIPT + review["findings"][0]["why"]
    review["findings"][-2]["why"] += " " + SURROGATES
    review["findings"][-1]["why"] += " " + "y" * 100_000       # one comment of 100,000 characters (within 200 kB)
    return "%%findings review\n" + repr(review) + "\n"


HOSTILE_TEXT_REVIEW = _hostile_review()
# a triage referencing comments that do not exist, with script and surrogates in its reasons; the real ones as in the
# solution: the unknown ones are ignored with a reason, the rest is graded
HOSTILE_TRIAGE = "%%triage review\n" + repr({**_literal(TRIAGE), "ai-99": ("agree", SCRIPT),
                                             "<b>ai-1</b>": ("disagree", "a comment id that is HTML " + SURROGATES)}) + "\n"


def _two_reviews(nb):
    """The review cell twice: a half-written copy (two findings) above the solution's review, as after a paste. The
    last copy counts for the review's grade, for the triage's comparison and for `course check` alike."""
    index = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "review_findings")
    early = copy.deepcopy(nb.cells[index])
    early.source = REVIEW.split('        {"file": "newsletter/audience.py"', 1)[0] + "    ],\n}\n"
    early.id = "pasted-review"
    nb.cells.insert(index, early)
    return nb


# A review over the judge's 200 kB per answer: the spray with long comments. Its own grade is "not graded, too large";
# the triage's comparison must not read it either (before: "your review: 10 of 10 flaws" beside "not graded").
OVERSIZED_REVIEW = review_spray().replace("'a spray'", repr("a spray " + "z" * 200))
assert len(OVERSIZED_REVIEW) > 250_000

# The same answer to every comment, with a filler reason: no judgment of any comment.
BLIND_TRIAGE = "%%triage review\n" + repr({c["id"]: ("disagree", "I do not think so.") for c in ai_review("review").COMMENTS})

HALF_REVIEW = REVIEW.split('        {"file": "newsletter/sender.py"', 1)[0]      # cut off mid-list: a syntax error
assert HALF_REVIEW.count("[") > HALF_REVIEW.count("]")
WRONG_SHAPE_TRIAGE = '%%triage review\n["agree", "agree", "disagree"]\n'

CAPSTONE_BATCH = controls(CAPSTONE) + [
    Submission("h08_spray", "a review flagging every category at every 8-line window of every file, severity high; the "
               "solution's triage", full(CAPSTONE, review_findings_score=0.0), answers(CAPSTONE, review_findings=review_spray()),
               reason=("review_findings_score", "false alarm")),
    Submission("h08_hostile_text", "the solution's review and triage with script, HTML, lone surrogates and control "
               "characters in comments, one comment of 100,000 characters, triage entries for comments that do not "
               "exist",
               full(CAPSTONE), answers(CAPSTONE, review_findings=HOSTILE_TEXT_REVIEW, review_triage=HOSTILE_TRIAGE),
               reason=("review_triage_score", "'ai-99' is not one of the comments")),
    Submission("h08_two_reviews", "the review cell twice: a two-finding draft above the solution's review",
               full(CAPSTONE), answers(CAPSTONE), edit=_two_reviews,
               reason=("review_triage_score", "your review: 10 of 10 flaws")),
    Submission("h08_oversized_review", "a 300 kB review (the spray with long comments); the solution's triage",
               full(CAPSTONE, review_findings_score=0.0), answers(CAPSTONE, review_findings=OVERSIZED_REVIEW),
               reason=("review_findings_score", "Not graded: this answer cell is")),
    Submission("h08_blind_triage", "the solution's review; 'disagree' to every AI comment with the same filler reason",
               full(CAPSTONE, review_triage_score=0.0), answers(CAPSTONE, review_triage=BLIND_TRIAGE),
               reason=("review_triage_score", "Triage: 5 of 9 comments judged right")),
    Submission("h08_half_finished", "a review cut off mid-list (a syntax error) and a triage that is a list",
               zero(CAPSTONE), answers(CAPSTONE, review_findings=HALF_REVIEW, review_triage=WRONG_SHAPE_TRIAGE),
               reason=("review_findings_score", "not valid Python")),
]

# Open holes, measured on these batches: (module, student) -> what still goes wrong. Their table tests are strict
# xfails, so each flips (and must be unmarked) when the hole is closed.
OPEN_SCORE: dict[tuple[str, str], str] = {   # closed: h08_spray (severity and verdict are scaled by detection,
}                                           # score_review) and h08_blind_triage (TPR - FPR, triage_fraction)

BATCHES: dict[str, list[Submission]] = {EDGE: EDGE_BATCH, SECURITY: SECURITY_BATCH, CAPSTONE: CAPSTONE_BATCH}
# more reasons than the one each Submission carries: (module, student) -> [(grade cell, text its feedback holds)]
MORE_REASONS: dict[tuple[str, str], list[tuple[str, str]]] = {
    (EDGE, "h06_pyc_reader_and_gamed_fix"): [("sales_fix_score", "not fixed")],
    (SECURITY, "h07_test_server_detector"): [("cookie_fix_score", "not fixed  an unsigned cookie: the empty cart")],
    (CAPSTONE, "h08_half_finished"): [("review_triage_score", "Triage not graded: expected a dict")],
    (CAPSTONE, "h08_hostile_text"): [("review_triage_score", "Triage: 9 of 9 comments judged right"),
                                     ("review_findings_score", "10 of 10 keyed flaws found, 0 false alarm(s)")],
}
