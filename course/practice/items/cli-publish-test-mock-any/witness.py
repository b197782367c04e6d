from course.practice import witness_kit


def test_the_test_catches_a_dry_run_that_uploads(impl) -> None:
    assert witness_kit.passes(impl.test_publish_dry_run), "the assistant's test fails on the correct publish"

    def uploads_anyway(files, repository, dry_run=False, run=None):
        run(["twine", "upload", "--repository", repository, *files], check=True)

    impl.publish = uploads_anyway
    assert not witness_kit.passes(impl.test_publish_dry_run), (
        "the assistant's test still passed on a version that uploads the wheel to pypi during "
        "--dry-run: it checks that something was run with check=True, and mock.ANY accepts any command"
    )
