"""Answer key for the cart-cookie scenario (module 07-security-smells): findings and a fix.

The snippet is solutions/07-security-smells/cart_cookie.py. The HMAC is right (hmac.new with the key,
compare_digest); what goes wrong is around it:
- unsigned-accepted (spec-misread; injection and error-handling accepted), lines 34-35: `if signature and
  not ...` checks a signature only when there is one. The assistant read "don't break the carts people
  have right now" as "accept unsigned cookies"; the spec says no older cookie format exists. An unsigned
  cookie is accepted as it is: a lamp for one cent, and the door to the next flaw without any key.
- pickle-loads (injection), line 36 (also line 25, where the format is chosen): unpickling calls whatever
  the pickle names. Through the unsigned door anyone can run code on the server; even with the check
  fixed, a leaked or rotated-out key becomes remote code execution. The spec: a cookie is data.
Decoys: line 20, hmac.new(key, data, hashlib.sha256), is a correct HMAC; lines 37-38, `except Exception:
return _empty()`, is what the spec asks for (a damaged cookie is an empty cart, nothing raises).
"""
from course.judge.exercises import FindingsExercise, FixExercise, Flaw

FLAW_TITLES = {
    "unsigned-accepted": "A cookie without a signature skips the check: anyone can send an unsigned cart.",
    "pickle-loads": "pickle.loads on bytes from the browser: loading the cookie runs whatever the pickle names.",
}

EXERCISES = [
    FindingsExercise(
        id="cookie_findings",
        scenario="cookie",
        flaws=(
            Flaw("unsigned-accepted", lines=(34, 35),
                 categories=frozenset({"spec-misread", "injection", "error-handling"}),
                 title=FLAW_TITLES["unsigned-accepted"]),
            Flaw("pickle-loads", lines=(36, 36), also=((25, 25),), categories=frozenset({"injection"}),
                 title=FLAW_TITLES["pickle-loads"]),
        ),
        decoys=((20, 20), (37, 38)),
    ),
    FixExercise(
        id="cookie_fix",
        scenario="cookie",
        hidden_tests="test_fix_hidden.py",
        reference="fix.py",
        properties={
            "test_round_trip_and_cookie_safe": "a cart comes back as it went in, in a cookie-safe value",
            "test_another_key_or_an_edit_gives_the_empty_cart": "another key or an edited cookie: the empty cart",
            "test_unsigned_cookies_give_the_empty_cart": "an unsigned cookie: the empty cart",
            "test_damaged_cookies_give_the_empty_cart": "a damaged cookie: the empty cart, nothing raised",
            "test_no_cookie_runs_code_even_with_the_key": "no cookie runs code, even one signed with the key",
        },
        allowed_imports=("base64",),
    ),
]
