"""The practice bank: every item meets the rules, the bank meets the coverage targets, and the check can fail.

Why the last part: a check that never reports anything proves nothing, so temp items with one planted
defect each (a vacuous witness, overlapping spans, a broken witness, a stale output file) must be reported.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
import textwrap

import pytest

from course.practice import bank
from course.taxonomy import BY_ID

FOLDERS = bank.item_folders()


@pytest.fixture(scope="module", autouse=True)
def one_second_interpreter_for_all_items() -> None:
    """The check reruns every witness in a fresh interpreter; one for the whole bank, not one per item."""
    items = []
    for folder in FOLDERS:
        try:
            items.append(bank.load_item(folder))
        except bank.BankError:
            pass  # its own test reports it
    bank.run_in_another_process(items)


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_item_meets_the_rules(folder: Path) -> None:
    item = bank.load_item(folder)
    problems = bank.check_item(item)
    assert problems == [], f"{item.id}:\n  " + "\n  ".join(problems)


def test_bank_meets_the_coverage_targets() -> None:
    items = bank.load_bank()
    flawed = Counter(item.main_category for item in items if not item.flaw_free)
    short = {c: flawed[c] for c in BY_ID if flawed[c] < 6}
    free = sum(item.flaw_free for item in items)
    codebases = {item.codebase for item in items}
    assert len(items) >= 120, f"{len(items)} items (want at least 120)"
    assert not short, f"categories with fewer than 6 flawed items: {short}"
    assert free >= 0.2 * len(items), f"{free} of {len(items)} items are flaw-free (want at least 20%)"
    assert len(codebases) >= 8, f"items in {len(codebases)} codebases: {sorted(codebases)}"


# ------------------------------------------------------------------------------ the check itself can fail

SNIPPET = '''\
"""Stock for the shop."""
from __future__ import annotations


def take(stock: dict[str, int], sku: str) -> bool:
    """Take one unit of `sku` if any is left."""
    if stock.get(sku, 0) >= 0:
        stock[sku] = stock.get(sku, 0) - 1
        return True
    return False


def count(stock: dict[str, int]) -> int:
    """Units in stock."""
    return sum(stock.values())
'''

WITNESS = '''\
def test_the_last_unit_goes_once(impl) -> None:
    stock = {"a": 1}
    assert impl.take(stock, "a"), "the first buyer got nothing"
    assert not impl.take(stock, "a"), f"a second buyer got the last unit too: stock is now {stock['a']}"
'''

TOML = '''\
id = "{id}"
codebase = "shop"
request = "Add take(stock, sku) that takes one unit if any is left."
difficulty = 1

[[flaws]]
lines = [7, 7]
tolerance = [6, 8]
categories = ["edge-case"]
question = 1
explanation = "The check lets stock reach zero and then go below. The test only took one unit."
witness = "test_the_last_unit_goes_once"

[[fix]]
lines = [7, 7]
text = \'\'\'
    if stock.get(sku, 0) > 0:
\'\'\'
'''


def make_item(root: Path, item_id: str = "shop-take-one", *, snippet: str = SNIPPET, witness: str = WITNESS,
              toml: str = TOML, refresh: bool = True) -> bank.Item:
    """A temp item folder under `root`, with its witness_output.json written when the witness behaves."""
    folder = root / item_id
    folder.mkdir()
    (folder / "snippet.py").write_text(snippet)
    (folder / "witness.py").write_text(witness)
    (folder / "item.toml").write_text(toml.replace("{id}", item_id))
    item = bank.load_item(folder)
    if refresh:
        outputs, _ = bank.witness_outputs(item)
        bank.write_outputs(item, outputs)
    return item


def test_a_well_formed_temp_item_passes(tmp_path: Path) -> None:
    item = make_item(tmp_path)
    assert bank.check_item(item) == []
    assert bank.read_outputs(item) == {"test_the_last_unit_goes_once": {
        "snippet": "a second buyer got the last unit too: stock is now -1", "other": "passed"}}


def test_a_witness_that_passes_on_the_snippet_is_reported(tmp_path: Path) -> None:
    vacuous = WITNESS.replace('assert not impl.take(stock, "a")', "assert True")
    item = make_item(tmp_path, witness=vacuous)
    assert any("passes on the snippet" in p for p in bank.check_item(item))


def test_overlapping_flaw_spans_are_reported(tmp_path: Path) -> None:
    second = TOML.split("[[fix]]")[0].replace("[[flaws]]\nlines = [7, 7]\ntolerance = [6, 8]",
                                               "[[flaws]]\nlines = [8, 9]")
    second = second[second.index("[[flaws]]"):].replace("test_the_last_unit_goes_once", "test_other")
    toml = TOML.replace("[[fix]]", second + "\n[[fix]]")
    item = make_item(tmp_path, toml=toml, witness=WITNESS + "\n\ndef test_other(impl) -> None:\n    assert False\n")
    assert any("overlaps" in p for p in bank.check_item(item))


def test_a_witness_raising_type_error_is_reported_as_broken(tmp_path: Path) -> None:
    broken = WITNESS.replace('stock = {"a": 1}', 'stock = {"a": 1}\n    impl.take(stock)')
    item = make_item(tmp_path, witness=broken, refresh=False)
    outcome = bank.run_witness(item, "test_the_last_unit_goes_once", "snippet")
    assert not outcome.passed and outcome.error and outcome.error.startswith("TypeError")
    assert any("broken" in p and "TypeError" in p for p in bank.check_item(item))


def test_a_stale_witness_output_is_reported(tmp_path: Path) -> None:
    item = make_item(tmp_path)
    bank.write_outputs(item, {"test_the_last_unit_goes_once": {"snippet": "stock is now -2", "other": "passed"}})
    assert any("stale" in p for p in bank.check_item(item))
    (item.folder / bank.OUTPUT_FILE).unlink()
    assert any("missing" in p for p in bank.check_item(item))


def test_a_nondeterministic_witness_is_reported(tmp_path: Path) -> None:
    flaky = WITNESS + textwrap.dedent('''
        import itertools
        _runs = itertools.count()

        def test_flaky(impl) -> None:
            assert False, f"run {next(_runs)}"
        ''')
    # witness.py is loaded fresh per run, so module state cannot carry over: count through a builtin module
    flaky = flaky.replace("_runs = itertools.count()",
                          "import sys\n_runs = sys.modules.setdefault('_bank_test_runs', itertools.count())")
    toml = TOML.replace("test_the_last_unit_goes_once", "test_flaky")
    item = make_item(tmp_path, witness=flaky, toml=toml, refresh=False)
    assert any("not deterministic" in p for p in bank.check_item(item))


def test_a_message_that_changes_between_processes_is_reported(tmp_path: Path) -> None:
    # the hash seed stands in for anything that differs between interpreters (set order of strings)
    seeded = WITNESS.replace(
        '    stock = {"a": 1}\n', '    import os\n    stock = {"a": 1}\n').replace(
        "stock is now {stock['a']}", "stock is now {stock['a']} (seed {os.environ.get('PYTHONHASHSEED')})")
    item = make_item(tmp_path, witness=seeded, refresh=False)
    assert any("not deterministic" in p and "fresh interpreter" in p for p in bank.check_item(item))


def test_giveaway_words_and_bad_keys_are_reported(tmp_path: Path) -> None:
    snippet = SNIPPET.replace('"""Units in stock."""', '"""Units in stock."""  # TODO: racy under load')
    toml = TOML.replace("difficulty = 1", "difficulty = 4").replace('["edge-case"]', '["edge-cases"]')
    item = make_item(tmp_path, snippet=snippet, toml=toml)
    problems = bank.check_item(item)
    assert any("gives the flaw away" in p and "TODO" in p for p in problems)
    assert any("gives the flaw away" in p and "racy" in p for p in problems)
    assert any("difficulty 4" in p for p in problems)
    assert any("'edge-cases' is not a taxonomy id" in p for p in problems)
    assert not bank._giveaways("def debug_trace(embrace):\n    return 'graceful'\n")


def test_witnesses_may_import_the_kit_and_nothing_else_of_the_course(tmp_path: Path) -> None:
    kit_witness = WITNESS.replace("def test_the_last_unit_goes_once",
                                  "from course.practice import witness_kit\n\n\ndef test_the_last_unit_goes_once")
    kit_witness = kit_witness.replace("    stock = {\"a\": 1}\n", "    assert witness_kit.passes(lambda: None)\n    stock = {\"a\": 1}\n")
    assert bank.check_item(make_item(tmp_path, witness=kit_witness)) == []
    other = kit_witness.replace("from course.practice import witness_kit",
                                "from course.practice import witness_kit, bank")
    problems = bank.check_item(make_item(tmp_path, "shop-take-two", witness=other))
    assert any("witness.py" in p and "'course.practice.bank'" in p for p in problems)
    in_snippet = SNIPPET.replace("from __future__ import annotations\n",
                                 "from __future__ import annotations\nfrom course.practice import witness_kit\n")
    problems = bank._check_code(make_item(tmp_path, "shop-take-three", snippet=in_snippet, refresh=False))
    assert any(p.startswith("snippet.py") and "witness_kit" in p for p in problems)


def test_a_malformed_item_names_the_item_and_the_field(tmp_path: Path) -> None:
    with pytest.raises(bank.BankError, match=r"shop-take-one\.flaws\[1\]\.lines"):
        make_item(tmp_path, toml=TOML.replace("lines = [7, 7]\ntolerance", "lines = 7\ntolerance"))


def test_apply_edits_replaces_bottom_up_and_refuses_overlaps() -> None:
    source = "a\nb\nc\nd\n"
    edits = [bank.Edit((1, 1), "A1\nA2\n"), bank.Edit((3, 4), "")]
    assert bank.apply_edits(source, edits) == "A1\nA2\nb\n"
    assert bank.apply_edits(source, [bank.Edit((2, 2), "b\nb2")]) == "a\nb\nb2\nc\nd\n"
    with pytest.raises(bank.BankError, match="overlap"):
        bank.apply_edits(source, [bank.Edit((1, 2), "x\n"), bank.Edit((2, 3), "y\n")])
    with pytest.raises(bank.BankError):
        bank.apply_edits(source, [bank.Edit((4, 5), "x\n")])


def test_load_version_runs_dataclasses_and_leaves_nothing_in_sys_modules(tmp_path: Path) -> None:
    import sys
    snippet = SNIPPET + "\n\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass Line:\n    sku: str\n"
    item = make_item(tmp_path, snippet=snippet)
    before = set(sys.modules)
    module = bank.load_version(item, "fixed")
    assert module.Line("a").sku == "a" and module.take({"a": 0}, "a") is False
    assert set(sys.modules) - before == set()


def test_a_hung_witness_is_stopped_and_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hung = WITNESS + "\n\ndef test_hangs(impl) -> None:\n    while True:\n        pass\n"
    item = make_item(tmp_path, witness=hung)
    monkeypatch.setattr(bank, "WITNESS_HARD_LIMIT", 0.2)
    outcome = bank.run_witness(item, "test_hangs", "snippet")
    assert not outcome.passed and outcome.error and "did not finish" in outcome.error
