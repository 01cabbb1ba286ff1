"""Page: customer loyalty — retention rate per period, repeat purchase rate, second purchase within N days,
time to the second order, first vs repeat order value and the repeat orders' share of revenue; promotion
dependence and share of wallet; the behavioural loyalty score, the value × loyalty matrix with its four
relationship types, and Kotler's customer ladder; what loyalty is worth (customer equity, the retention what-if)
and the seven loyalty types."""

import streamlit as st

from ui import loyalty_equity_view as worth
from ui import loyalty_ladder_view as ladder
from ui import loyalty_matrix_view as matrix
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

# the sections' settings first (each in its own place on the page), then one computation, then the results
score_box, matrix_box, ladder_box = st.container(), st.container(), st.container()
with score_box:
    weights = matrix.score_controls(ctx)
with matrix_box:
    split = matrix.matrix_controls(ctx)
with ladder_box:
    thresholds = ladder.controls(ctx)
with user_errors(ctx.lang):
    referrals = ladder.referrals(ctx)
    profile = matrix.profile(ctx, weights, split, thresholds, referrals)
with score_box:
    matrix.score_histogram(ctx, profile)
with matrix_box:
    matrix.matrix_chart(ctx, profile, split)
    quadrants = matrix.quadrants_table(ctx, profile, split)
    matrix.quadrant_list(ctx, profile, split, matrix.quadrant_pick(ctx, quadrants))
with ladder_box, user_errors(ctx.lang):
    ladder.funnel(ctx, profile, referrals is not None)
    ladder.over_time(ctx, thresholds, referrals is not None)
with user_errors(ctx.lang):
    worth.equity(ctx)
    worth.retention_worth(ctx, settings)
    worth.loyalty_types(ctx)
