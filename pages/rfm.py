"""Page: rfm (not built yet — see the open issue)."""

from ui.coming import coming_soon
from ui.session import bootstrap

ctx = bootstrap()
coming_soon(ctx, "rfm")
