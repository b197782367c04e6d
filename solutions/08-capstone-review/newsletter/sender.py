"""Sending campaigns through the mail provider, and the dispatcher cron runs every minute on each app server."""
from __future__ import annotations

from datetime import datetime
import json
import sqlite3
import urllib.request

from newsletter import audience, campaigns, templates, tokens
from newsletter.mailapi import MailApi, MailApiError

SEND_ATTEMPTS = 5


def send_campaign(conn: sqlite3.Connection, campaign_id: int, api: MailApi, secret: bytes,
                  extra: tuple[str, ...] = ()) -> int:
    """Send a campaign to each of its recipients, recording every delivery; how many messages went out."""
    list_id, subject, body = conn.execute("SELECT list_id, subject, body FROM campaigns WHERE id = ?",
                                          (campaign_id,)).fetchone()
    sent = 0
    for email in audience.recipients(conn, list_id, extra):
        html = templates.render(body, email=email, unsubscribe_url=tokens.unsubscribe_url(secret, list_id, email))
        status = "failed"
        for attempt in range(SEND_ATTEMPTS):
            try:
                api.send(email, subject, html)
            except MailApiError:
                continue
            status = "sent"
            sent += 1
            break
        conn.execute("INSERT OR REPLACE INTO deliveries (campaign_id, email, status) VALUES (?, ?, ?)",
                     (campaign_id, email, status))
    conn.commit()
    return sent


def dispatch(conn: sqlite3.Connection, api: MailApi, secret: bytes, now: datetime | None = None) -> list[int]:
    """Send every due campaign this dispatcher claims; the ids of the campaigns it sent."""
    done = []
    for campaign_id in campaigns.due_campaigns(conn, now):
        if campaigns.start_sending(conn, campaign_id):
            count = send_campaign(conn, campaign_id, api, secret)
            campaigns.finish_sending(conn, campaign_id, count)
            done.append(campaign_id)
    return done


def send_preview(base_url: str, api_key: str, to: str, subject: str, html: str) -> str:
    """The editor's "send me a preview" button: one message to the editor's own address; the message id."""
    request = urllib.request.Request(
        f"{base_url.rstrip('/')}/v1/messages", method="POST",
        data=json.dumps({"to": to, "subject": f"[preview] {subject}", "html": html}).encode(),
        headers={"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return str(json.load(response).get("id", ""))
