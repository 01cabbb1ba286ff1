"""Customer Value Dashboard — the router: page config, navigation, run the chosen page."""

import streamlit as st

from ui.heap import collect_now_and_then
from ui.i18n import t
from ui.session import current_lang
from ui.workshop import limits


def run() -> None:
    st.set_page_config(page_title="客户价值仪表盘 · Customer Value Dashboard", page_icon=":material/insights:",
                       layout="wide")
    lang = current_lang()
    outside = not st.session_state.get("room_admitted") and bool(limits().room_code)
    page = st.navigation({
        t("nav_section_data", lang): [
            st.Page("pages/overview.py", title=t("nav_overview", lang), icon=":material/dashboard:", default=True),
            st.Page("pages/data.py", title=t("nav_data", lang), icon=":material/database:"),
        ],
        t("nav_section_views", lang): [
            st.Page("pages/pyramid.py", title=t("nav_pyramid", lang), icon=":material/change_history:"),
            st.Page("pages/rfm.py", title=t("nav_rfm", lang), icon=":material/grid_view:"),
            st.Page("pages/clv.py", title=t("nav_clv", lang), icon=":material/savings:"),
            st.Page("pages/lifecycle.py", title=t("nav_lifecycle", lang), icon=":material/timeline:"),
            st.Page("pages/loyalty.py", title=t("nav_loyalty", lang), icon=":material/loyalty:"),
            st.Page("pages/churn.py", title=t("nav_churn", lang), icon=":material/person_remove:"),
            st.Page("pages/profile.py", title=t("nav_profile", lang), icon=":material/person_search:"),
        ],
    }, position="hidden" if outside else "sidebar")  # workshop mode: no menu before the room code
    try:
        page.run()
    finally:  # also when the page stops or reruns (Streamlit's exceptions pass through)
        collect_now_and_then()  # a full collection at most every 30 s (runner.postScriptGC is off: ui/heap.py)


run()
