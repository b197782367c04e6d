"""The personal catalog: appends in the learner's words, survives re-runs, does nothing while grading."""
import pytest

from course.notebook import catalog


@pytest.fixture(autouse=True)
def tmp_catalog(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_CATALOG", str(tmp_path / "cat" / "catalog.csv"))
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    return tmp_path / "cat" / "catalog.csv"


def test_empty_catalog_has_columns():
    assert list(catalog.load().columns) == catalog.FIELDS and len(catalog.load()) == 0


def test_add_appends_and_rerun_does_not_duplicate(tmp_catalog):
    catalog.add("Check then act on stock", "race-condition", "a SELECT, an if, then an UPDATE", module="01")
    catalog.add("Check then act on stock", "race-condition", "a SELECT, an if, then an UPDATE", module="01")
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
