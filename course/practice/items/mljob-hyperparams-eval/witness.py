created = []


class HyperparamProbe:
    """Stands in for any class of the running process (os._wrap_close, subprocess.Popen, ...)."""

    def __init__(self, argument: str) -> None:
        created.append(argument)


PAYLOAD = ("[c('id > ~/owned') for c in ().__class__.__base__.__subclasses__()"
           " if c.__name__ == 'HyperparamProbe']")


def test_form_value_cannot_run_code(impl) -> None:
    created.clear()
    params = impl.parse_hyperparams("lr = 3e-4\nlayers = [64, 32]  # smaller net\noptimizer = 'sgd'")
    assert params["lr"] == 3e-4 and params["layers"] == [64, 32] and params["optimizer"] == "sgd", f"parsed {params}"
    try:
        impl.parse_hyperparams(f"seed = {PAYLOAD}")
    except ValueError:
        pass
    assert not created, (
        "a job form with the line  seed = [c(...) for c in ().__class__.__base__.__subclasses__() if ...]  "
        f"reached a class of the running process and called it with {created[0]!r}: emptying __builtins__ "
        "does not stop eval from running code"
    )
