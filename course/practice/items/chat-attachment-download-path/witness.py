import tempfile
from pathlib import Path


def test_filename_cannot_climb_out_of_uploads(impl) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "uploads" / "general").mkdir(parents=True)
        (root / "uploads" / "general" / "agenda.txt").write_text("10:00 standup")
        (root / "service.env").write_text("DB_PASSWORD=hunter2")  # beside the uploads folder
        uploads = root / "uploads"
        assert impl.read_attachment(uploads, "general", "agenda.txt") == b"10:00 standup"
        try:
            got = impl.read_attachment(uploads, "general", "....//....//service.env")
        except (impl.NotFound, OSError, ValueError):
            got = None
    assert got is None, (
        "GET /rooms/general/files/....//....//service.env returned the service's config file from "
        f"beside the uploads folder: {got.decode()!r}. Stripping '../' once leaves '../../service.env'"
    )
