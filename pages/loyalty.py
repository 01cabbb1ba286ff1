"""Page: customer loyalty — retention rate per period, repeat purchase rate, second purchase within N days,
time to the second order, first vs repeat order value and the repeat orders' share of revenue; promotion
dependence and share of wallet."""

import streamlit as st

from ui import loyalty_promo_view as promo
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
    promo.promotion_section(ctx)
    promo.wallet_section(ctx)
