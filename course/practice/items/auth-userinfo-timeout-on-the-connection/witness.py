import socket
import threading


class SilentIdp:
    """An IdP that accepts the request and never answers.

    Like http.client, the connection's timeout (given when it is made) applies to
    every read: with one, getresponse() raises socket.timeout; without one it waits
    until the witness lets go.
    """

    def __init__(self):
        self.release = threading.Event()

    def connect(self, host, port=None, timeout=None):
        idp = self

        class Conn:
            def request(self, method, url, body=None, headers=None):
                pass

            def getresponse(self):
                if timeout is None:
                    idp.release.wait()
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

    worker = threading.Thread(target=lookup, daemon=True)
    worker.start()
    worker.join(0.05)
    stuck = worker.is_alive()
    idp.release.set()
    worker.join(0.05)
    assert not stuck, (
        "the IdP never answered and the userinfo lookup was still waiting: the request thread, and the "
        "user's page, hang with it"
    )
