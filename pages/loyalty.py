"""Page: customer loyalty — retention rate per period, repeat purchase rate, second purchase within N days,
time to the second order, first vs repeat order value and the repeat orders' share of revenue; what loyalty is
worth (customer equity, the retention what-if) and the seven loyalty types."""

import streamlit as st

from ui import loyalty_equity_view as worth
from ui import loyalty_view as view
from ui.session import bootstrap, user_errors

ctx = bootstrap()
st.title(ctx.t("loy_title"))
st.caption(ctx.t("loy_intro", as_of=ctx.as_of))
view.how_it_works(ctx)
with user_errors(ctx.lang):
    settings = view.controls(ctx)
    retention = view.retention(ctx, settings)
    orders = view.sequence(ctx)
    view.headline(ctx, settings, retention, orders)
    view.retention_trend(ctx, settings, retention)
    view.repeat_orders(ctx, settings, orders)
    worth.equity(ctx)
    worth.retention_worth(ctx, settings)
    worth.loyalty_types(ctx)
