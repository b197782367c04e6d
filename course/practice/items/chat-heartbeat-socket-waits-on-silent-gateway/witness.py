import socket
import threading


class SilentGateway:
    """Accepts the connection and the heartbeat, then never replies.

    recv() honours the socket's timeout as a real socket does: with a timeout it
    gives up (socket.timeout); without one it waits until the witness lets go.
    """

    def __init__(self):
        self.release = threading.Event()

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
                gateway.release.wait()
                return b""

        return Sock()


def test_heartbeat_returns_when_gateway_is_silent(impl) -> None:
    gateway = SilentGateway()
    result = {}
    worker = threading.Thread(
        target=lambda: result.update(ok=impl.send_heartbeat("u-17", ("gw", 7000), connect=gateway.connect)),
        daemon=True,
    )
    worker.start()
    worker.join(0.05)
    stuck = worker.is_alive()
    gateway.release.set()
    worker.join(0.05)
    assert not stuck, (
        "the gateway took the heartbeat and never replied, and send_heartbeat was still waiting in recv(): "
        "the presence loop stops, so every other user after u-17 goes 'offline'"
    )
    assert result.get("ok") is False, f"a silent gateway should count as no acknowledgement, got {result}"
