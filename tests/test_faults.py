"""The fault service (course.kits.faults): every behaviour over real HTTP on loopback, determinism of the
choosers and the scripted transport, and that the service survives abuse and leaves nothing behind.

Waits here are generous upper bounds that only stop a broken build from hanging the suite; no
assertion depends on how fast the machine is.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
import contextlib
import gc
import http.client
import os
import socket
import struct
import threading
import time
import urllib.error
import urllib.request

import pytest

from course.kits import faults
from course.kits.faults import server as server_mod

CATALOGUE = {"lamp": 1999, "desk": 24900}


def get(service: faults.FaultService, path: str = "/prices/lamp", timeout: float = 5.0, fault: str | None = None):
    """(status, body) of a GET through urllib (no proxies), HTTP errors included."""
    request = urllib.request.Request(service.url + path, headers={"X-Fault": fault} if fault else {})
    try:
        with faults.direct_urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read(), exc.headers.get("Retry-After")


def eventually(condition, seconds: float = 5.0) -> bool:
    """Poll `condition` until it holds (a handler thread noticing something), or give up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return condition()


@pytest.fixture
def service():
    with faults.serve(responder=faults.prices(CATALOGUE)) as svc:
        yield svc


# ---------------------------------------------------------------- behaviours

def test_normal_answers_come_from_the_responder(service):
    assert get(service) == (200, b'{"sku": "lamp", "price_cents": 1999}')
    assert get(service, "/prices/ghost")[0] == 404
    assert [r.fault for r in service.log] == ["ok", "ok"]


@pytest.mark.parametrize("fault, status, retry_after", [("404", 404, None), ("429", 429, "1"),
                                                         ("500", 500, None), ("503", 503, "1")])
def test_error_statuses(service, fault, status, retry_after):
    code, body, header = get(service, fault=fault)
    assert (code, header) == (status, retry_after)
    assert b"error" in body


def test_slow_answers_after_its_delay(service):
    started = time.monotonic()
    assert get(service, fault="slow:0.2")[0] == 200
    assert time.monotonic() - started >= 0.2    # it cannot answer before the delay (a lower bound)


def test_hang_never_answers_and_sees_the_client_give_up(service):
    with pytest.raises(TimeoutError):
        get(service, fault="hang", timeout=0.05)
    assert eventually(lambda: service.gave_up == 1)
    assert get(service)[0] == 200               # and it keeps serving


def test_reset_resets_the_connection(service):
    with pytest.raises(ConnectionResetError):
        get(service, fault="reset")
    assert get(service)[0] == 200


def test_unknown_fault_header_is_a_400_not_a_crash(service):
    assert get(service, fault="explode")[0] == 400
    assert service.log[-1].fault == "invalid"


def test_script_hands_out_in_order_then_the_default():
    script = faults.Script(["503", 404, "reset", "slow:0.5"], then="hang")
    names = [script.next().name for _ in range(6)]
    assert names == ["503", "404", "reset", "slow:0.5", "hang", "hang"]
    assert script.remaining == 0


def test_script_drives_the_service_by_request_number():
    with faults.serve(chooser=faults.Script(["503", "500"]), responder=faults.prices(CATALOGUE)) as svc:
        assert [get(svc)[0] for _ in range(3)] == [503, 500, 200]


@pytest.mark.parametrize("bad", ["teapot", "slow:fast", "slow:-1", 418])
def test_bad_behaviour_names_are_refused(bad):
    with pytest.raises(ValueError):
        faults.parse(bad)


def test_seeded_is_a_function_of_seed_and_request_number():
    a = faults.Seeded(0.3, faults=("503", "reset", "hang"), latency_s=0.01, seed=7)
    b = faults.Seeded(0.3, faults=("503", "reset", "hang"), latency_s=0.01, seed=7)
    assert [a(i) for i in range(500)] == [b(i) for i in range(500)]
    assert [a(i) for i in range(500)] != [faults.Seeded(0.3, faults=("503", "reset", "hang"), seed=8)(i)
                                          for i in range(500)]
    failed = sum(a(i).kind != "ok" for i in range(2000))
    assert 500 <= failed <= 700                 # a fixed, seeded count near 30% of 2000
    assert all(faults.Seeded(0.0, seed=1)(i) == faults.parse("ok") for i in range(100))
    assert all(faults.Seeded(1.0, faults=("503",), seed=1)(i).kind == "503" for i in range(100))
    assert a(3) == a(3)


# ---------------------------------------------------------------- the fake clock and the scripted transport

def test_fake_clock_sleeps_instantly_and_records():
    clock = faults.FakeClock()
    clock.sleep(0.25)
    clock.sleep(1)
    clock.advance(2)
    assert clock() == 1003.25 and clock.sleeps == [0.25, 1.0] and clock.slept == 1.25
    for bad in (-1, float("nan")):
        with pytest.raises(ValueError):
            clock.sleep(bad)
    with pytest.raises(TypeError):
        clock.sleep("1")


def test_scripted_urlopen_makes_real_calls_in_script_order(service):
    clock = faults.FakeClock()
    urlopen = faults.ScriptedUrlopen(clock, faults.Script(["503", "reset"]))
    with pytest.raises(urllib.error.HTTPError) as err:
        urlopen(service.url + "/prices/lamp", timeout=2.0)
    assert err.value.code == 503
    err.value.close()
    with pytest.raises(ConnectionResetError):
        urlopen(service.url + "/prices/lamp", timeout=2.0)
    with urlopen(urllib.request.Request(service.url + "/prices/desk"), None, 1.5) as response:
        assert response.read() == b'{"sku": "desk", "price_cents": 24900}'
    assert [(c.fault, c.timeout) for c in urlopen.calls] == [("503", 2.0), ("reset", 2.0), ("ok", 1.5)]
    assert [r.fault for r in service.log] == ["503", "reset", "ok"]
    assert clock() == 1000.0


def test_routed_calls_show_only_the_production_address(service):
    """A fix under test is given a production-looking address routed to loopback: nothing it sees (its calls,
    the responses' and errors' URLs, the Server header) names the test server, and other hosts are unknown."""
    name = "https://prices.internal.example"
    urlopen = faults.ScriptedUrlopen(faults.FakeClock(), faults.Script(["503", "ok", "hang"]), routes={name: service.url})
    with pytest.raises(urllib.error.HTTPError) as err:
        urlopen(name + "/prices/lamp", timeout=2.0)
    assert (err.value.code, err.value.url, err.value.filename) == (503, name + "/prices/lamp", name + "/prices/lamp")
    assert err.value.headers["Server"] == "nginx" and not hasattr(err.value.fp.fp.raw, "_sock")   # no peer address
    assert err.value.read() == b'{"error": "service unavailable"}'
    err.value.close()
    with urlopen(urllib.request.Request(name + "/prices/desk"), timeout=1.5) as response:
        assert (response.url, response.geturl()) == (name + "/prices/desk", name + "/prices/desk")
        assert not hasattr(response.fp.raw, "_sock")
        assert response.headers["Server"] == "nginx" and response.read() == b'{"sku": "desk", "price_cents": 24900}'
    with pytest.raises(TimeoutError):
        urlopen(name + "/prices/lamp", timeout=1.0)
    assert [c.url for c in urlopen.calls] == [name + "/prices/lamp", name + "/prices/desk", name + "/prices/lamp"]
    for elsewhere in (service.url + "/prices/lamp", "https://prices.internal.example.evil/prices/lamp"):
        with pytest.raises(urllib.error.URLError, match="Name or service not known"):
            urlopen(elsewhere, timeout=1.0)
    assert [r.path for r in service.log] == ["/prices/lamp", "/prices/desk", "/prices/lamp"]


def test_scripted_hang_times_out_on_the_fake_clock(service):
    clock = faults.FakeClock()
    urlopen = faults.ScriptedUrlopen(clock, faults.Script(["hang", "slow:5", "slow:5"]))
    with pytest.raises(TimeoutError):
        urlopen(service.url + "/prices/lamp", timeout=2.0)
    assert clock() == 1002.0
    with pytest.raises(TimeoutError):               # a slow answer that comes after the timeout
        urlopen(service.url + "/prices/lamp", timeout=2.0)
    assert clock() == 1004.0
    with urlopen(service.url + "/prices/lamp", timeout=10) as response:   # one that comes in time
        assert response.status == 200
    assert clock() == 1009.0


def test_a_hang_without_timeout_raises_instead_of_waiting(service):
    urlopen = faults.ScriptedUrlopen(faults.FakeClock(), faults.Script(["hang", "hang"]))
    for call in (lambda: urlopen(service.url + "/prices/lamp"), lambda: urlopen(service.url + "/prices/lamp", None, None)):
        try:
            call()
        except Exception:   # what a client's `except Exception` would do: it does not catch this
            pytest.fail("CallHung must not be an Exception")
        except faults.CallHung:
            pass
    assert [c.timeout for c in urlopen.calls] == [None, None]


def test_runaway_retries_stop_at_the_cap(service):
    urlopen = faults.ScriptedUrlopen(faults.FakeClock(), faults.Script(then="503"), max_calls=5)

    def request() -> None:      # a client that retries forever
        urlopen.begin()
        while True:
            try:
                urlopen(service.url + "/prices/lamp", timeout=1)
            except Exception:
                pass

    for _ in range(2):          # the cap is per request: each one gets its own 5 calls
        with pytest.raises(faults.RunawayRetries):
            request()
    assert len(urlopen.calls) == 10 and service.calls == 10


# ---------------------------------------------------------------- abuse, and nothing left behind

def open_fds() -> int:
    gc.collect()
    return len(os.listdir("/proc/self/fd"))


def test_nothing_is_left_behind():
    threads_before, fds_before = set(threading.enumerate()), open_fds()
    with faults.serve(responder=faults.prices(CATALOGUE)) as svc:
        port = svc.port
        assert get(svc)[0] == 200
        with pytest.raises(TimeoutError):
            get(svc, fault="hang", timeout=0.05)
        assert set(threading.enumerate()) - threads_before          # the accept loop (named as any thread)
    assert set(threading.enumerate()) == threads_before
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    with socket.socket() as again:          # the port is free to bind again (as any server binds)
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", port))
    assert open_fds() == fds_before


def test_leaving_ends_requests_that_hang_or_crawl():
    """Clients stuck without a timeout do not keep the service (or its threads) alive."""
    threads_before = set(threading.enumerate())
    outcomes: list[str] = []

    def stuck(fault: str) -> None:
        try:
            get(svc, fault=fault, timeout=None)
            outcomes.append("answered")
        except (OSError, http.client.HTTPException) as exc:
            outcomes.append(type(exc).__name__)

    with faults.serve() as svc:
        clients = [threading.Thread(target=stuck, args=(f,)) for f in ("hang", "hang", "slow:600", "slow:600")]
        for c in clients:
            c.start()
        assert eventually(lambda: svc.calls == 4)
    for c in clients:
        c.join(10)
    assert not any(c.is_alive() for c in clients)
    assert len(outcomes) == 4 and "answered" not in outcomes, outcomes
    assert set(threading.enumerate()) == threads_before


def test_many_concurrent_clients(service):
    n = 150
    gate = threading.Barrier(n)

    def client(i: int) -> int:
        gate.wait(30)
        return get(service, "/prices/lamp" if i % 2 else "/prices/desk", timeout=30)[0]

    with ThreadPoolExecutor(max_workers=n) as pool:
        statuses = list(pool.map(client, range(n)))
    assert statuses == [200] * n
    assert service.calls == n and service.connections == n
    assert service.errors == []


def test_clients_that_vanish_mid_response(capfd):
    big = b"x" * (8 * 1024 * 1024)
    with faults.serve(responder=lambda method, path: (200, big)) as svc:
        for _ in range(10):
            with socket.create_connection(("127.0.0.1", svc.port), timeout=5) as sock:
                sock.sendall(b"GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
                assert sock.recv(1024).startswith(b"HTTP/1.1 200")
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            # closed with unread data: the service's write fails mid-response
        assert eventually(lambda: len(svc.errors) == 10 and svc.open_connections == 0), svc.errors
        assert all(e.startswith(("BrokenPipeError", "ConnectionResetError")) for e in svc.errors), svc.errors
        with faults.direct_urlopen(svc.url + "/after", timeout=30) as response:
            assert len(response.read()) == len(big)           # still serving
    assert capfd.readouterr().err == ""                       # nothing printed


def test_garbage_and_silent_clients(service):
    for junk, answer in ((b"\x00\xffnot http at all\r\n\r\n", b"400"), (b"BREW /pot HTTP/1.1\r\n\r\n", b"HTTP/1.1 501")):
        with socket.create_connection(("127.0.0.1", service.port), timeout=5) as sock:
            sock.sendall(junk)
            assert answer in sock.recv(4096)
    for _ in range(5):
        socket.create_connection(("127.0.0.1", service.port), timeout=5).close()   # connect, send nothing
    assert get(service)[0] == 200
    assert eventually(lambda: service.open_connections == 0)


def test_stop_reports_threads_that_do_not_stop(monkeypatch):
    """The leak check itself can fail: a handler that ignores the stop is reported, not forgotten."""
    release = threading.Event()
    monkeypatch.setattr(server_mod, "JOIN_SECONDS", 0.2)

    def client() -> None:
        with contextlib.suppress(OSError, http.client.HTTPException):
            get(svc, timeout=30)

    with pytest.raises(RuntimeError, match="did not stop"):
        with faults.serve(responder=lambda method, path: (release.wait(30), (200, {}))[1]) as svc:
            threading.Thread(target=client, daemon=True).start()
            assert eventually(lambda: svc.calls == 1)
    release.set()
    assert eventually(lambda: not svc._server._handler_threads)
