"""The reminder drill (module 05, findings only): the key matches the file, and every keyed flaw is real.

Each flaw is shown by running the snippet in-process from the caller that meets it (a request, the
nightly job with no request, a worker thread), and a correct builder passes the same checks, so the
checks tell the two apart. The decoys are shown to be correct. Nothing depends on timing.
"""
from __future__ import annotations

import ast
from contextvars import ContextVar
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime
import threading
from types import ModuleType
from typing import Any, Callable

import pytest

from course.judge import exercises
from course.kits import race
from course import scenarios, taxonomy
from course.judge.findings import match, parse_findings
from course.paths import SOLUTIONS_DIR
from course.scenarios.reminder.fixtures import make_customer
from nbgrader_course import solution_answers
from scenario_runs import outcomes

MODULE = "05-three-callers"
SCENARIO = scenarios.get("reminder")
SNIPPET = SOLUTIONS_DIR / MODULE / SCENARIO.snippet
LINES = SNIPPET.read_text().splitlines()
KEY = exercises.load_module_key(MODULE)["reminder_findings"]
FLAWS = {flaw.id: flaw for flaw in KEY.flaws}
REFERENCE_FINDINGS = KEY.key_dir / "reference_findings.py"

EXPECTED_TEXT = {
    "shared-default": ["headers: dict = {}", "headers.setdefault(\"List-Unsubscribe\""],
    "missing-request-id": ["request_id.get()"],
    "naive-date": ["format_datetime(datetime.now())"],
}
EXPECTED_DECOY_TEXT = {(21, 24): ["@lru_cache(maxsize=None)", "def greeting(locale: str)"],
                       (40, 40): ["sorted(cart)"]}


def span_text(span: tuple[int, int]) -> str:
    return "\n".join(LINES[span[0] - 1:span[1]])


def snippet() -> ModuleType:
    return race.fresh_copy(SNIPPET)


class CorrectBuilder:
    """What the spec asks for, to show the checks below do tell a correct builder from the snippet."""

    request_id: ContextVar[str] = ContextVar("request_id")

    def build_reminder(self, customer: dict, cart: list, headers: dict | None = None) -> EmailMessage:
        message = EmailMessage()
        message["To"] = customer["email"]
        message["Subject"] = "You left something in your cart"
        message["Date"] = format_datetime(datetime.now(timezone.utc))
        message["List-Unsubscribe"] = f"<https://shop.example/unsubscribe/{customer['token']}>"
        request = self.request_id.get(None)
        if request is not None:
            message["X-Request-Id"] = request
        for name, value in (headers or {}).items():
            message[name] = value
        message.set_content("\n".join(f"- {qty} x {sku}" for sku, qty in sorted(cart)))
        return message


def in_request(module: Any, request_id: str, call: Callable[[], Any]) -> Any:
    token = module.request_id.set(request_id)
    try:
        return call()
    finally:
        module.request_id.reset(token)


def in_new_thread(call: Callable[[], Any]) -> Any:
    """Run `call` in a new thread (as a worker does) and return its result or its exception."""
    box: list[Any] = []
    thread = threading.Thread(target=lambda: box.append(_attempt(call)))
    thread.start()
    thread.join(5)
    assert not thread.is_alive()
    return box[0]


def _attempt(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except Exception as exc:
        return exc


# --- the key matches the file -----------------------------------------------------------------------

def test_key_shape() -> None:
    assert isinstance(KEY, exercises.FindingsExercise) and set(FLAWS) == set(EXPECTED_TEXT)
    assert {tuple(d) for d in KEY.decoys} == set(EXPECTED_DECOY_TEXT)
    for flaw in KEY.flaws:
        assert flaw.categories <= set(taxonomy.BY_ID) and "hidden-state" in flaw.categories
        for first, last in KEY.decoys:
            assert flaw.lines[1] < first or last < flaw.lines[0], (flaw.id, first)
    assert 35 <= len(LINES) <= 45


@pytest.mark.parametrize("flaw_id", sorted(EXPECTED_TEXT))
def test_each_flaw_span_holds_the_code_meant(flaw_id: str) -> None:
    text = span_text(FLAWS[flaw_id].lines)
    assert all(fragment in text for fragment in EXPECTED_TEXT[flaw_id]), (flaw_id, text)


def test_each_decoy_span_holds_the_code_meant() -> None:
    for span, fragments in EXPECTED_DECOY_TEXT.items():
        assert all(fragment in span_text(span) for fragment in fragments), span


def test_reference_findings_find_every_flaw_and_are_the_notebooks_solution() -> None:
    found, problems = parse_findings(REFERENCE_FINDINGS.read_text())
    assert not problems and match(found, KEY).fraction == 1.0
    cell = solution_answers(MODULE)["reminder_findings"]
    assert cell.startswith("%%findings reminder\n")
    assert ast.literal_eval(cell.split("\n", 1)[1]) == ast.literal_eval(REFERENCE_FINDINGS.read_text())


def test_flagging_a_decoy_costs() -> None:
    findings = ast.literal_eval(REFERENCE_FINDINGS.read_text()) + [
        {"lines": (40, 40), "category": "hidden-state", "why": "sorts the cart"}]
    found, _ = parse_findings(repr(findings))
    assert match(found, KEY).fraction < 1.0


# --- every keyed flaw is real, from the caller that meets it ------------------------------------------

def test_shared_default_sends_the_first_customers_unsubscribe_link_to_everyone() -> None:
    module = snippet()
    ada, bob = make_customer("ada"), make_customer("bob")
    in_request(module, "req-1", lambda: module.build_reminder(ada, [("lamp", 1)]))
    # the nightly job, later, for another customer, passing no headers (inside a request here, so
    # the missing request id does not stop it first)
    later = in_request(module, "req-2", lambda: module.build_reminder(bob, [("mug", 1)]))
    assert later["To"] == "bob@example.com"
    assert later["List-Unsubscribe"] == "<https://shop.example/unsubscribe/tok-ada>"
    correct = CorrectBuilder()
    correct.build_reminder(ada, [("lamp", 1)])
    assert correct.build_reminder(bob, [("mug", 1)])["List-Unsubscribe"].endswith("/tok-bob>")


def test_missing_request_id_crashes_the_nightly_job_and_the_worker_thread() -> None:
    module = snippet()
    ada = make_customer("ada")
    with pytest.raises(LookupError):
        module.build_reminder(ada, [("lamp", 1)])                       # the nightly job: no request
    # a worker thread started from inside a request still starts with an empty context
    result = in_request(module, "req-1", lambda: in_new_thread(lambda: module.build_reminder(ada, [("lamp", 1)])))
    assert isinstance(result, LookupError)
    correct = CorrectBuilder()
    assert "X-Request-Id" not in correct.build_reminder(ada, [("lamp", 1)])
    assert isinstance(in_new_thread(lambda: correct.build_reminder(ada, [("lamp", 1)])), EmailMessage)


def test_naive_date_header_has_no_zone() -> None:
    module = snippet()
    message = in_request(module, "req-1", lambda: module.build_reminder(make_customer("ada"), [("lamp", 1)]))
    assert message["Date"].endswith("-0000")      # "local time, zone unknown": read as UTC by mail clients
    assert CorrectBuilder().build_reminder(make_customer("ada"), [("lamp", 1)])["Date"].endswith("+0000")


def test_decoys_are_correct() -> None:
    module = snippet()
    assert module.greeting("de-AT") == module.greeting("DE") == "Hallo {name},"
    assert module.greeting("pt-BR") == "Hello {name},"
    assert module.greeting("de-AT") == "Hallo {name},"     # cached, and still right: the table never changes
    cart = [("mug", 2), ("lamp", 1)]
    message = in_request(module, "req-1", lambda: module.build_reminder(make_customer("ada"), cart))
    assert cart == [("mug", 2), ("lamp", 1)]
    assert "- 1 x lamp\n- 2 x mug" in message.get_content()


# --- the assistant's own tests -----------------------------------------------------------------------------

def test_assistant_tests_pass_on_the_snippet() -> None:
    result = outcomes("reminder", SNIPPET, SCENARIO.assistant_tests, sourceless=True)
    assert len(result) == 4 and set(result.values()) == {"passed"}, result
