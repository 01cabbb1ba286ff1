"""The bundled datasets a user can start from (files under ``data/``), as named data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class BundledDataset:
    """A file shipped in ``data/`` with what the app needs to know about it."""

    key: str
    path: Path
    currency: str
    title_en: str
    title_zh: str
    about_en: str
    about_zh: str
    drop_duplicates: bool = True  # False where identical lines are genuine separate purchases


BUNDLED: dict[str, BundledDataset] = {
    d.key: d
    for d in (
        BundledDataset(
            "sample", DATA_DIR / "sample_orders.csv", "CNY",
            "Sample shop (synthetic, 3 years)", "示例店铺（模拟数据，3 年）",
            "Synthetic order lines of about 5,000 customers of a Chinese online shop, 2022–2024, "
            "with order id, cost, channel and product category (made by data/generate_sample.py).",
            "一家中国网店约 5,000 名客户 2022–2024 年的模拟订单明细，含订单号、成本、渠道和品类"
            "（由 data/generate_sample.py 生成）。"),
        BundledDataset(
            "cdnow", DATA_DIR / "cdnow" / "cdnow_master.csv", "USD",
            "CDNOW (real, 1997–1998)", "CDNOW（真实数据，1997–1998）",
            "The CDNOW research data of Fader, Hardie & Lee (2005): 69,659 purchases of 23,570 "
            "customers who first bought in Q1 1997, followed to June 1998. Amounts in USD. Identical "
            "lines are kept: without an order id they are separate purchases, as in the published analyses.",
            "Fader、Hardie 与 Lee（2005）使用的 CDNOW 研究数据：1997 年第一季度首次购买的 23,570 名"
            "客户的 69,659 笔购买，跟踪至 1998 年 6 月。金额单位：美元。完全相同的行予以保留："
            "没有订单号时它们是独立的购买，与已发表的分析一致。",
            # 255 lines repeat another line exactly: with no order id they are separate purchases
            # of the same value on the same day, and the published summaries count them.
            drop_duplicates=False),
    )
}
DEFAULT_DATASET = "sample"
