"""Which column plays which role, and which currency the amounts are in.

Detection, in order: a recognised platform layout (``crm_core.layouts``: Taobao, JD, Youzan, Kingdee,
Shopify, UCI Online Retail …) names its own columns; then the header synonyms of ``schema.ROLES`` (in
English and Chinese, with units such as "(元)" ignored); then, for a required role no header names, the
values of a bounded sample (``sql/column_profile.sql``, the ingest's own parsing macros). A guess from
the values is taken only when it is plausible and clearly the best: a customer column has many distinct
values that repeat (never a constant or near-constant column such as 运费 0.00, a department or a payment
method), an amount column is numeric with spread, a date column holds dates of 1970-2100 (a 5-digit card
number is not an Excel date unless its header says date). Otherwise the role is *uncertain*: the ingest
asks the user (``AmbiguousInputError``) instead of computing on a guess. The user can always override
(``ingest(..., mapping=...)``). Pure functions of the header names and the sample's profile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from .errors import AmbiguousInputError, InvalidInputError
from .layouts import Layout, detect_layout
from .schema import CURRENCY_SYMBOLS, REQUIRED_ROLES, ROLE_ZH, ROLES, normalise_header

# Thresholds of the value-based guess (shares of a column's non-blank sample cells).
VALUE_RULES = {
    "date_share": 0.9,       # a date column: at least 90 % of its cells are dates of 1970-2100
    "amount_share": 0.9,     # an amount column: at least 90 % read as amounts
    "min_distinct": 3,       # fewer distinct values: a constant or a flag, never an amount or a customer
    "max_top_share": 0.5,    # a customer column's most common value holds at most half of the cells
    "decimals": 0.2,         # money usually has a decimal part: a column with it beats one without
    "clear_margin": 2.0,     # the best customer candidate has at least twice the next one's distinct values
}


@dataclass
class MappingGuess:
    """The detected mapping: role -> column, how each was found, the layout, and what is uncertain."""

    roles: dict[str, str | None]
    how: dict[str, str] = field(default_factory=dict)  # role -> "layout" | "header" | "values" | "guess"
    layout: Layout | None = None
    uncertain: dict[str, list[str]] = field(default_factory=dict)  # role -> candidate columns, best first


def detect_mapping(columns, profile: pd.DataFrame | None = None) -> MappingGuess:
    """Column for each role: layout first, then header synonyms, then (required roles only) the values.

    Parameters
    ----------
    columns : sequence of str
        The file's header names.
    profile : DataFrame, optional
        ``column_profile.sql`` over a sample of the lines, used for required roles no header names.

    Returns
    -------
    MappingGuess
        ``roles`` has every role of ``schema.ROLES`` (``None`` where no column was found);
        ``uncertain`` lists the required roles whose value-based guess is weak, with the candidates.
    """
    columns = [str(c) for c in columns]
    norm = {c: normalise_header(c) for c in columns}
    layout = detect_layout(columns)
    guess = MappingGuess({}, layout=layout)
    used: set[str] = set()

    def take(role: str, names, how: str) -> bool:
        for name in names:
            key = normalise_header(name)
            hit = next((c for c in columns if c not in used and norm[c] == key), None)
            if hit is not None:
                guess.roles[role], guess.how[role] = hit, how
                used.add(hit)
                return True
        return False

    if layout is not None:
        for role in ROLES:
            if role.name in layout.roles:
                take(role.name, layout.roles[role.name], "layout")
    for role in ROLES:
        if role.name not in guess.roles and not take(role.name, role.synonyms, "header"):
            guess.roles[role.name] = None
    if guess.roles["amount"] is None and guess.roles["quantity"] and guess.roles["unit_price"]:
        guess.how["amount"] = "quantity_x_unit_price"
    if profile is not None and not profile.empty:
        _fill_from_values(guess, used, columns, profile)
    return guess


def _profile_rows(profile: pd.DataFrame, free: list[str]) -> list[dict]:
    rows = {r["col"]: r for r in profile.fillna(0).to_dict(orient="records")}
    return [rows[c] for c in free if c in rows and rows[c]["filled"] > 0]


def _fill_from_values(guess: MappingGuess, used: set[str], columns: list[str], profile: pd.DataFrame) -> None:
    rules = VALUE_RULES

    def free() -> list[dict]:
        return _profile_rows(profile, [c for c in columns if c not in used])

    def settle(role: str, candidates: list[dict], confident: bool) -> None:
        if not candidates:
            return
        guess.roles[role], guess.how[role] = candidates[0]["col"], "values" if confident else "guess"
        used.add(candidates[0]["col"])
        if not confident:
            guess.uncertain[role] = [c["col"] for c in candidates]

    if guess.roles["order_ts"] is None:
        dates = [r for r in free() if r["date_share"] >= rules["date_share"]]
        settle("order_ts", dates, len(dates) == 1)
    if guess.roles["amount"] is None and guess.how.get("amount") != "quantity_x_unit_price":
        money = [r for r in free() if r["amount_share"] >= rules["amount_share"] and r["date_share"] < 0.5
                 and r["distinct_values"] >= rules["min_distinct"]]
        with_decimals = [r for r in money if r["decimal_share"] >= rules["decimals"]]
        pool = with_decimals or money
        # among equals the right-most column (totals stand right of unit prices)
        pool = sorted(pool, key=lambda r: -columns.index(r["col"]))
        settle("amount", pool, len(pool) == 1)
    if guess.roles["customer_id"] is None:
        ids = [r for r in free() if r["date_share"] < 0.5 and r["decimal_share"] < rules["decimals"]
               and r["long_text_share"] < 0.5 and r["distinct_values"] >= rules["min_distinct"]
               and r["top_count"] <= rules["max_top_share"] * r["filled"]
               and r["distinct_values"] < r["filled"]]
        ids = sorted(ids, key=lambda r: -r["distinct_values"])
        clear = len(ids) == 1 or (len(ids) > 1 and ids[0]["distinct_values"]
                                  >= rules["clear_margin"] * ids[1]["distinct_values"])
        settle("customer_id", ids, clear)


def require_certain(guess: MappingGuess, confirmed) -> None:
    """Raise :class:`AmbiguousInputError` for the first uncertain required role the user has not confirmed.

    ``confirmed`` is the set of roles the user's mapping names. The message lists the candidate columns
    and how to choose (the mapping editor, or ``--map role=column`` on the command line).
    """
    for role in REQUIRED_ROLES:
        if role in guess.uncertain and role not in confirmed:
            cands = guess.uncertain[role]
            shown = ", ".join(repr(c) for c in cands[:6])
            raise AmbiguousInputError(
                "file", role, reason=(
                    f"no header names the {role} column and the values do not single one out (candidates: "
                    f"{shown}); choose it in the column mapping (command line: --map {role}=COLUMN, e.g. "
                    f"--map {role}={cands[0]})"),
                reason_zh=(f"没有表头表明哪一列是「{ROLE_ZH.get(role, role)}」，数据本身也无法确定（候选列：{shown}）；"
                           f"请在列映射中选择（命令行：--map {role}=列名，例如 --map {role}={cands[0]}）"),
                kind="mapping", role=role, candidates=cands)


def check_mapping(mapping: Mapping[str, str | None], columns) -> dict[str, str | None]:
    """Validate a (detected or user-given) mapping against the file's columns.

    Raises
    ------
    InvalidInputError
        A required role has no column (lists the missing roles and the columns present), a
        role names a column the file does not have, or one column is given two roles. The amount may
        be left unmapped when quantity and unit price are mapped (amount = quantity x unit price).
    """
    columns = [str(c) for c in columns]
    full = {role.name: mapping.get(role.name) or None for role in ROLES}
    unknown = {r: c for r, c in full.items() if c is not None and c not in columns}
    if unknown:
        bad = ", ".join(f"{r}={c!r}" for r, c in unknown.items())
        raise InvalidInputError("file", list(unknown.values()),
                                reason=f"no such column(s) ({bad}); the file has: {', '.join(columns)}",
                                reason_zh=f"找不到列（{bad}）；文件中的列有：{', '.join(columns)}")
    from_quantity = full["amount"] is None and full.get("quantity") and full.get("unit_price")
    missing = [r for r in REQUIRED_ROLES if full[r] is None and not (r == "amount" and from_quantity)]
    if missing:
        raise InvalidInputError(
            "file", missing,
            reason=f"required column(s) not found: {', '.join(missing)}; the file has: {', '.join(columns)}. "
                   "Choose them in the column mapping",
            reason_zh=f"缺少必需列：{'、'.join(ROLE_ZH.get(r, r) for r in missing)}；文件中的列有：{', '.join(columns)}。"
                      "请在列映射中选择")
    taken: dict[str, str] = {}
    for role, col in full.items():
        if col is None:
            continue
        if col in taken:
            raise InvalidInputError("file", col, reason=f"column {col!r} is given two roles: {taken[col]} and {role}",
                                    reason_zh=f"列 {col!r} 被同时指定为两个角色："
                                              f"「{ROLE_ZH.get(taken[col], taken[col])}」和「{ROLE_ZH.get(role, role)}」")
        taken[col] = role
    return full


def detect_currency(values: pd.Series) -> str | None:
    """ISO code of the currency symbol most common in an amount column's text, or ``None``."""
    counts: dict[str, int] = {}
    vals = values.dropna().astype(str)
    for sym, code in CURRENCY_SYMBOLS.items():
        n = int(vals.str.contains(sym, regex=False).sum())
        if n:
            counts[code] = counts.get(code, 0) + n
    return max(counts, key=counts.get) if counts else None
