"""Pricing client (module 02): the assistant's get_price reads a 503 as "no such product", waits forever
for a service that never answers, and retries in lockstep.

The prompt: "Write a client for our pricing service: PriceClient(base_url) with get_price(sku) that
returns the price in cents from GET {base_url}/prices/{sku}, or None if the product doesn't exist.
The service is sometimes briefly unreachable during deploys, so retry failed calls a few times. Take
urlopen and sleep as parameters so we can test it without the network and without waiting."

SPEC (what tests may rely on; correct implementations differ where it leaves freedom):
- PriceClient(base_url, *, urlopen=urllib.request.urlopen, sleep=time.sleep). get_price(sku) asks
  GET {base_url}/prices/{sku} through `urlopen` and returns "price_cents" from the JSON answer
  ({"sku": "lamp", "price_cents": 1999}).
- A 404 means there is no such product: get_price returns None at once, without retrying. Only a
  404 means that.
- Every other failure is worth another try: a 429, 500 or 503 answer, a connection that is reset,
  a call that gets no answer within its timeout. get_price tries again after each failure until an
  attempt succeeds or 3 attempts in all have failed.
- Every call to urlopen passes a timeout of at most 2 seconds, so a service that never answers
  cannot hold a page (and its thread) forever.
- Between two attempts it waits by calling sleep(seconds), never time.sleep: at most 1 second per
  wait, no wait after the last attempt, and randomised (jitter), so that clients that failed at the
  same moment do not all come back at the same moment.
- When all 3 attempts have failed, get_price raises PriceUnavailable (defined in the module). It never
  turns a failure into None or a made-up price: the cart would treat the product as gone.
- Left open: how the waits are chosen within those bounds (exponential backoff with full or equal
  jitter, or Retry-After when the service sends one); the exact timeout (any number up to 2 s); the
  exception's message and cause.
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="pricing",
    module="02-failure-modes",
    snippet="prices.py",
    import_name="prices",
    title="get_price: a client for a flaky pricing service",
)

SPEC = __doc__.split("SPEC", 1)[1].split("\n", 1)[1].strip()
MAX_ATTEMPTS = 3        # the spec's numbers, used by the fixtures' documentation and the live experiment
MAX_TIMEOUT = 2.0
MAX_WAIT = 1.0
