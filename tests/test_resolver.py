"""The fixture resolver of the implementation's process (course.sandboxed.resolver): pytest's fixture model as far as
the scenarios use it, without pytest, and without pytest left in the process (corpus c10_test_detector)."""
from __future__ import annotations

import json
import subprocess
import sys
import types

import pytest
from course import paths, scenarios
from course.sandboxed import resolver
from course.sandboxed.host import fixture_names


def _plugin(events: list[str], **extra) -> types.ModuleType:
    """A fixtures plugin written with resolver.fixture, recording setups and teardowns in `events`."""
    plugin = types.ModuleType("fake_fixtures")

    @resolver.fixture(scope="session")
    def server():
        events.append("setup server")
        yield "srv"
        events.append("teardown server")

    @resolver.fixture(autouse=True)
    def _fresh():
        events.append("setup _fresh")
        yield
        events.append("teardown _fresh")

    @resolver.fixture
    def db(tmp_path, server):
        events.append(f"setup db on {server}")
        yield tmp_path / "db"
        events.append("teardown db")

    @resolver.fixture(name="conn")
    def conn_fixture(db):
        events.append("setup conn")
        return f"conn to {db.name}"

    @resolver.fixture
    def broken():
        events.append("setup broken")
        raise ValueError("no such thing")

    @resolver.fixture
    def needs_broken(broken):
        return broken

    for name, value in {"server": server, "_fresh": _fresh, "db": db, "conn_fixture": conn_fixture,
                        "broken": broken, "needs_broken": needs_broken, **extra}.items():
        setattr(plugin, name, value)
    return plugin


def test_fixtures_set_up_by_name_with_dependencies_and_torn_down_in_reverse():
    events: list[str] = []
    fixtures = resolver.Resolver(_plugin(events))
    fixtures.begin()
    assert fixtures.value("conn") == "conn to db"
    assert fixtures.value("conn") == "conn to db"   # once per test
    assert fixtures.end() is None
    assert events == ["setup _fresh", "setup server", "setup db on srv", "setup conn", "teardown db", "teardown _fresh"]
    events.clear()
    fixtures.begin()
    fixtures.value("db")   # the session fixture stays set up between tests
    fixtures.end()
    assert events == ["setup _fresh", "setup db on srv", "teardown db", "teardown _fresh"]
    fixtures.close()
    assert events[-1] == "teardown server"


def test_tmp_path_is_fresh_per_test_and_removed_after_it():
    fixtures = resolver.Resolver(_plugin([]))
    fixtures.begin()
    first = fixtures.value("tmp_path")
    (first / "left.txt").write_text("x")
    assert fixtures.value("db").parent == first
    fixtures.end()
    assert not first.exists()
    fixtures.begin()
    second = fixtures.value("tmp_path")
    assert second != first and list(second.iterdir()) == []
    fixtures.close()
    assert not second.parent.exists()


def test_tmp_path_is_in_the_data_folder_it_is_given_with_neutral_names(tmp_path):
    """Red team: a fixture's database at /tmp/judge-*/test3/shop.db told a learner's fix, which can ask its connection
    where its file is (PRAGMA database_list), that it was being judged. The host gives its working folder."""
    fixtures = resolver.Resolver(_plugin([]), data_dir=tmp_path)
    fixtures.begin()
    folder = fixtures.value("tmp_path")
    assert folder.parent.parent == tmp_path.resolve()
    assert "judge" not in str(folder.relative_to(tmp_path.resolve())) and "test" not in folder.name
    fixtures.close()
    assert list(tmp_path.iterdir()) == []


def test_a_fixture_error_is_cached_for_the_test_and_reaches_what_depends_on_it():
    events: list[str] = []
    fixtures = resolver.Resolver(_plugin(events))
    fixtures.begin()
    for name in ("broken", "needs_broken", "broken"):
        with pytest.raises(ValueError, match="no such thing"):
            fixtures.value(name)
    assert events.count("setup broken") == 1
    fixtures.end()
    fixtures.begin()
    with pytest.raises(ValueError):
        fixtures.value("broken")
    assert events.count("setup broken") == 2   # a new test sets it up again
    fixtures.close()


def test_teardown_errors_are_reported_and_the_other_teardowns_still_run():
    events: list[str] = []

    @resolver.fixture
    def flaky_teardown():
        yield 1
        raise OSError("disk gone")

    @resolver.fixture
    def two_yields():
        yield 1
        yield 2

    fixtures = resolver.Resolver(_plugin(events, flaky_teardown=flaky_teardown, two_yields=two_yields))
    fixtures.begin()
    fixtures.value("db")
    fixtures.value("flaky_teardown")
    error = fixtures.end()
    assert isinstance(error, OSError) and "teardown db" in events and "teardown _fresh" in events
    fixtures.begin()
    fixtures.value("two_yields")
    assert "more than one 'yield'" in str(fixtures.end())
    fixtures.close()


def test_what_pytest_would_refuse_or_the_resolver_does_not_serve_is_refused_up_front():
    with pytest.raises(TypeError):
        resolver.fixture(params=[1, 2])
    with pytest.raises(TypeError):
        resolver.fixture(scope="module")
    missing = types.ModuleType("missing")
    missing.f = resolver.fixture(lambda nowhere: 1)
    with pytest.raises(LookupError, match="nowhere"):
        resolver.specs(missing)
    mismatch = types.ModuleType("mismatch")
    mismatch.f = resolver.fixture(scope="session")(lambda tmp_path: 1)
    with pytest.raises(ValueError, match="session fixture"):
        resolver.specs(mismatch)


_LOAD = """
import json, sys
sys.path.insert(0, ".")   # the run folder: the scenario's support package, as in a judged run
from course.sandboxed import resolver
from course.sandboxed.host import fixture_names
plugin = resolver.load_plugin(sys.argv[1])
served = fixture_names(resolver.specs(plugin), plugin)
without = sorted(m for m in sys.modules if m == "pytest" or m.startswith("_pytest"))
# then the same plugin imported anew under pytest itself: the public fixtures pytest finds in it
from _pytest.fixtures import getfixturemarker
for name in [m for m in sys.modules if m == sys.argv[1] or m.startswith("course.scenarios.")]:
    del sys.modules[name]
plugin = __import__(sys.argv[1], fromlist=["_"])
hidden = tuple(getattr(plugin, "HIDDEN_RUN_FIXTURES", ()))
seen = []
for attr, value in vars(plugin).items():
    marker = getfixturemarker(value)
    fixture = marker and (marker.name or attr)
    if fixture and not fixture.startswith("_") and fixture not in hidden and fixture not in seen:
        seen.append(fixture)
print(json.dumps({"served": served, "pytest_loaded": without, "pytest_sees": seen}))
"""


@pytest.mark.parametrize("scenario", sorted(scenarios.all_scenarios()))
def test_every_scenarios_fixtures_load_without_pytest_and_are_the_ones_pytest_sees(scenario, tmp_path):
    """In a process of its own, as the implementation's process loads it: pytest never loaded, and the same fixtures
    served as pytest finds when the same plugin is imported under it (in that throwaway process: plugins patch
    things, such as time.sleep, when imported)."""
    scenario = scenarios.get(scenario)
    for rel, text in scenario.support_files().items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    done = subprocess.run([sys.executable, "-c", _LOAD, scenario.fixtures], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path, env={"PYTHONPATH": str(paths.REPO_ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = json.loads(done.stdout)
    assert loaded["pytest_loaded"] == []
    assert loaded["served"] == loaded["pytest_sees"]


def test_loading_refuses_a_process_where_pytest_is_loaded():
    with pytest.raises(RuntimeError, match="c10"):
        resolver.load_plugin("course.scenarios._selftest.fixtures")


def test_a_fixtures_plugin_that_loads_pytest_itself_is_refused(tmp_path):
    """Loading pytest's internals behind the stand-in's back would put pytest into the implementation's process
    again: the plugin is refused (a grader error), never served."""
    (tmp_path / "sneaky_fixtures.py").write_text("import pytest\nimport _pytest.outcomes\n\n\n"
                                                  "@pytest.fixture\ndef add():\n    return 1\n")
    code = ("import sys\nsys.path.insert(0, '.')\nfrom course.sandboxed import resolver\n"
            "resolver.load_plugin('sneaky_fixtures')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                          env={"PYTHONPATH": str(paths.REPO_ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode != 0 and "loads pytest itself" in done.stderr, done.stderr[-2000:]
