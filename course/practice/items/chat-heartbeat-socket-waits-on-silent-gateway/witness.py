import socket

from course.practice import witness_kit


class SilentGateway:
    """Accepts the connection and the heartbeat, then never replies.

    recv() honours the socket's timeout as a real socket does: with a timeout it
    gives up (socket.timeout); without one it waits, and the witness notes that
    and lets go.
    """

    def __init__(self):
        self.trap = witness_kit.EndlessWait()

    def connect(self, address, timeout=None):
        gateway = self

        class Sock:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False

            def sendall(self, data):
                pass

            def recv(self, n):
                if timeout is not None:
                    raise socket.timeout("timed out")
                gateway.trap.hold()
                return b""

        return Sock()


def test_heartbeat_returns_when_gateway_is_silent(impl) -> None:
    gateway = SilentGateway()
    result = {}

    def beat():
        result["ok"] = impl.send_heartbeat("u-17", ("gw", 7000), connect=gateway.connect)

    stuck = witness_kit.waits_forever(gateway.trap, beat)
    assert not stuck, (
        "the gateway took the heartbeat and never replied, and send_heartbeat sat in recv() with nothing "
        "to end the wait: the presence loop stops there, so every user after u-17 goes 'offline'"
    )
    assert result.get("ok") is False, f"a silent gateway should count as no acknowledgement, got {result}"
