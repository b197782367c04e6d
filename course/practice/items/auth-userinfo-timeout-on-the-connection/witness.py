import socket

from course.practice import witness_kit


class SilentIdp:
    """An IdP that accepts the request and never answers.

    Like http.client, the connection's timeout (given when it is made) applies to
    every read: with one, getresponse() raises socket.timeout; without one it
    would wait for an answer that never comes: the witness notes that and lets go.
    """

    def __init__(self):
        self.trap = witness_kit.EndlessWait()

    def connect(self, host, port=None, timeout=None):
        idp = self

        class Conn:
            def request(self, method, url, body=None, headers=None):
                pass

            def getresponse(self):
                if timeout is None:
                    idp.trap.hold()
                raise socket.timeout("timed out")

        return Conn()


def test_lookup_gives_up_on_a_silent_idp(impl) -> None:
    idp = SilentIdp()
    client = impl.UserInfoClient("idp.internal", connection_factory=idp.connect)
    outcome = {}

    def lookup():
        try:
            client.userinfo("at_123")
        except OSError as exc:
            outcome["error"] = type(exc).__name__

    stuck = witness_kit.waits_forever(idp.trap, lookup)
    assert not stuck, (
        "the IdP never answered and the userinfo lookup waited for it with no timeout: the request "
        "thread, and the user's page, hang with it"
    )
    assert outcome.get("error") == "TimeoutError", f"a silent IdP should end in a timeout, got {outcome}"
