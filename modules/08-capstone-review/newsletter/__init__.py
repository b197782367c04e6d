"""The newsletter service: mailing lists, subscribers and campaigns sent through a mail provider.

House code (before this pull request): db (connections, transactions, inbound events), clock (the
time), mailapi (the mail provider's client) and subscribers (sign-up and unsubscribe).
"""
