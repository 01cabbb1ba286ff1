"""Customer Value Dashboard — the router: page config, navigation, run the chosen page."""

import streamlit as st

from ui.heap import collect_now_and_then
from ui.links import menu
from ui.session import current_lang
from ui.workshop import limits


def run() -> None:
    st.set_page_config(page_title="客户价值仪表盘 · Customer Value Dashboard", page_icon=":material/insights:",
                       layout="wide")
    lang = current_lang()
    outside = not st.session_state.get("room_admitted") and bool(limits().room_code)
    # workshop mode: no menu before the room code
    page = st.navigation(menu(lang), position="hidden" if outside else "sidebar")
    try:
        page.run()
    finally:  # also when the page stops or reruns (Streamlit's exceptions pass through)
        collect_now_and_then()  # a full collection at most every 30 s (runner.postScriptGC is off: ui/heap.py)


run()
