"""The newsletter's send list, merged from the CRM, the shop and the events tool."""


def build_send_list(sources, unsubscribed):
    """Every address once, in the order first seen, leaving out the unsubscribed.

    `sources` are the address lists exported from each tool; `unsubscribed`
    lists the addresses that opted out. Addresses arrive normalised (lower
    case, trimmed), so equal strings are the same person. Sets make each
    membership check one hash, so the work grows linearly with the lists.
    """
    skip = set(unsubscribed)      # also records every address already on the list
    send_list = []
    for source in sources:
        for address in source:
            if address in skip:
                continue
            skip.add(address)
            send_list.append(address)
    return send_list
