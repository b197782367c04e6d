"""The newsletter's send list, merged from the CRM, the shop and the events tool."""


def build_send_list(sources, unsubscribed):
    """Every address once, in the order first seen, leaving out the unsubscribed.

    `sources` are the address lists exported from each tool; `unsubscribed`
    lists the addresses that opted out. Addresses arrive normalised (lower
    case, trimmed), so equal strings are the same person.
    """
    send_list = []
    for source in sources:
        for address in source:
            if address in unsubscribed or address in send_list:
                continue
            send_list.append(address)
    return send_list
