from course.practice import witness_kit


INSTALLED = {f"pkg{i}": f"1.{i}.0" for i in range(200) if i % 5}  # every fifth one is missing


class FakePip:
    """Stands in for `python -m pip`; counts how many processes would have been started."""

    def __init__(self) -> None:
        self.processes = 0

    def __call__(self, args):
        self.processes += 1
        assert args[0] == "show", f"unexpected pip command {list(args)}"
        blocks = [f"Name: {n}\nVersion: {INSTALLED[n]}\nSummary: x" for n in args[1:] if n in INSTALLED]
        return "\n---\n".join(blocks) + "\n"


def _processes(impl, n: int) -> int:
    pip = FakePip()
    reqs = [f"pkg{i}=={i}.0" for i in range(n)]
    versions = impl.installed_versions(reqs, run=pip)
    assert versions["pkg0"] is None and versions["pkg1"] == "1.1.0", f"wrong versions: pkg0={versions['pkg0']}, pkg1={versions['pkg1']}"
    assert len(versions) == n, f"expected {n} entries, got {len(versions)}"
    return pip.processes


def test_one_pip_process_for_all_requirements(impl) -> None:
    witness_kit.assert_scales(lambda n: _processes(impl, n), (30, 60), at_most=1, message=(
        "30 requirements started {small} pip processes and 60 started {large}: one interpreter start-up "
        "per requirement, so a 150-line requirements file takes about a minute"
    ))
