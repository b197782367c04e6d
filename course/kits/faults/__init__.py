"""Failure on demand: a fault-injecting HTTP service on loopback and the deterministic fakes graded tests use.

- `serve(...)` (server.py): a real standard-library HTTP server on 127.0.0.1, port 0, as a context
  manager. Scripted or seeded behaviours per request: 200, 404, 429 and 503 with Retry-After, 500,
  slow answers, a request that is never answered, a reset connection.
- `Script`, `Seeded`, `Fault`, `parse` (script.py): which behaviour each request gets.
- `FakeClock` (clock.py): virtual time with an injected sleep.
- `ScriptedUrlopen` (transport.py): stands in for urllib.request.urlopen in graded tests: real HTTP to
  the service, the behaviour of each call scripted in call order, timeouts recorded, time virtual;
  `ScriptedService` is the handle fixtures give tests to script it and count calls.
"""
from course.kits.faults.clock import FakeClock
from course.kits.faults.script import Fault, Script, Seeded, parse
from course.kits.faults.server import FaultService, Request, echo, lookup, prices, serve
from course.kits.faults.transport import CallHung, RunawayRetries, ScriptedService, ScriptedUrlopen, direct_urlopen

__all__ = ["FakeClock", "Fault", "Script", "Seeded", "parse", "FaultService", "Request", "echo", "lookup", "prices", "serve",
           "CallHung", "RunawayRetries", "ScriptedService", "ScriptedUrlopen", "direct_urlopen"]
