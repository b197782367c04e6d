import os
import tempfile

ROWS = [("2026-05-02", "payouts:acme", -125000), ("2026-05-03", "fees", 3120)]


def test_report_stays_in_the_reports_folder(impl) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        reports = os.path.join(tmp, "reports")
        public = os.path.join(tmp, "reports-public")  # served on the public website
        os.makedirs(reports)
        os.makedirs(public)
        written = impl.export_ledger(reports, "2026/may", ROWS)
        assert os.path.dirname(written) == os.path.realpath(os.path.join(reports, "2026")), "a normal report went to the wrong folder"
        try:
            impl.export_ledger(reports, "../reports-public/ledger", ROWS)
        except ValueError:
            pass
        leaked = sorted(os.listdir(public))
    assert not leaked, (
        "the report name '../reports-public/ledger' was accepted, and the ledger (payouts included) "
        f"was written into the publicly served folder next to the reports folder: {leaked}"
    )
