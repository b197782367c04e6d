"""Tests for scheduled campaigns, sending, bounces, search, rendering, tokens and export."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
import io

import pytest

from newsletter import audience, bounces, campaigns, db, export, sender, subscribers, templates, tokens
from newsletter.mailapi import MailApiError

SECRET = b"test-secret"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def conn(tmp_path):
    connection = db.connect(str(tmp_path / "news.db"))
    db.create_schema(connection)
    connection.execute("INSERT INTO lists (id, name) VALUES (1, 'Weekly'), (2, 'Offers')")
    connection.commit()
    for email, name in [("ann@example.com", "Ann"), ("bob@example.com", "Bob"), ("cy@example.com", "Cy")]:
        subscribers.subscribe(connection, 1, email, name)
    subscribers.subscribe(connection, 2, "dee@example.com", "Dee")
    yield connection
    connection.close()


class FakeApi:
    def __init__(self, fail_for=()):
        self.sent = []
        self.fail_for = set(fail_for)

    def send(self, to, subject, html):
        if to in self.fail_for:
            raise MailApiError(503, "unavailable")
        self.sent.append((to, subject, html))
        return f"msg-{len(self.sent)}"


def test_campaign_is_due_at_its_time(conn):
    cid = campaigns.schedule_campaign(conn, 1, "Hello", "<p>Hi $email</p>", NOW)
    assert campaigns.due_campaigns(conn, NOW - timedelta(minutes=1)) == []
    assert campaigns.due_campaigns(conn, NOW) == [cid]


def test_naive_send_time_is_refused(conn):
    with pytest.raises(ValueError):
        campaigns.schedule_campaign(conn, 1, "Hello", "body", datetime(2026, 3, 2, 9, 0))


def test_a_campaign_is_claimed_once(conn):
    cid = campaigns.schedule_campaign(conn, 1, "Hello", "body", NOW)
    assert campaigns.start_sending(conn, cid) is True
    assert campaigns.start_sending(conn, cid) is False


def test_cancelled_campaign_is_not_sent(conn):
    cid = campaigns.schedule_campaign(conn, 1, "Hello", "body", NOW)
    assert campaigns.cancel_campaign(conn, cid)
    assert sender.dispatch(conn, FakeApi(), SECRET, NOW) == []


def test_dispatch_sends_to_every_subscriber(conn):
    cid = campaigns.schedule_campaign(conn, 1, "Hello", "<p>Hi $email</p>", NOW)
    api = FakeApi()
    assert sender.dispatch(conn, api, SECRET, NOW) == [cid]
    assert [to for to, _, _ in api.sent] == ["ann@example.com", "bob@example.com", "cy@example.com"]
    assert conn.execute("SELECT status, sent_count FROM campaigns WHERE id = ?", (cid,)).fetchone() == ("sent", 3)


def test_failed_delivery_is_recorded(conn):
    cid = campaigns.schedule_campaign(conn, 1, "Hello", "body", NOW)
    assert sender.send_campaign(conn, cid, FakeApi(fail_for={"bob@example.com"}), SECRET) == 2
    assert conn.execute("SELECT status FROM deliveries WHERE email = 'bob@example.com'").fetchone() == ("failed",)


def test_suppressed_addresses_get_nothing(conn):
    conn.execute("INSERT INTO suppressions (email, reason) VALUES ('bob@example.com', 'hard')")
    assert audience.recipients(conn, 1, extra=[" Team@News.example.com", "bob@example.com", "ann@example.com"]) == [
        "ann@example.com", "cy@example.com", "team@news.example.com"]


def test_hard_bounce_suppresses(conn):
    assert bounces.handle_bounce(conn, {"id": "e1", "recipient": "Ann@Example.com", "type": "hard"}) == 200
    assert audience.is_suppressed(conn, "ann@example.com")


def test_soft_bounces_suppress_after_the_limit(conn):
    for n in range(bounces.SOFT_BOUNCE_LIMIT):
        bounces.handle_bounce(conn, {"id": f"e{n}", "recipient": "bob@example.com", "type": "soft"})
    assert audience.is_suppressed(conn, "bob@example.com")


def test_duplicate_bounce_is_handled(conn):
    event = {"id": "e1", "recipient": "cy@example.com", "type": "soft"}
    assert bounces.handle_bounce(conn, event) == 200
    assert bounces.handle_bounce(conn, event) == 200      # the provider sent it again


def test_malformed_bounce_is_rejected(conn):
    assert bounces.handle_bounce(conn, {"recipient": "cy@example.com"}) == 400
    assert bounces.handle_bounce(conn, {"id": "e2", "recipient": "cy@example.com", "type": "spam"}) == 400


def test_search_finds_by_name_and_email(conn):
    assert [s["email"] for s in subscribers.search_subscribers(conn, 1, "bob")] == ["bob@example.com"]
    assert [s["name"] for s in subscribers.search_subscribers(conn, 1, "example", sort="email")] == ["Ann", "Bob", "Cy"]
    with pytest.raises(ValueError):
        subscribers.search_subscribers(conn, 1, "x", sort="name; DROP TABLE subscribers")


def test_render_escapes_and_adds_the_link():
    text = templates.render("<p>Hi $email</p>", email="<ann@example.com>", unsubscribe_url="https://u/?a=1&b=2")
    assert "&lt;ann@example.com&gt;" in text and 'href="https://u/?a=1&amp;b=2"' in text


def test_unsubscribe_token_round_trip():
    token = tokens.make_token(SECRET, 1, "ann@example.com")
    assert tokens.check_token(SECRET, 1, "ann@example.com", token)
    assert not tokens.check_token(SECRET, 2, "ann@example.com", token)
    assert "token=" + token in tokens.unsubscribe_url(SECRET, 1, "ann@example.com")


def test_export_writes_mailable_subscribers(conn):
    out = io.StringIO()
    assert export.export_csv(conn, 1, out) == 3
    assert out.getvalue().splitlines()[0] == "email,name,joined"


def test_export_leaves_out_suppressed_and_guards_formulas(conn):
    conn.execute("INSERT INTO suppressions (email, reason) VALUES ('ann@example.com', 'hard')")
    conn.commit()
    subscribers.subscribe(conn, 1, "eve@example.com", "=HYPERLINK(\"http://x\")")
    out = io.StringIO()
    assert export.export_csv(conn, 1, out) == 3
    assert "ann@example.com" not in out.getvalue() and "'=HYPERLINK" in out.getvalue()


def test_search_respects_the_limit(conn):
    assert len(subscribers.search_subscribers(conn, 1, "example", limit=2)) == 2
