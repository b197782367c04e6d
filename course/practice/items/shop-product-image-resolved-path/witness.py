import tempfile
from pathlib import Path


def test_url_cannot_reach_files_outside_media(impl) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        (base / "media" / "MUG-01").mkdir(parents=True)
        (base / "media" / "MUG-01" / "front.png").write_bytes(b"\x89PNG mug")
        secret = base / "shop.env"  # beside the media folder
        secret.write_text("STRIPE_KEY=sk_live_123")
        media = base / "media"
        kind, body = impl.product_image(media, "MUG-01", "front.png")
        assert (kind, body) == ("image/png", b"\x89PNG mug"), "the real image was not served"
        leaked = []
        for sku, filename in [("MUG-01", "../../shop.env"), ("..", "shop.env"), ("MUG-01", str(secret))]:
            try:
                impl.product_image(media, sku, filename)
            except impl.NotFound:
                continue
            leaked.append(f"{sku}/{filename}" if not filename.startswith("/") else "an absolute path")
    assert not leaked, (
        f"GET /media/... with {leaked[0]} served the shop's secrets file from beside the media folder"
    )
