[
    {"lines": (34, 35), "category": "spec-misread",
     "why": "a cookie without a signature skips the check: anyone can send an unsigned cart (the lamp at one "
            "cent), and the spec says no older cookie format exists to stay compatible with"},
    {"lines": (36, 36), "category": "injection",
     "why": "pickle.loads on bytes from the browser: unpickling calls whatever callable the pickle names, so an "
            "unsigned cookie (or one signed with a leaked key) runs the sender's code on the server"},
]
