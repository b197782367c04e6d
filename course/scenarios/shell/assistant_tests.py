"""Tests the assistant wrote alongside the media tools (they pass on its code)."""


def test_thumbnail_path_and_command(media, commands):
    assert media.make_thumbnail("/srv/uploads/acme/cat.jpg", "200") == "/srv/uploads/acme/cat_w200.png"
    assert commands()[-1]["words"] == ["convert", "/srv/uploads/acme/cat.jpg", "-thumbnail", "200x",
                                       "/srv/uploads/acme/cat_w200.png"]


def test_search_lists_matching_files(media):
    assert media.search_uploads("/srv/uploads/acme", "invoice") == ["/srv/uploads/acme/a.txt", "/srv/uploads/acme/b.txt"]


def test_archive_goes_to_the_archive_folder(media, commands):
    assert media.archive_uploads("/srv/uploads/acme", "acme-2024-q3") == "/var/archive/acme-2024-q3.tar.gz"
    assert commands()[-1]["words"] == ["tar", "-czf", "/var/archive/acme-2024-q3.tar.gz", "-C", "/srv/uploads/acme", "."]
