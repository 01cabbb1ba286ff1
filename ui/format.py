"""Number formatting for display: money with its currency sign, counts with separators."""

from __future__ import annotations

CURRENCY_SIGN = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "HKD": "HK$", "JPY": "JP¥"}


def money(value: float, currency: str | None, *, decimals: int | None = None) -> str:
    """``¥6,854,171`` / ``¥1,343.50`` — sign (or code), separators; cents below 10,000 unless told."""
    if decimals is None:
        decimals = 2 if abs(value) < 10_000 else 0
    sign = CURRENCY_SIGN.get(currency or "", "")
    text = f"{abs(value):,.{decimals}f}"
    prefix = "-" if value < 0 else ""
    return f"{prefix}{sign}{text}" if sign or not currency else f"{prefix}{text} {currency}"
