"""Rendering a campaign for one recipient: the editor's HTML body with its $placeholders filled in.

Editors write the body (they are staff, and the body is HTML on purpose); what is filled in comes
from subscribers and is escaped. Every message carries an unsubscribe link, as the law requires.
"""
from __future__ import annotations

import html
import string

PLACEHOLDERS = ("email", "unsubscribe_url")


def render(body: str, *, email: str, unsubscribe_url: str) -> str:
    """The body with $email and $unsubscribe_url filled in (HTML-escaped); a footer link when the body has none."""
    values = {"email": html.escape(email), "unsubscribe_url": html.escape(unsubscribe_url, quote=True)}
    text = string.Template(body).safe_substitute(values)
    if values["unsubscribe_url"] not in text:
        text += f'\n<p><a href="{values["unsubscribe_url"]}">Unsubscribe</a></p>'
    return text
