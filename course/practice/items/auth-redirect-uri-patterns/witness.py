class Clients:
    def __init__(self):
        self.patterns = {"app-42": ["https://*.shop.example/callback", "https://old-partner.example/cb"]}

    def redirect_patterns(self, client_id):
        return list(self.patterns.get(client_id, []))


def test_a_removed_redirect_stops_working_at_once(impl) -> None:
    store = Clients()
    uri = "https://old-partner.example/cb"
    assert impl.redirect_allowed(store, "app-42", uri), "a registered redirect URI was refused"
    store.patterns["app-42"].remove(uri)  # the app's owner removes the partner after a breach
    allowed = impl.redirect_allowed(store, "app-42", uri)
    assert not allowed, (
        "the app's owner removed https://old-partner.example/cb from its redirect list, yet the server "
        "still redirects sign-ins (with their codes) there until it restarts")
    assert impl.redirect_allowed(store, "app-42", "https://eu.shop.example/callback"), (
        "a URI matching a registered pattern was refused")
    assert not impl.redirect_allowed(store, "app-42", "https://evil.example/x.shop.example/callback"), (
        "a URI on another host was accepted")
