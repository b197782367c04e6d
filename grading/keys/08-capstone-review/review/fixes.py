"""For each keyed flaw of the capstone review, the smallest change that removes it: [(file, old text, new text)].

tests/test_capstone.py applies each one alone to a copy of the pull request and checks that the flaw's
execution witness, which holds on the pull request, no longer does: so every witness can fail, and each
flaw is one flaw. (Data only: keys import nothing from the course.)
"""

FIXES = {
    "claim-race": [("newsletter/campaigns.py", '''    row = conn.execute("SELECT status FROM campaigns WHERE id = ?", (campaign_id,)).fetchone()
    if row is None or row[0] != "scheduled":
        return False
    conn.execute("UPDATE campaigns SET status = 'sending' WHERE id = ?", (campaign_id,))
    conn.commit()
    return True''', '''    cursor = conn.execute("UPDATE campaigns SET status = 'sending' WHERE id = ? AND status = 'scheduled'",
                          (campaign_id,))
    conn.commit()
    return cursor.rowcount == 1''')],
    "naive-now": [("newsletter/campaigns.py", "now = (now or datetime.now()).replace(tzinfo=timezone.utc)",
                   "now = now or datetime.now(timezone.utc)")],
    "per-address-suppression": [("newsletter/audience.py", '''    rows = conn.execute("SELECT email FROM subscribers WHERE list_id = ? AND status = 'active' ORDER BY id",
                        (list_id,)).fetchall()
    addresses: list[str] = []
    for (email,) in rows:
        if not is_suppressed(conn, email):
            addresses.append(email)
    for email in extra:
        email = email.strip().lower()
        if email not in addresses and not is_suppressed(conn, email):
            addresses.append(email)''', '''    import json
    rows = conn.execute("SELECT s.email FROM subscribers AS s LEFT JOIN suppressions AS p ON p.email = s.email "
                        "WHERE s.list_id = ? AND s.status = 'active' AND p.email IS NULL ORDER BY s.id",
                        (list_id,)).fetchall()
    addresses: list[str] = [email for (email,) in rows]
    extra = [email.strip().lower() for email in extra]
    suppressed = {email for (email,) in conn.execute(
        "SELECT value FROM json_each(?) WHERE value IN (SELECT email FROM suppressions)", (json.dumps(extra),))}
    for email in extra:
        if email not in addresses and email not in suppressed:
            addresses.append(email)''')],
    "extra-dedupe-scan": [("newsletter/audience.py", '''    for email in extra:
        email = email.strip().lower()
        if email not in addresses and not is_suppressed(conn, email):
            addresses.append(email)''', '''    seen = set(addresses)
    for email in extra:
        email = email.strip().lower()
        if email not in seen and not is_suppressed(conn, email):
            seen.add(email)
            addresses.append(email)''')],
    "nested-retries": [("newsletter/sender.py", '''        for attempt in range(SEND_ATTEMPTS):
            try:
                api.send(email, subject, html)
            except MailApiError:
                continue
            status = "sent"
            sent += 1
            break''', '''        try:
            api.send(email, subject, html)        # MailApi retries what is worth retrying
        except MailApiError:
            pass
        else:
            status = "sent"
            sent += 1''')],
    "preview-bypass": [("newsletter/sender.py", '''    request = urllib.request.Request(
        f"{base_url.rstrip('/')}/v1/messages", method="POST",
        data=json.dumps({"to": to, "subject": f"[preview] {subject}", "html": html}).encode(),
        headers={"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return str(json.load(response).get("id", ""))''', '''    from newsletter.mailapi import RetryPolicy
    return MailApi(base_url, api_key, policy=RetryPolicy(attempts=1)).send(to, f"[preview] {subject}", html)''')],
    "bounce-redelivery": [("newsletter/bounces.py", '''    try:
        conn.execute("UPDATE subscribers SET bounces = bounces + 1 WHERE email = ?", (email,))''', '''    try:
        from newsletter.db import first_delivery
        if not first_delivery(conn, "bounces", event_id):
            conn.commit()
            return 200
        conn.execute("UPDATE subscribers SET bounces = bounces + 1 WHERE email = ?", (email,))''')],
    "ack-on-failure": [("newsletter/bounces.py", '''        logger.warning("bounce %s for %s not recorded", event_id, email)
    return 200''', '''        logger.warning("bounce %s for %s not recorded", event_id, email)
        return 503
    return 200''')],
    "search-injection": [("newsletter/subscribers.py", '''           f"AND (email LIKE '%{query}%' OR name LIKE '%{query}%') "
           f"ORDER BY {SORTS[sort]} LIMIT ?")
    rows = conn.execute(sql, (list_id, limit)).fetchall()''', '''           f"AND (instr(lower(email), lower(?)) > 0 OR instr(lower(name), lower(?)) > 0) "
           f"ORDER BY {SORTS[sort]} LIMIT ?")
    rows = conn.execute(sql, (list_id, query, query, limit)).fetchall()''')],
    "vacuous-duplicate-test": [("newsletter/tests/test_newsletter.py", '''    assert bounces.handle_bounce(conn, event) == 200      # the provider sent it again
''', '''    assert bounces.handle_bounce(conn, event) == 200      # the provider sent it again
    assert conn.execute("SELECT bounces FROM subscribers WHERE email = 'cy@example.com'").fetchone() == (1,)
''')],
}
