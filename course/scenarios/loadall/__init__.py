"""Load everything, then filter (module 03, findings-only drill): support tickets read whole for every panel.

The prompt: "Add a tickets table for the help centre, open_tickets(conn, customer_id, limit=20) for
the 'my open tickets' panel (tickets that are not closed, newest first), and open_ticket_counts(conn,
customer_ids) for the support dashboard."
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="loadall",
    module="03-hidden-performance",
    snippet="tickets.py",
    import_name="tickets",
    title="open_tickets: every ticket, filtered in Python",
)
