"""Page: Customer pyramid (客户金字塔) — value tiers VIP / major / ordinary / small and lead, the Pareto
curve, what to do with each tier, and each tier's customers to download."""

import streamlit as st

from ui import pyramid_view as view
from ui.session import bootstrap, user_errors
from ui.settings import keep, kept

ctx = bootstrap()
st.title(ctx.t("pyr_title"))
st.caption(ctx.t("pyr_intro"))

c = st.columns([1.3, 1, 1, 1], gap="medium")
options = view.metric_options(ctx)
metric_key = f"pyr_metric_{ctx.ds.key}"
metric = keep(metric_key, c[0].radio(ctx.t("pyr_metric"), options, format_func=view.label_of(ctx, "pyr_metric_"),
                                     index=view.kept_index(options, kept(metric_key, None)), key=metric_key,
                                     help=ctx.t("pyr_metric_help")))
vip, major, ordinary = (keep(f"pyr_{tier}", col.slider(ctx.t(f"pyr_cut_{tier}"), **view.slider_args(tier),
                                                       key=f"pyr_{tier}", help=ctx.t("pyr_cut_help")))
                        for col, tier in zip(c[1:], ("vip", "major", "ordinary"), strict=True))
cuts = view.cut_points(ctx, vip, major, ordinary)  # an impossible split is explained and stops here
unknown_profit = view.unknown_profit_choice(ctx, metric)  # only asked when some profit is unknown

with user_errors(ctx.lang):
    pyr = view.compute(ctx, metric, cuts, unknown_profit)
view.metric_in_use(ctx, pyr)

left, right = st.columns(2, gap="large")
with left:
    view.pyramid_chart(ctx, pyr)
with right:
    view.pareto_chart(ctx, pyr)

view.tiers_table(ctx, pyr)
view.tier_actions(ctx, pyr)

dimensions = view.breakdown_options(ctx)
if len(dimensions) > 1:
    st.subheader(ctx.t("pyr_breakdown"))
    dimension = st.radio(ctx.t("pyr_breakdown"), dimensions, format_func=view.label_of(ctx, "pyr_bd_"),
                         horizontal=True, key=f"pyr_breakdown_{ctx.ds.key}", label_visibility="collapsed")
    view.breakdown_chart(ctx, pyr, dimension)

st.subheader(ctx.t("pyr_dl_title"))
tier = st.radio(ctx.t("pyr_dl_tier"), view.ALL_TIERS, format_func=view.tier_label(ctx, pyr), horizontal=True,
               key="pyr_dl_tier")
view.tier_download(ctx, pyr, tier)

view.how_it_works(ctx)
