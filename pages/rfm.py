"""Page: RFM — scores, the R × F heatmap, named segments, the 8 classes, movement, campaign lists."""

import streamlit as st

from ui import rfm_view as view
from ui.session import bootstrap, user_errors

ctx = bootstrap()
st.title(ctx.t("rfm_title"))
st.caption(ctx.t("rfm_intro", as_of=ctx.as_of))
with st.expander(ctx.t("rfm_how_title")):
    st.markdown(ctx.t("rfm_how_body"))
settings = view.controls(ctx)
with user_errors(ctx.lang):
    scores, cuts = view.scores_at(ctx, settings)
view.cut_points(ctx, cuts)
view.heatmap(ctx, scores)
tabs = st.tabs([ctx.t("rfm_segments_title"), ctx.t("rfm_class8_title"), ctx.t("rfm_movement_title"),
                ctx.t("rfm_export_title")])
with tabs[0]:
    view.segments(ctx, scores)
with tabs[1]:
    view.classes8(ctx, scores)
with tabs[2]:
    view.movement(ctx, settings, scores)
with tabs[3]:
    view.campaign(ctx, scores)
