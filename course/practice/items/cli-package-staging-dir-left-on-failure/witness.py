import os
import tempfile
from pathlib import Path


def test_failed_build_removes_its_staging_copy(impl) -> None:
    with tempfile.TemporaryDirectory() as root:
        project = Path(root, "app")
        (project / "src").mkdir(parents=True)
        (project / "src" / "main.py").write_text("print('hi')\n")
        (project / "setup.cfg.tmpl").write_text("[metadata]\nversion = {{ version }\n")
        scratch = Path(root, "scratch")
        scratch.mkdir()

        def render(staging):
            raise ValueError("setup.cfg.tmpl line 2: unclosed '{{'")

        try:
            impl.build_package(project, ["src/main.py", "setup.cfg.tmpl"], Path(root, "app.tar.gz"),
                               render, scratch=str(scratch))
        except ValueError:
            pass
        left = sorted(os.listdir(scratch))
    assert not left, (
        f"the template step failed and {len(left)} staging copy of the project stayed behind in the scratch "
        "directory: every failed `tool package` (a typo in a template is enough) leaves a full copy of the "
        "project in the temp directory until the build machine's disk is full"
    )
