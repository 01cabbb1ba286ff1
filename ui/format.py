"""Number formatting for display: money with its currency sign, counts with separators."""

from __future__ import annotations

CURRENCY_SIGN = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "HKD": "HK$", "JPY": "JP¥"}


def money(value: float, currency: str | None, *, decimals: int = 0) -> str:
    """``¥6,854,171`` — the currency's sign (or its code) and thousands separators."""
    sign = CURRENCY_SIGN.get(currency or "", "")
    text = f"{abs(value):,.{decimals}f}"
    prefix = "-" if value < 0 else ""
    return f"{prefix}{sign}{text}" if sign or not currency else f"{prefix}{text} {currency}"
