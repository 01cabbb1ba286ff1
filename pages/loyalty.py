"""Page: customer loyalty, in tabs — retention and repeat buying (retention rate per period, repeat purchase
rate, second purchase within N days, first vs repeat order value); the behavioural loyalty score and the
value × loyalty matrix with its four relationship types; Kotler's customer ladder; promotion dependence and share
of wallet; what loyalty is worth (customer equity, the retention what-if); the seven loyalty types."""

import streamlit as st

from ui import loyalty_equity_view as worth
from ui import loyalty_ladder_view as ladder
from ui import loyalty_matrix_view as matrix
from ui import loyalty_promo_view as promo
from ui import loyalty_view as view
from ui.session import bootstrap, user_errors
from ui.settings import carry_over

ctx = bootstrap()
st.title(ctx.t("loy_title"))
st.caption(ctx.t("loy_intro", as_of=ctx.as_of))
view.how_it_works(ctx)
with user_errors(ctx.lang):
    settings = view.controls(ctx)
    retention = view.retention(ctx, settings)
    orders = view.sequence(ctx)
    view.headline(ctx, settings, retention, orders)
# lazy tabs: only the open one runs (issue #14: every run drew all six); the closed tabs' choices are kept
carry_over(*view.TAB_WIDGET_KEYS)
tabs = st.tabs([ctx.t(f"loy_tab_{k}") for k in view.TABS], key="loy_tabs", on_change="rerun")
show = dict(zip(view.TABS, (tab.open for tab in tabs), strict=True))
if show["retention"]:
    with tabs[0], user_errors(ctx.lang):
        view.retention_trend(ctx, settings, retention)
        view.repeat_orders(ctx, settings, orders)
# the score, matrix, ladder and worth share one per-customer profile: the open tab's settings first (a closed
# tab's as last set), then the profile, then the results
if show["matrix"] or show["ladder"] or show["worth"]:
    if show["matrix"]:
        with tabs[1]:
            score_box, matrix_box = st.container(), st.container()
            with score_box:
                weights = matrix.score_controls(ctx)
            with matrix_box:
                split = matrix.matrix_controls(ctx)
    else:
        weights, split = matrix.score_weights(ctx), matrix.matrix_settings(ctx)
    if show["ladder"]:
        with tabs[2]:
            ladder_box = st.container()
            with ladder_box:
                thresholds = ladder.controls(ctx)
    else:
        thresholds = ladder.thresholds_kept()
    with user_errors(ctx.lang):
        referrals = ladder.referrals(ctx)
        profile = matrix.profile(ctx, weights, split, thresholds, referrals)
    if show["matrix"]:
        with score_box:
            matrix.score_histogram(ctx, profile)
        with matrix_box:
            matrix.matrix_chart(ctx, profile, split)
            quadrants = matrix.quadrants_table(ctx, profile, split)
            matrix.quadrant_list(ctx, profile, split, matrix.quadrant_pick(ctx, quadrants))
    if show["ladder"]:
        with ladder_box, user_errors(ctx.lang):
            ladder.funnel(ctx, profile, referrals is not None)
            ladder.over_time(ctx, thresholds, referrals is not None)
    if show["worth"]:
        with tabs[4], user_errors(ctx.lang):
            worth.equity(ctx, matrix.quadrant_of(profile))
            worth.retention_worth(ctx, settings)
if show["promotion"]:
    with tabs[3], user_errors(ctx.lang):
        promo.promotion_section(ctx)
        promo.wallet_section(ctx)
if show["types"]:
    with tabs[5]:
        worth.loyalty_types(ctx)
