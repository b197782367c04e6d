import json
import os
import tempfile
from pathlib import Path
from unittest import mock


def test_flags_sit_on_top_of_the_house_layers(impl) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        job = Path(tmp) / "job.json"
        job.write_text(json.dumps({"epochs": "30", "dataset": "s3://ml/train/2026-02"}))
        env = {"MLJOB_DATASET": "s3://ml/train/backfill-2026-03"}
        with mock.patch.dict(os.environ, env, clear=True):
            plain = impl.run_config([], job)
            flagged = impl.run_config(["--epochs", "3"], job)
    assert plain["dataset"] == "s3://ml/train/backfill-2026-03", (
        f"with MLJOB_DATASET set by the scheduler, the run would train on {plain['dataset']}: the "
        "environment layer of the house config is lost, so backfill jobs silently retrain on old data"
    )
    assert plain["epochs"] == "30" and plain["learning_rate"] == "0.001", f"file and defaults not applied: {plain}"
    assert flagged["epochs"] == "3" and flagged["dataset"] == plain["dataset"], f"--epochs should win: {flagged}"
