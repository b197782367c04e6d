"""Tests the assistant wrote alongside read_download (they pass on its code)."""
import pytest


def test_reads_a_file(site, download):
    assert download("report.txt") == site.files["report.txt"]


def test_reads_a_file_in_a_subfolder(site, download):
    assert download("2024/q1.csv") == site.files["2024/q1.csv"]


def test_missing_file_is_not_found(download):
    with pytest.raises(FileNotFoundError):
        download("nope.txt")


def test_a_folder_is_not_a_download(download):
    with pytest.raises(FileNotFoundError):
        download("2024")


def test_no_climbing_out_with_dot_dot(download):
    with pytest.raises(FileNotFoundError):
        download("../../config/secrets.env")
