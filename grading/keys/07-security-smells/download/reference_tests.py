import pytest


def test_files_inside_the_folder_are_served(site, download):
    for path, data in site.files.items():
        assert download(path) == data


def test_missing_files_and_folders_are_not_found(download):
    for requested in ("nope.txt", "2024", "2024/nope.csv"):
        with pytest.raises(FileNotFoundError):
            download(requested)


def test_no_path_leads_outside_the_folder(site, download):
    for absolute in site.outside:
        relative = site.relative_to_root(absolute)           # "../acme-labs/contract.txt", "../../config/..."
        for requested in (relative, absolute, relative.replace("../", "....//")):
            with pytest.raises(FileNotFoundError):
                download(requested)
