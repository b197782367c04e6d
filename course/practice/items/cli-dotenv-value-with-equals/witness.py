ENV_FILE = """\
# local settings
export DEBUG=1
GREETING="hello world"
DATABASE_URL=postgres://app:pw@db:5432/shop?sslmode=require
API_TOKEN=c2VjcmV0LXRva2Vu==
"""


def test_values_may_contain_equals_signs(impl) -> None:
    simple = impl.parse_env('export DEBUG=1\nGREETING="hello world"\n')
    assert simple == {"DEBUG": "1", "GREETING": "hello world"}, f"parsed {simple}"
    try:
        env = impl.parse_env(ENV_FILE)
    except ValueError as exc:
        raise AssertionError(
            f"`tidy run` refused a .env file with a database URL (?sslmode=require) and a base64 token "
            f"(ending in '=='): {exc}"
        ) from None
    assert env["API_TOKEN"] == "c2VjcmV0LXRva2Vu==", f"the token came out as {env['API_TOKEN']!r}"
    assert env["DATABASE_URL"].endswith("?sslmode=require"), f"the URL came out as {env['DATABASE_URL']!r}"
