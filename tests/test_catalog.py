"""The personal catalog: appends in the learner's words, survives re-runs, does nothing while grading; its
starter cells are editable; it lives beside the course copy; the cheat sheet groups it by review question."""
import json

import pytest

from course.notebook import catalog, cheatsheet
from course.paths import LEARNER_DIR, MODULES_DIR
from course.taxonomy import CATEGORIES, REVIEW_QUESTIONS


@pytest.fixture(autouse=True)
def tmp_catalog(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CATALOG", str(tmp_path / "cat" / "catalog.csv"))
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    return tmp_path / "cat" / "catalog.csv"


def test_empty_catalog_has_columns():
    assert list(catalog.load().columns) == catalog.FIELDS and len(catalog.load()) == 0


def test_add_appends_and_rerun_does_not_duplicate(tmp_catalog):
    first = catalog.add("Check then act on stock", "race-condition", "a SELECT, an if, then an UPDATE", module="01")
    again = catalog.add("Check then act on stock", "race-condition", "a SELECT, an if, then an UPDATE", module="01")
    assert first == (tmp_catalog, True) and again == (tmp_catalog, False)
    catalog.add("Unicode, commas: \"quoted\"", "edge-case", "line one\nline two", module="01")
    table = catalog.load()
    assert len(table) == 2
    assert table.iloc[1]["how_to_spot"] == "line one\nline two"
    assert tmp_catalog.read_text().count("Check then act") == 1


def test_bad_category_is_explained():
    with pytest.raises(ValueError, match="did you mean 'race-condition'"):
        catalog.add("x", "race", "y")


def test_no_op_while_grading(tmp_catalog, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert catalog.add("x", "edge-case", "y") is None
    assert not tmp_catalog.exists()


@pytest.mark.parametrize("content", [
    'added,module,pattern,category,how_to_spot,example\n2026-01-01,01,"unclosed,race-condition,x,\n',
    "when,what\n2026-01-01,something\n",
    "added,module,pattern\n\xff\xfe not utf-8\n",
], ids=["broken-quote", "wrong-columns", "not-utf8"])
def test_unreadable_catalog_is_named_and_never_overwritten(tmp_catalog, content):
    tmp_catalog.parent.mkdir(parents=True)
    tmp_catalog.write_bytes(content.encode("latin-1"))
    with pytest.raises(catalog.CatalogError, match="nothing in it was changed"):
        catalog.load()
    with pytest.raises(catalog.CatalogError):
        catalog.add("Check then act", "race-condition", "a SELECT then an UPDATE")
    assert tmp_catalog.read_bytes() == content.encode("latin-1")


def test_notebook_helpers_print_the_reason_instead_of_a_traceback(tmp_catalog, capsys):
    from course.notebook import catalog_add, catalog_show
    tmp_catalog.parent.mkdir(parents=True)
    tmp_catalog.write_text("when,what\n1,2\n")
    catalog_add("Check then act", "race-condition", "a SELECT then an UPDATE")
    assert catalog_show() is None
    assert capsys.readouterr().out.count("fix its first line or move the file") == 2
    assert tmp_catalog.read_text() == "when,what\n1,2\n"


def test_catalog_add_says_added_only_when_it_added(tmp_catalog, capsys):
    from course.notebook import catalog_add
    catalog_add("Check then act", "race-condition", "a SELECT then an UPDATE")
    catalog_add("Check then act", "race-condition", "a SELECT then an UPDATE")
    first, second = capsys.readouterr().out.strip().splitlines()
    assert first.startswith("Added to your catalog (1 pattern(s))")
    assert second.startswith("Already in your catalog, not added again (1 pattern(s))") and "Added" not in second


def test_catalog_show_shows_every_word_wrapped(tmp_catalog):
    from course.notebook import catalog_show
    long = "A SELECT, a decision in Python, then an UPDATE of the same row " * 4 + "THE-END"
    catalog.add("Check then act", "race-condition", long)
    shown = catalog_show()
    page = shown.to_html()
    assert "THE-END" in page and "white-space: pre-wrap" in page     # pandas cuts at 50 characters
    assert shown.data.iloc[0]["how_to_spot"] == long.strip()


def test_default_catalog_is_beside_this_course_copy(monkeypatch):
    monkeypatch.delenv("COURSE_CATALOG")
    assert catalog.catalog_path() == LEARNER_DIR / "catalog.csv"
    assert LEARNER_DIR.parent == MODULES_DIR               # JupyterLab (serving modules/) can open it


def test_a_clone_nobody_may_write_keeps_the_catalog_at_home(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_CATALOG")
    monkeypatch.setattr(catalog.os, "access", lambda path, mode: False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert catalog.catalog_path() == tmp_path / LEARNER_DIR.name / "catalog.csv"


def released_cells(module_dir):
    nb = json.loads(next(module_dir.glob("*.ipynb")).read_text())
    return {cell.get("id"): cell for cell in nb["cells"]}


@pytest.mark.parametrize("module_dir", sorted(p for p in MODULES_DIR.iterdir()
                                               if p.is_dir() and any(p.glob("*.ipynb"))
                                               and "catalog" in released_cells(p)), ids=lambda p: p.name)
def test_catalog_starter_cells_are_editable_in_the_released_notebook(module_dir):
    cells = released_cells(module_dir)
    starter = cells[catalog.STARTER_CELL]
    assert starter["metadata"].get("editable", True) and starter["metadata"].get("deletable", True)
    assert not starter["metadata"]["nbgrader"]["locked"] and "catalog_add(" in "".join(starter["source"])
    instructions = "".join(cells["catalog-md"]["source"]).lower()
    assert "edit" in instructions


def test_cheat_sheet_groups_entries_by_review_question_and_fills_gaps(tmp_catalog):
    catalog.add("Two buyers, one lamp", "race-condition", "read <stock>, decide, write: & ask who runs between", "01")
    catalog.add("Every error is 'not found'", "error-handling", "except: return None", "a 503 became None")
    made = cheatsheet.write(catalog.load(), tmp_catalog.parent)
    page, text = made.html.read_text(), made.markdown.read_text()
    assert (made.yours, made.from_course) == (2, len(CATEGORIES) - 2)
    for number, question in REVIEW_QUESTIONS.items():
        assert f"{number}. {question}" in text
    q2, q4 = text.index("## 2. "), text.index("## 4. ")
    assert q2 < text.index("Every error is 'not found'") < text.index("## 3. ")     # error-handling: question 2
    assert q4 < text.index("Two buyers, one lamp") < text.index("## 5. ")           # race-condition: question 4
    assert "read &lt;stock&gt;, decide, write: &amp; ask" in page and "<stock>" not in page   # escaped
    assert cheatsheet.COURSE_PATTERNS["race-condition"][0] not in text             # the learner's entry covers it
    assert cheatsheet.COURSE_PATTERNS["n-plus-one"][0] in text and "*(course)*" in text
    assert set(cheatsheet.COURSE_PATTERNS) == {c.id for c in CATEGORIES}


def test_cheat_sheet_keeps_entries_of_a_hand_edited_category(tmp_catalog):
    tmp_catalog.parent.mkdir(parents=True)
    tmp_catalog.write_text("added,module,pattern,category,how_to_spot,example\n2026-01-01,01,My own idea,naming,"
                           "look at names,\n")
    made = cheatsheet.write(catalog.load(), tmp_catalog.parent)
    assert "## Other categories" in made.markdown.read_text() and "My own idea" in made.html.read_text()


def test_cheat_sheet_helper_writes_beside_the_catalog_and_links_both_files(tmp_catalog, monkeypatch):
    from course import notebook
    shown = []
    monkeypatch.setattr(notebook, "display", shown.append)
    monkeypatch.chdir(tmp_catalog.parent.parent)
    catalog.add("Two buyers, one lamp", "race-condition", "read, decide, write", "01")
    notebook.cheat_sheet()
    assert (tmp_catalog.parent / cheatsheet.HTML_NAME).exists() and (tmp_catalog.parent / cheatsheet.MARKDOWN_NAME).exists()
    links = shown[0].data
    assert f"(cat/{cheatsheet.HTML_NAME})" in links and f"(cat/{cheatsheet.MARKDOWN_NAME})" in links
    assert "Two buyers, one lamp" in shown[1].data


def test_cheat_sheet_writes_nothing_while_grading(tmp_catalog, monkeypatch):
    from course import notebook
    catalog.add("Two buyers, one lamp", "race-condition", "read, decide, write", "01")
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    notebook.cheat_sheet()
    assert not (tmp_catalog.parent / cheatsheet.HTML_NAME).exists()


def test_the_unlocked_starter_is_an_ordinary_cell_to_every_reader():
    """nbgrader's gradebook keeps no role-less cell, and the learner-side assignment (from solutions/) mirrors it:
    the catalog starter is an ordinary cell for autograde and `course check` alike, and nobody is told about it."""
    import nbformat

    from course.judge.reading import assignment, sanitize

    for module in ("01-concurrent-writes", "05-three-callers"):
        released = nbformat.read(str(next((MODULES_DIR / module).glob("*.ipynb"))), as_version=4)
        cells = assignment(module)
        assert catalog.STARTER_CELL not in [c.grade_id for c in cells]
        notes: list[str] = []
        nb = sanitize(released, cells, notes.append)
        starter = next(c for c in nb.cells if c.id == catalog.STARTER_CELL)
        assert notes == [] and "nbgrader" not in starter.metadata and "catalog_add(" in starter.source


def test_an_empty_catalog_gives_the_courses_sheet(tmp_catalog):
    made = cheatsheet.write(catalog.load(), tmp_catalog.parent)
    assert (made.yours, made.from_course) == (0, len(CATEGORIES))


def test_a_cheat_sheet_that_cannot_be_written_says_where(tmp_catalog, monkeypatch, capsys):
    from course import notebook
    tmp_catalog.parent.mkdir(parents=True)
    monkeypatch.setattr(cheatsheet, "write", lambda *a, **k: (_ for _ in ()).throw(PermissionError(13, "Permission denied")))
    notebook.cheat_sheet()
    assert "Could not write your cheat sheet beside" in capsys.readouterr().out


def test_cheat_sheet_puts_the_weakest_practised_categories_first(tmp_catalog, tmp_path, monkeypatch):
    """Issue 17's final cheat sheet: the learner's practice record orders each question, weakest category first, and
    the sheet names the three weakest; without a record it says practice will order it."""
    from fsrs import Rating
    from course.practice import schedule
    from course.practice.record import RECORD_ENV, Attempt, Record
    from practice_items import START

    # one review question (course.taxonomy) holds n-plus-one, quadratic and unbounded-load
    catalog.add("A query per row", "n-plus-one", "count the queries at n and 2n", "03")
    catalog.add("A scan in a loop", "quadratic", "count the comparisons", "03")
    empty = cheatsheet.write(catalog.load(), tmp_path / "none", practice=cheatsheet.practice_by_category(tmp_path / "no.sqlite"))
    assert "No daily practice yet" in empty.markdown.read_text()
    record_file = tmp_path / "record.sqlite"
    with Record(record_file) as record:
        answers = [("n-plus-one", True), ("n-plus-one", True), ("quadratic", False), ("quadratic", True),
                   ("unbounded-load", False)]
        for n, (category, correct) in enumerate(answers):
            attempt = Attempt("s", f"shop-{n}", category, False, START, START.replace(second=30), 30.0, 0.9,
                              "found" if correct else "missed", correct, 0, 3 if correct else 1,
                              ((7, 7, category),) if correct else ())
            record.save(attempt, lambda card, n=n: schedule.review(card, f"shop-{n}", Rating.Good, START, 30))
    monkeypatch.setenv(RECORD_ENV, str(record_file))
    practice = cheatsheet.practice_by_category()
    assert cheatsheet.weakest(practice) == ["unbounded-load", "quadratic", "n-plus-one"]
    made = cheatsheet.write(catalog.load(), tmp_path / "sheet", practice=practice)
    text = made.markdown.read_text()
    q4 = text[text.index("## 4. "):text.index("## 5. ")]
    order = [q4.index(cheatsheet.COURSE_PATTERNS["unbounded-load"][0]), q4.index("A scan in a loop"),
             q4.index("A query per row")]
    assert order == sorted(order), q4                       # 0% right, then 50%, then 100%
    assert "unbounded-load (0% right), quadratic (50% right), n-plus-one (100% right)" in text
    assert "practice: 50% right of 2" in text and "practice: 50% right of 2" in made.html.read_text()


# ---------------------------------------------------------------- the old per-user catalog, imported once

OLD_ROWS = ('added,module,pattern,category,how_to_spot,example\n'
            '2026-10-01,01,Check then act on stock,race-condition,"a SELECT, an if, then an UPDATE",\n'
            '2026-10-02,02,Retry without jitter,failure-handling,"sleep(2 ** attempt), no random part",\n')


@pytest.fixture
def old_catalog(tmp_path, monkeypatch):
    """A temporary HOME holding a catalog in its old place, ~/.review-ai-code/catalog.csv."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    old = home / ".review-ai-code" / "catalog.csv"
    old.parent.mkdir(parents=True)
    old.write_text(OLD_ROWS, encoding="utf-8")
    return old


def test_the_old_catalog_is_imported_once_without_duplicates_and_left_alone(old_catalog, tmp_catalog):
    assert catalog.add("Check then act on stock", "race-condition", "a SELECT, an if, then an UPDATE", module="01")
    message = catalog.import_old()
    assert message == (f"Imported 1 pattern(s) from your old catalog {old_catalog} into {tmp_catalog} "
                       "(the old file is left as it was).")
    table = catalog.load()
    assert list(table["pattern"]) == ["Check then act on stock", "Retry without jitter"]
    assert table.iloc[1]["module"] == "02" and table.iloc[1]["added"] == "2026-10-02"   # kept as it was written
    assert old_catalog.read_text(encoding="utf-8") == OLD_ROWS
    imported = tmp_catalog.read_bytes()
    assert catalog.import_old() is None and tmp_catalog.read_bytes() == imported       # a re-run adds nothing
    (tmp_catalog.parent / catalog.IMPORTED_MARK).unlink()      # even without its mark, nothing is added twice
    assert catalog.import_old() is None and tmp_catalog.read_bytes() == imported
    assert old_catalog.exists()


def test_an_entry_deleted_after_the_import_is_not_brought_back(old_catalog, tmp_catalog):
    assert catalog.import_old().startswith("Imported 2 pattern(s)")
    kept = tmp_catalog.read_text(encoding="utf-8").splitlines()[:2]           # the learner deletes the last entry
    tmp_catalog.write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert catalog.import_old() is None and len(catalog.load()) == 1


def test_the_import_goes_into_the_clones_catalog_or_the_home_fallback(old_catalog, tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_CATALOG")
    clone = tmp_path / "clone" / "modules" / LEARNER_DIR.name
    clone.parent.mkdir(parents=True)
    monkeypatch.setattr(catalog, "LEARNER_DIR", clone)
    assert f"into {clone / 'catalog.csv'} " in catalog.import_old()
    assert len(catalog.load()) == 2
    monkeypatch.setattr(catalog.os, "access", lambda path, mode: False)       # a clone the learner cannot write
    home_catalog = old_catalog.parents[1] / LEARNER_DIR.name / "catalog.csv"
    assert catalog.catalog_path() == home_catalog
    assert f"into {home_catalog} " in catalog.import_old()


def test_the_import_says_one_line_when_the_notebook_extension_loads(old_catalog, tmp_catalog, capsys):
    from conftest import ipython_shell
    from course.notebook import load_ipython_extension

    load_ipython_extension(ipython_shell())
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("Imported 2 pattern(s) from your old catalog")
    load_ipython_extension(ipython_shell())
    assert capsys.readouterr().out == ""


def test_nothing_is_imported_while_grading_or_from_an_unreadable_old_file(old_catalog, tmp_catalog, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert catalog.import_old() is None and not tmp_catalog.exists()
    monkeypatch.delenv("NBGRADER_EXECUTION")
    old_catalog.write_text("when,what\n1,2\n", encoding="utf-8")
    assert "was not imported" in catalog.import_old() and not tmp_catalog.exists()
    assert old_catalog.read_text(encoding="utf-8") == "when,what\n1,2\n"
