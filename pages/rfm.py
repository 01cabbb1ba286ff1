"""Page: RFM — scores, the R × F heatmap, named segments, the 8 classes, movement, campaign lists."""

import streamlit as st

from ui import rfm_view as view
from ui.session import bootstrap, user_errors
from ui.settings import carry_over

ctx = bootstrap()
st.title(ctx.t("rfm_title"))
st.caption(ctx.t("rfm_intro", as_of=ctx.as_of))
with st.expander(ctx.t("rfm_how_title")):
    st.markdown(ctx.t("rfm_how_body"))
settings = view.controls(ctx)
with user_errors(ctx.lang):
    scores, cuts = view.scores_at(ctx, settings)
view.cut_points(ctx, cuts)
views = view.views_at(ctx, settings, scores)
view.heatmap(ctx, views)
# lazy tabs: only the open one runs (issue #14: the movement tab's scores at the earlier date and its Sankey were
# half of every run); the closed tabs' choices are kept for when they are opened again
carry_over(*view.TAB_WIDGET_KEYS)
tabs = st.tabs([ctx.t("rfm_segments_title"), ctx.t("rfm_class8_title"), ctx.t("rfm_movement_title"),
                ctx.t("rfm_export_title")], key="rfm_tabs", on_change="rerun")
if tabs[0].open:
    with tabs[0]:
        view.segments(ctx, views)
if tabs[1].open:
    with tabs[1]:
        view.classes8(ctx, views)
if tabs[2].open:
    with tabs[2], user_errors(ctx.lang):
        view.movement(ctx, settings, scores)
if tabs[3].open:
    with tabs[3]:
        view.campaign(ctx, scores)
