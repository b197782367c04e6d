"""Cart cookie (module 07, findings and a fix): the cart kept in a signed cookie.

The prompt: "We're putting the storefront behind a load balancer, so move the cart out of server
memory into a cookie. Write dump_cart(cart, key) and load_cart(cookie, key); sign it with our secret
key so customers can't edit prices, and don't break the carts people have right now."

SPEC (what tests may rely on; correct implementations differ where it leaves freedom):
- A cart is {"items": [[sku, qty, unit_cents], ...], "coupon": str or None}: lists, str, int, None.
- dump_cart(cart, key) returns the cookie value: an ASCII str without spaces, quotes, ";" or ",".
- load_cart(dump_cart(cart, key), key) == cart.
- Any cookie that dump_cart did not make with this key loads as the empty cart {"items": [], "coupon": None}; nothing raises.
  The carts people have right now are the old server-side ones: no cookie of an older format exists.
- Loading a cookie never runs code or builds anything but the cart's plain values, whoever made it,
  even a cookie signed with the right key (keys leak; an old key lingers after a rotation).
- Left open: the cookie's format (how it encodes and signs the cart).
"""
from course.scenarios import Scenario

SCENARIO = Scenario(
    name="cookie",
    module="07-security-smells",
    snippet="cart_cookie.py",
    import_name="cart_cookie",
    title="dump_cart() / load_cart(): the storefront's cart in a signed cookie",
)

SPEC = __doc__.split("SPEC", 1)[1].split("\n", 1)[1].strip()
