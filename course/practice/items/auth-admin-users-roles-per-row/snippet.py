"""Admin console: the organisation's user table, with each user's roles."""
from __future__ import annotations

import html
import sqlite3
from string import Template

ROW = Template("<tr><td>$name</td><td>$email</td><td>$roles</td><td>$last_login</td></tr>")


def role_names(conn: sqlite3.Connection, user_id: int) -> list[str]:
    """Names of the roles granted to one user, alphabetically."""
    rows = conn.execute(
        "SELECT r.name FROM grants g JOIN roles r ON r.id = g.role_id WHERE g.user_id = ? ORDER BY r.name",
        (user_id,),
    )
    return [name for (name,) in rows]


def render_user_table(conn: sqlite3.Connection, org_id: int, page: int = 1, per_page: int = 100) -> str:
    """HTML rows for one page of the organisation's users, by name; all values are escaped."""
    users = conn.execute(
        "SELECT id, name, email, last_login FROM users WHERE org_id = ? ORDER BY name, id LIMIT ? OFFSET ?",
        (org_id, per_page, (page - 1) * per_page),
    ).fetchall()
    return "\n".join(
        ROW.substitute(
            name=html.escape(name),
            email=html.escape(email),
            roles=html.escape(", ".join(role_names(conn, user_id)) or "(none)"),
            last_login=html.escape(last_login or "never"),
        )
        for user_id, name, email, last_login in users
    )
