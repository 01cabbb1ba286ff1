"""Shared Streamlit code: session bootstrap, language, the data-source sidebar, downloads.

Lives outside ``pages/`` because every ``.py`` file in ``pages/`` is a page. ``crm_core``
never imports this package, except the command line's ``report --html``, which imports :mod:`ui.handout`
(presentation without Streamlit: it and :mod:`ui.i18n` import none, a test checks) when asked for it.
"""
