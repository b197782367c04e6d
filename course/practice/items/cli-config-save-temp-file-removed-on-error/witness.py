import json
import os
import tempfile


def test_failed_save_leaves_no_temp_file_and_the_old_config(impl) -> None:
    with tempfile.TemporaryDirectory() as root:
        path = os.path.join(root, "config.json")
        impl.save_config(path, {"remote": "origin", "jobs": 4})
        try:
            impl.save_config(path, {"remote": "origin", "jobs": 4, "since": object()})   # not JSON
        except TypeError:
            pass
        left = sorted(os.listdir(root))
        with open(path, encoding="utf-8") as f:
            kept = json.load(f)
    assert kept == {"jobs": 4, "remote": "origin"}, f"the old config was damaged: {kept}"
    assert left == ["config.json"], (
        f"a save failed half-way (a value that is not JSON) and {len(left) - 1} temp file (.config-*.tmp) "
        "stayed next to config.json: each failed `tool config set` leaves one more behind"
    )
