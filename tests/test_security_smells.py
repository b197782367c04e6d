"""Module 07 (security smells): the four scenarios' snippets, keys, fixtures, live server and Bandit agree.

Suites run the way the grader runs them, through the course's sandboxed runner (tests/scenario_runs.py).
The live experiment is a real HTTP server on 127.0.0.1; nothing leaves the machine.
"""
from __future__ import annotations

import ast
import re
import socket
import urllib.parse
from pathlib import Path

import nbformat
import pytest

from course import scenarios, taxonomy
from course.judge import code_policy, exercises
from course.judge.engine import judge_answer
from course.judge.findings import key_ambiguities, match, parse_findings
from course.kits import loopback, scanner
from course.paths import SOLUTIONS_DIR
from course.scenarios.cookie import house as cookie_house
from course.scenarios.search import experiment
from course.scenarios.shell import house as shell_house
from fix_gaming import WITHIN_POLICY
import fixture_probe
import key_versions
from key_versions import failing, snippet
from nbgrader_course import check_source_notebook, solution_answers
from scenario_runs import outcomes_many

MODULE = "07-security-smells"
FOLDER = SOLUTIONS_DIR / MODULE
KEY = exercises.load_module_key(MODULE)
NAMES = ("search", "download", "shell", "cookie")


def key_dir(name: str) -> Path:
    return key_versions.key_dir(KEY, name)


def impls(name: str) -> tuple[dict[str, Path], dict[str, Path]]:
    """(wheats by file stem, chaffs by flaw id) of a scenario's tests exercise."""
    return key_versions.impls(KEY, name)


# ---------------------------------------------------------------- the scenarios' public pieces

def test_scenarios_are_registered_in_this_module() -> None:
    for name in NAMES:
        scenario = scenarios.get(name)
        assert scenario.module == MODULE and scenario.snippet_path().parent.name == MODULE
        assert scenario.assistant_tests.is_file()
    assert {ex.id for ex in KEY.values()} == {"search_tests", "search_findings", "search_fix", "download_tests",
                                              "download_fix", "shell_findings", "cookie_findings", "cookie_fix"}


@pytest.mark.parametrize("name", NAMES)
def test_snippets_look_finished(name: str) -> None:
    source = snippet(name).read_text()
    compile(source, name, "exec")
    assert "TODO" not in source and "bug" not in source.lower() and "vulnerab" not in source.lower()


def test_assistant_tests_pass_on_every_snippet_and_wheat() -> None:
    for name in NAMES:
        versions = {"snippet": snippet(name)}
        if f"{name}_tests" in KEY:
            versions.update(impls(name)[0])
        for ex in KEY.values():
            if ex.scenario == name and isinstance(ex, exercises.FixExercise):
                versions["fix"] = ex.key_dir / ex.reference
        runs = outcomes_many(name, versions, scenarios.get(name).assistant_tests, sourceless=True)
        for version, result in runs.items():
            assert result and set(result.values()) == {"passed"}, (name, version, result)


def test_keys_are_unambiguous_and_use_the_taxonomy() -> None:
    for ex in KEY.values():
        if isinstance(ex, exercises.FindingsExercise):
            assert key_ambiguities(ex) == [], ex.id
            for flaw in ex.flaws:
                assert flaw.categories <= set(taxonomy.BY_ID), flaw.id
    assert "injection" in {c for ex in KEY.values() if isinstance(ex, exercises.FindingsExercise)
                           for f in ex.flaws for c in f.categories}


# ---------------------------------------------------------------- learner tests: wheats and chaffs

EXPECTED_CATCHES = {
    "search": {"injection": ["test_only_the_tenants_own_orders_whatever_the_text", "test_a_quote_is_just_a_character"],
               "injection-percent": ["test_only_the_tenants_own_orders_whatever_the_text",
                                     "test_a_quote_is_just_a_character"],
               "wildcards": ["test_wildcards_match_only_themselves"],
               "no-escape-clause": ["test_wildcards_match_only_themselves"]},
    "download": {flaw: ["test_no_path_leads_outside_the_folder"]
                 for flaw in ("dotdot", "absolute", "prefix", "strip-bypass")},
}


@pytest.mark.parametrize("name", ["search", "download"])
def test_reference_suite_passes_every_wheat_and_catches_each_chaff(name: str) -> None:
    wheats, chaffs = impls(name)
    assert len(wheats) >= 2 and set(chaffs) == set(KEY[f"{name}_tests"].flaw_titles)
    runs = outcomes_many(name, {"snippet": snippet(name), **wheats, **chaffs}, key_dir(name) / "reference_tests.py",
                         sourceless=True)
    for wheat in wheats:
        assert set(runs[wheat].values()) == {"passed"}, (wheat, runs[wheat])
    for flaw in chaffs:
        assert failing(runs[flaw]) == EXPECTED_CATCHES[name][flaw], (flaw, runs[flaw])
    assert failing(runs["snippet"]), runs["snippet"]


def test_wheats_that_look_like_the_bug_and_chaffs_that_look_like_the_fix() -> None:
    search_wheats, search_chaffs = impls("search")
    assert 'f"SELECT' in search_wheats["wheat_like_escaped"].read_text()          # an f-string into SQL, correct
    assert ".replace(\"'\", \"''\")" in search_chaffs["wildcards"].read_text()     # the half-fix
    assert "LIKE ?" in search_chaffs["no-escape-clause"].read_text()               # parameterised, still wrong
    download_wheats, download_chaffs = impls("download")
    assert "startswith(root + os.sep)" in download_wheats["wheat_like_snippet"].read_text()
    assert "realpath" in download_chaffs["prefix"].read_text()


def test_over_the_spec_tests_are_false_alarms_on_a_wheat() -> None:
    refuses_quotes = ('import pytest\n\ndef test_quotes_are_refused(search):\n'
                      '    with pytest.raises(ValueError):\n        search("acme", "O\'Brien")\n')
    runs = outcomes_many("search", impls("search")[0], refuses_quotes, sourceless=True)
    assert all(failing(r) == ["test_quotes_are_refused"] for r in runs.values()), runs
    dotdot_inside = ('def test_dot_dot_inside_is_served(site, download):\n'
                     '    assert download("2024/../report.txt") == site.files["report.txt"]\n')
    runs = outcomes_many("download", impls("download")[0], dotdot_inside, sourceless=True)
    assert failing(runs["wheat_pathlib"]) == ["test_dot_dot_inside_is_served"], runs   # the spec leaves it open


# ---------------------------------------------------------------- fix exercises: hidden tests

def test_search_hidden_tests() -> None:
    ex = KEY["search_fix"]
    wheats, chaffs = impls("search")
    runs = outcomes_many("search", {"snippet": snippet("search"), "fix": ex.key_dir / ex.reference, **wheats, **chaffs},
                         ex.key_dir / ex.hidden_tests, sourceless=True)
    for name in ("fix", *wheats):
        assert set(runs[name]) == set(ex.properties) and set(runs[name].values()) == {"passed"}, (name, runs[name])
    injection = ["test_no_text_reaches_another_tenants_orders", "test_quotes_and_backslashes_are_characters"]
    assert failing(runs["injection"]) == failing(runs["injection-percent"]) == injection
    assert failing(runs["wildcards"]) == failing(runs["no-escape-clause"]) == ["test_wildcards_are_characters"]
    assert sorted(failing(runs["snippet"])) == sorted(injection + ["test_wildcards_are_characters"])


def test_cookie_hidden_tests(tmp_path: Path) -> None:
    ex = KEY["cookie_fix"]
    fix = (ex.key_dir / ex.reference).read_text()
    # the half-fix: the signature always required, pickle kept (safe until the key leaks)
    signed_pickle = tmp_path / "signed_pickle.py"
    signed_pickle.write_text(snippet("cookie").read_text().replace("if signature and not hmac", "if not hmac"))
    runs = outcomes_many("cookie", {"snippet": snippet("cookie"), "fix": fix, "signed_pickle": signed_pickle},
                         ex.key_dir / ex.hidden_tests, sourceless=True)
    assert set(runs["fix"]) == set(ex.properties) and set(runs["fix"].values()) == {"passed"}, runs["fix"]
    assert failing(runs["snippet"]) == ["test_unsigned_cookies_give_the_empty_cart",
                                        "test_no_cookie_runs_code_even_with_the_key"]
    assert failing(runs["signed_pickle"]) == ["test_no_cookie_runs_code_even_with_the_key"]


# The snippet's logic within the fix policy (pathlib for the files): what a learner who only swaps `os` and `open()`
# for pathlib submits. And a fix that decodes %2e after its check: the encoded gate must catch it.
SNIPPET_IN_PATHLIB = WITHIN_POLICY["download_fix"]


DECODES_AFTER_ITS_CHECK = '''from pathlib import Path


def read_download(root: str, requested: str) -> bytes:
    folder = Path(root).resolve()
    if not (folder / requested).resolve().is_relative_to(folder):
        raise FileNotFoundError(requested)
    path = (folder / requested.replace("%2e", ".").replace("%2f", "/")).resolve()   # decoded after the check
    if not path.is_file():
        raise FileNotFoundError(requested)
    return path.read_bytes()
'''


# The snippet's logic with the files outside the folder out of the way while it runs (the policy allows pathlib, which
# can rename and delete): hidden for the length of each request and put back, or deleted. Before the hidden tests
# checked site.untouched(), the hider earned full marks with the snippet's logic (measured).
HIDES_THE_FILES_OUTSIDE = SNIPPET_IN_PATHLIB.replace("def read_download(", "def _snippet(") + '''

def read_download(root: str, requested: str) -> bytes:
    away = []
    for path in sorted(Path(root).parent.parent.rglob("*")):
        if path.is_file() and not path.is_relative_to(Path(root)):
            path.rename(path.with_name(path.name + ".away"))
            away.append(path)
    try:
        return _snippet(root, requested)
    finally:
        for path in away:
            path.with_name(path.name + ".away").rename(path)
'''
DELETES_THE_FILES_OUTSIDE = SNIPPET_IN_PATHLIB.replace("def read_download(", "def _snippet(") + '''

def read_download(root: str, requested: str) -> bytes:
    for path in sorted(Path(root).parent.parent.rglob("*")):
        if path.is_file() and not path.is_relative_to(Path(root)):
            path.unlink()
    return _snippet(root, requested)
'''


@pytest.mark.parametrize("source", [HIDES_THE_FILES_OUTSIDE, DELETES_THE_FILES_OUTSIDE], ids=["hides", "deletes"])
def test_a_download_fix_that_moves_the_files_outside_earns_nothing(source: str) -> None:
    ex = KEY["download_fix"]
    assert code_policy.violations(source, code_policy.FIX, frozenset(ex.allowed_imports)) == []   # it is run
    verdict = judge_answer(ex, "%%fix download\n" + source)
    assert "passed" in verdict.details and verdict.fraction == 0.0, verdict.feedback
    assert not set(verdict.details["passed"]) - set(verdict.details["gates"]), verdict.feedback


def test_download_hidden_tests() -> None:
    ex = KEY["download_fix"]
    wheats, chaffs = impls("download")
    runs = outcomes_many("download", {"snippet": snippet("download"), "fix": ex.key_dir / ex.reference,
                                      **wheats, **chaffs}, ex.key_dir / ex.hidden_tests, sourceless=True)
    for name in ("fix", *wheats):     # every correct version, whatever it does where the spec leaves freedom
        assert set(runs[name]) == set(ex.properties) and set(runs[name].values()) == {"passed"}, (name, runs[name])
    credited = ["test_absolute_paths_never_lead_outside", "test_disguised_parent_folders_never_lead_outside"]
    assert sorted(failing(runs["snippet"])) == credited
    assert failing(runs["absolute"]) == ["test_absolute_paths_never_lead_outside"]
    assert failing(runs["strip-bypass"]) == ["test_disguised_parent_folders_never_lead_outside"]
    assert sorted(failing(runs["dotdot"])) == ["test_disguised_parent_folders_never_lead_outside",
                                               "test_parent_folders_never_lead_outside"]
    assert sorted(failing(runs["prefix"])) == sorted(credited + ["test_parent_folders_never_lead_outside"])


def test_download_fix_scores_honestly() -> None:
    ex = KEY["download_fix"]
    reference = judge_answer(ex, "%%fix download\n" + (ex.key_dir / ex.reference).read_text())
    assert reference.fraction == 1.0, reference.feedback
    same_logic = judge_answer(ex, "%%fix download\n" + SNIPPET_IN_PATHLIB)
    assert "passed" in same_logic.details and same_logic.fraction == 0.0, same_logic.feedback
    decodes_late = DECODES_AFTER_ITS_CHECK
    late = judge_answer(ex, "%%fix download\n" + decodes_late)
    assert "test_encoded_paths_never_lead_outside" not in late.details["passed"], late.feedback
    assert 0.0 < late.fraction < 1.0, late.feedback          # a gate broken: the score scaled down, not zeroed
    # a judged root looks like a server's folder, not a test's (a root under /tmp told a fix it was judged)
    from course.judge import sandbox
    from course.judge.testrun import run_suite
    suite = "def test_root(site):\n    assert site.root == 'shown', site.root\n"
    result = run_suite(suite, (ex.key_dir / ex.reference).read_text(), scenarios.get("download"), split=True)
    assert result.problem is None, result.problem
    root = result.results["test_root"].message.removeprefix("AssertionError: ")
    assert root.endswith("/portal/files/acme") and not root.startswith(("/tmp/", "/var/tmp/")), root
    if sandbox.sandbox_available():
        assert root == str(sandbox.WORKDIR_INSIDE / "portal" / "files" / "acme"), root


@pytest.mark.parametrize("exercise", ["search_fix", "cookie_fix", "download_fix"])
def test_the_snippet_as_a_fix_earns_nothing(exercise: str) -> None:
    ex = KEY[exercise]
    verdict = judge_answer(ex, f"%%fix {ex.scenario}\n" + snippet(ex.scenario).read_text())
    assert verdict.fraction == 0.0, verdict.feedback


# ---------------------------------------------------------------- findings: spans, proofs, decoys

SPAN_TEXT = {
    ("search", "injection"): ["f\"WHERE tenant = ? AND product LIKE '%{text}%' \""],
    ("search", "wildcards"): ["LIKE '%{text}%'"],
    ("shell", "archive-label"): ['archive = f"{ARCHIVES}/{label}.tar.gz"', 'subprocess.run(f"tar -czf {archive}',
                                 "shell=True"],
    ("shell", "grep-options"): ['subprocess.run(["grep", "-rl", text, folder]'],
    ("cookie", "unsigned-accepted"): ["if signature and not hmac.compare_digest", "return _empty()"],
    ("cookie", "pickle-loads"): ["return pickle.loads(data)"],
}
DECOY_TEXT = {
    "search": ["ORDER BY {SORTS[sort]}"],
    "shell": ['command = f"convert {shlex.quote(upload)}', "subprocess.run(command, shell=True"],
    "cookie": ["hmac.new(key, data, hashlib.sha256)", "except Exception:"],
}


@pytest.mark.parametrize("name", ["search", "shell", "cookie"])
def test_flaw_and_decoy_spans_point_at_the_code_they_describe(name: str) -> None:
    ex = KEY[f"{name}_findings"]
    lines = snippet(name).read_text().splitlines()
    for flaw in ex.flaws:
        span = lines[flaw.lines[0] - 1:flaw.lines[1]]
        for line, expected in zip(span, SPAN_TEXT[(name, flaw.id)], strict=True):
            assert expected in line, (flaw.id, line)
    decoy_lines = [line for first, last in ex.decoys for line in lines[first - 1:last]]
    assert all(any(d in line for line in decoy_lines) for d in DECOY_TEXT[name]), decoy_lines


@pytest.mark.parametrize("name", ["search", "shell", "cookie"])
def test_notebook_findings_find_every_flaw_and_each_decoy_costs(name: str) -> None:
    ex = KEY[f"{name}_findings"]
    found, problems = parse_findings(solution_answers(MODULE)[f"{name}_findings"])
    assert not problems and match(found, ex).fraction == 1.0
    reference = ast.literal_eval((ex.key_dir / "reference_findings.py").read_text())
    assert [(f.first, f.last, f.category) for f in found] == [(*r["lines"], r["category"]) for r in reference]
    for first, last in ex.decoys:
        decoy = repr([{"lines": (first, last), "category": "injection", "why": "looks unsafe"}])
        assert match(parse_findings(decoy)[0], ex).fraction == 0.0, (first, last)


def test_shell_flaws_show_in_the_recorded_commands() -> None:
    from course.sandboxed.fresh_module import fresh_import  # noqa: F401  (the fixture's loader, same module)
    from course.kits import race
    media = race.fresh_copy(snippet("shell"))
    recorder = shell_house.Recorder()
    media.subprocess = recorder
    media.archive_uploads("/srv/uploads/acme", "q3; touch /tmp/marker")
    assert recorder.commands[-1]["shell"] and ";" in recorder.commands[-1]["words"]   # a second command
    assert media.archive_uploads("/srv/uploads/acme", "../../etc/cron.d/x") == "/var/archive/../../etc/cron.d/x.tar.gz"
    media.search_uploads("/srv/uploads/acme", "-f/etc/passwd")
    assert recorder.commands[-1]["words"][:3] == ["grep", "-rl", "-f/etc/passwd"]    # an option, not a pattern
    media.make_thumbnail("/srv/uploads/acme/a b;c.jpg", "120")                       # the decoy: one word each
    assert recorder.commands[-1]["words"] == ["convert", "/srv/uploads/acme/a b;c.jpg", "-thumbnail", "120x",
                                              "/srv/uploads/acme/a b;c_w120.png"]
    with pytest.raises(ValueError):
        media.make_thumbnail("/srv/uploads/acme/a.jpg", "1; id")


def test_the_cookie_exploit_runs_on_the_snippet_and_not_on_the_fix() -> None:
    from course.kits import race
    key = b"k"
    for path, runs in ((snippet("cookie"), True), (KEY["cookie_fix"].key_dir / "fix.py", False)):
        module = race.fresh_copy(path)
        cookie_house.reset()
        cart = module.load_cart(cookie_house.exploit_cookie("probe"), key)
        assert (cookie_house.marks() == ["probe"]) is runs, path.name
        assert (cart["coupon"] == "RAN-CODE") is runs
        cheap = module.load_cart(cookie_house.unsigned_cookie({"items": [["lamp", 1, 1]], "coupon": None}), key)
        assert (cheap["items"] == [["lamp", 1, 1]]) is runs
    cookie_house.reset()


# ---------------------------------------------------------------- fixtures hand out behaviour only

PROBES = {
    "search": (["shop", "search"], "    found = search('acme', 'mug')\n", ["found"]),
    "download": (["site", "download"], "    data = download('report.txt')\n", ["data"]),
}


@pytest.mark.parametrize("name", ["search", "download"])
def test_probing_the_fixtures_tells_no_version_apart(name: str) -> None:
    fixtures, setup, made = PROBES[name]
    wheats, chaffs = impls(name)
    versions = {"snippet": snippet(name), **wheats, **{k: v for k, v in list(chaffs.items())[:2]}}
    runs = outcomes_many(name, versions, fixture_probe.probe_suite(fixtures, setup=setup, made=made), sourceless=True)
    for result in runs.values():
        fixture_probe.assert_probe_ran(result)
    assert len({tuple(sorted(r.items())) for r in runs.values()}) == 1, runs


# ---------------------------------------------------------------- the live experiment on loopback

PAYLOADS = ["mug", "O'Brien", "100%", "x' OR tenant <> '"]
ESCAPES = ["report.txt", "../acme-labs/contract.txt", "....//acme-labs/contract.txt", "../../config/secrets.env"]


def test_live_server_shows_the_attacks_working_on_the_assistants_code() -> None:
    table = experiment.run(PAYLOADS, ESCAPES)
    assert list(table.columns) == experiment.COLUMNS and len(table) == 8
    search = table[table["endpoint"] == "search"].set_index("you sent")
    assert search.loc[repr("mug"), "status"] == 200 and search.loc[repr("mug"), "another tenant's orders"] == 0
    assert search.loc[repr("O'Brien"), "status"] == 500
    assert "100 pens" in search.loc[repr("100%"), "came back"]
    assert search.loc[repr("x' OR tenant <> '"), "another tenant's orders"] == 3
    files = table[table["endpoint"] == "download"].set_index("you sent")
    assert files["file from outside the folder"].tolist() == ["no", "", "yes", ""]
    assert experiment.run(PAYLOADS, ESCAPES).equals(table)                   # the same on every run


def test_live_server_serves_your_fix(monkeypatch) -> None:
    from course.notebook import answer_store
    fix = (KEY["search_fix"].key_dir / "fix.py").read_text()
    monkeypatch.setattr(answer_store, "_ANSWERS", {"search_fix": "%%fix search\n" + fix})
    table = experiment.run(PAYLOADS, [], search_code="your fix").set_index("you sent")
    assert table["status"].tolist() == [200, 200, 200, 200]
    assert table.loc[repr("O'Brien"), "came back"] == "6: O'Brien's tea"
    assert table.loc[repr("100%"), "came back"].startswith("3: Coupon")
    assert table.loc[repr("x' OR tenant <> '"), "came back"] == "(no orders)"


def test_live_server_serves_your_download_fix(monkeypatch) -> None:
    from course.notebook import answer_store
    fix = (KEY["download_fix"].key_dir / "fix.py").read_text()
    monkeypatch.setattr(answer_store, "_ANSWERS", {"download_fix": "%%fix download\n" + fix})
    escapes = ESCAPES + ["/" + "%2e%2e/acme-labs/contract.txt"]
    mine = experiment.run([], escapes, download_code="your fix").set_index("you sent")
    assert mine["status"].tolist() == [200, 404, 404, 404, 404], mine
    assert mine.loc[repr("report.txt"), "file from outside the folder"] == "no"
    theirs = experiment.run([], escapes).set_index("you sent")       # the same paths, the assistant's handler
    assert theirs.loc[repr("....//acme-labs/contract.txt"), "file from outside the folder"] == "yes"


def test_loopback_server_stops_by_itself_and_talks_to_loopback_only() -> None:
    def app(method, path, query, headers):
        if path == "/boom":
            raise RuntimeError("handler failed")
        return 200, "text/plain", f"{path}?{urllib.parse.urlencode(query)}".encode()

    with loopback.serve(app) as base:
        assert base.startswith("http://127.0.0.1:")
        assert loopback.get(base + "/files/../x?q=1") == (200, b"/files/../x?q=1")
        status, body = loopback.get(base + "/boom")
        assert status == 500 and b"RuntimeError" in body
        port = int(base.rsplit(":", 1)[1])
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0          # nothing listens any more
    with pytest.raises(ValueError, match="loopback only"):
        loopback.get("http://example.com/")


# ---------------------------------------------------------------- Bandit, the second opinion

def test_bandit_flags_the_decoys_and_misses_the_traversal_and_the_skipped_check() -> None:
    table = scanner.bandit_findings([snippet(n) for n in NAMES])
    by_file = {f: set(map(tuple, table[table["file"] == f]["lines"])) for f in table["file"].unique()}
    assert "downloads.py" not in by_file                                        # the traversal: nothing
    assert any(first <= 23 <= last for first, last in by_file["search.py"])     # the f-string query
    assert (19, 19) in by_file["media.py"] and any(first <= 33 <= last for first, last in by_file["media.py"])
    assert (36, 36) in by_file["cart_cookie.py"]
    assert not any(first <= 34 <= last for first, last in by_file["cart_cookie.py"])   # the skipped signature check
    tests = set(table["test"].str.split().str[0])
    assert {"B608", "B602", "B301"} <= tests


def test_beside_pairs_findings_with_bandit_by_line() -> None:
    table = scanner.bandit_findings([snippet("shell")])
    mine = [{"lines": (32, 34), "category": "injection", "why": "label in the shell"},
            {"lines": (25, 25), "category": "injection", "why": "grep options"}]
    frame = scanner.beside(mine, table, "media.py")
    rows = dict(zip(frame["lines"], frame["bandit"]))
    assert "B602" in rows["32-34"] and "B603" in rows["25"] and "B607" in rows["25"]
    assert rows["19"].startswith("B602") and frame.set_index("lines").loc["19", "you"] == "(nothing)"
    assert scanner.beside(None, table, "media.py")["you"].eq("(nothing)").all()


# ---------------------------------------------------------------- the notebook

def test_notebook_cells_are_the_key_files_and_the_structure_holds() -> None:
    nb = nbformat.read(str(next(FOLDER.glob("*.ipynb"))), as_version=4)
    points = check_source_notebook(nb, KEY)
    answers = solution_answers(MODULE)
    assert answers["search_tests"].strip() == "%%tests search\n" + (key_dir("search") / "reference_tests.py").read_text().strip()
    assert answers["search_fix"].strip() == "%%fix search\n" + (key_dir("search") / "fix.py").read_text().strip()
    assert answers["cookie_fix"].strip() == "%%fix cookie\n" + (key_dir("cookie") / "fix.py").read_text().strip()
    assert answers["download_fix"].strip() == "%%fix download\n" + (key_dir("download") / "fix.py").read_text().strip()
    assert points == {"search_tests_score": 4, "download_tests_score": 3, "search_findings_score": 3,
                      "search_fix_score": 4, "download_fix_score": 3, "shell_findings_score": 2,
                      "cookie_findings_score": 2, "cookie_fix_score": 3}
    ids = [c.id for c in nb.cells]
    order = [ids.index(i) for i in ("search_tests", "download_tests", "live", "reveal", "search_findings", "bandit",
                                    "search_fix", "download_fix", "shell_findings", "cookie_findings", "cookie-bandit", "cookie_fix",
                                    "review-md", "catalog")]
    assert order == sorted(order)
    assert "live_enabled()" in nb.cells[ids.index("live")].source
    text = "".join(c.source for c in nb.cells)
    for figure in ("2108.09293", "2211.03622", "about 40%", "45%", "61.7%", "vendor"):
        assert figure in text, figure


# Words that name a flaw; none may appear in what the notebook says before the step that asks for it.
GIVEAWAYS = {
    "findings-md": ("inject", "wildcard", "escape", "traversal", "f-string", "parameter", "tenant <>"),
    "download_tests": ("traversal", "prefix", "startswith", "acme-labs", "....//"),
    "shell_findings": ("`--`", "shlex.quote makes", "an option", "metachar"),
    "cookie_findings": ("pickle", "unsigned", "without a signature", "no signature"),
}


def test_no_flaw_is_named_before_the_step_that_asks_for_it() -> None:
    nb = nbformat.read(str(next(FOLDER.glob("*.ipynb"))), as_version=4)
    ids = [c.id for c in nb.cells]
    for step, words in GIVEAWAYS.items():
        before = [c for c in nb.cells[:ids.index(step)] if c.cell_type == "markdown"]
        for cell in before:
            prose = cell.source.lower()
            for word in words:
                assert word not in prose, (step, cell.id, word)


def test_search_tests_feedback_names_spec_rules_not_flaws() -> None:
    """The tests are scored before the findings step: their feedback may say which rule broke, not what the flaw is."""
    ex = KEY["search_tests"]
    verdict = judge_answer(ex, solution_answers(MODULE)["search_tests"])
    weak = judge_answer(ex, "%%tests search\ndef test_mugs(search):\n"
                            "    assert [o['id'] for o in search('acme', 'mug')] == [7, 2, 1]\n")
    assert verdict.fraction == 1.0 and weak.fraction == 0.0
    assert "rule of the spec" in verdict.feedback and "4 broken implementation(s) still pass" in weak.feedback
    for feedback in (verdict.feedback, weak.feedback):
        # the judge's own words: without the learner's test names (their own words, quoted back to them)
        feedback = "\n".join(re.sub(r"\btest_\w+", "", line) for line in feedback.splitlines()
                              if not line.startswith("Your tests:"))
        for word in ("f-string", "wildcard", "LIKE", "SQL", "ESCAPE", "%-format", "quote"):
            assert word not in feedback, (word, feedback)


def test_cookie_live_check_runs_the_marker_on_the_snippet_only(monkeypatch) -> None:
    from course.notebook import answer_store
    from course.scenarios.cookie import experiment as cookie_experiment
    monkeypatch.setattr(answer_store, "_ANSWERS", {})
    alone = cookie_experiment.run()
    assert set(alone["code"]) == {"the assistant's code"} and len(alone) == 4
    assert alone["code ran on the server"].tolist() == ["no", "no", "yes: unsigned exploit", "yes: signed exploit"]
    fix = (KEY["cookie_fix"].key_dir / "fix.py").read_text()
    monkeypatch.setattr(answer_store, "_ANSWERS", {"cookie_fix": "%%fix cookie\n" + fix})
    both = cookie_experiment.run()
    mine = both[both["code"] == "your fix"]
    assert mine["code ran on the server"].eq("no").all()
    assert mine["load_cart returned"].tolist()[1:] == [repr({"items": [], "coupon": None})] * 3
    assert "2500" in mine["load_cart returned"].iloc[0] and cookie_house.marks() == []


def test_a_learner_test_cannot_reach_the_shops_connection() -> None:
    suite = ("def test_reach(shop):\n"
             "    assert not hasattr(shop, '_search_with') and not hasattr(shop, '_conn')\n"
             "    assert sorted(n for n in dir(shop) if not n.startswith('_')) == "
             "['add_order', 'order_ids', 'tenant_of']\n")
    from course.judge.testrun import run_suite
    # split, as the judge runs learner tests: the shop reaches the tests' process only as a proxy
    result = run_suite(suite, snippet("search").read_text(), scenarios.get("search"), sourceless=True, split=True)
    assert result.problem is None and result.results["test_reach"].outcome == "passed", result.output[-2000:]
