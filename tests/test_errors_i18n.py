"""Error messages in both languages: ``InvalidInputError.message(lang)``, real triggers from the upload to the
analysis pages, the Chinese message on a page, and a scan that every user-reachable raise site has Chinese."""

from __future__ import annotations

import ast
import re

import pytest
from streamlit.testing.v1 import AppTest

from crm_core.churn import churn_report
from crm_core.clv.customer_value import fit_btyd
from crm_core.customers import customer_table
from crm_core.datasets import BUNDLED
from crm_core.errors import InvalidInputError
from crm_core.ingest import ingest_file, load_opened, open_file
from crm_core.lifecycle import StageThresholds
from crm_core.schema import REJECT_REASON_ZH, REJECT_REASONS, ROLE_NAMES, ROLE_ZH
from ui.i18n import LABELS

from .conftest import ROOT, TODAY

HAN = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"\d+(?:[.,:\-]\d+)*")


def numbers(text: str) -> list[str]:
    """The numbers and dates of a message, in sorted order (the two languages may order them differently)."""
    return sorted(NUMBER.findall(text))


def raised(fn, *args, **kw) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as info:
        fn(*args, **kw)
    return info.value


def assert_same_facts(err: InvalidInputError, phrase_zh: str) -> None:
    en, zh = err.message("en"), err.message("zh")
    assert en == str(err)
    assert phrase_zh in zh, zh
    assert err.reason_zh is not None and err.reason not in zh, zh  # no English fallback
    assert numbers(zh) == numbers(en), (en, zh)


# ------------------------------------------------------------------ (a) the message structure

def test_english_message_is_str_and_unchanged():
    err = InvalidInputError("transactions", "amount", rows=[3, 7], reason="unreadable amount",
                            reason_zh="金额无法识别")
    assert err.message() == err.message("en") == str(err) == "transactions.amount: unreadable amount; file rows 3, 7"
    assert err.user_message() == str(err)


def test_chinese_message_structure_with_rows_and_more():
    err = InvalidInputError("transactions", "金额", rows=list(range(2, 15)), reason="unreadable amount",
                            reason_zh="金额无法识别")
    assert str(err) == ("transactions.金额: unreadable amount; file rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 "
                        "(and 3 more)")
    assert err.message("zh") == "交易数据.金额：金额无法识别；文件第 2、3、4、5、6、7、8、9、10、11 行（另有 3 行）"
    assert err.user_message("zh") == err.message("zh")  # not the whole file: the prefix stays


def test_file_prefix_dropped_and_table_words_translated():
    err = InvalidInputError("file", None, reason="the file is empty", reason_zh="文件为空")
    assert err.message("zh") == "文件：文件为空"
    assert err.user_message("zh") == "文件为空"
    assert err.user_message() == err.user_message("en") == "the file is empty"
    for table, word in [("parameters", "参数"), ("customers", "客户表")]:
        assert InvalidInputError(table, "x", reason="r", reason_zh="原因").message("zh") == f"{word}.x：原因"


def test_without_chinese_the_english_reason_is_the_fallback():
    err = InvalidInputError("parameters", "query", rows=[5], reason="unknown query 'x'")
    assert err.reason_zh is None
    assert err.message("zh") == "参数.query：unknown query 'x'；文件第 5 行"
    assert err.message("en") == "parameters.query: unknown query 'x'; file rows 5"


def test_chinese_role_and_reason_names_match_the_interface_labels():
    for role in ROLE_NAMES:
        assert LABELS[f"role_{role}"][1].startswith(ROLE_ZH[role]), role
    for reason in REJECT_REASONS:
        assert REJECT_REASON_ZH[reason] == LABELS[f"reason_{reason}"][1], reason


# ------------------------------------------------------------------ (b) real triggers

def test_upload_missing_the_amount_column(tmp_csv):
    opened = open_file(tmp_csv("客户编号,下单时间,备注\nC1,2024-01-01,hello\nC2,2024-01-02,world\n"))
    err = raised(load_opened, opened, today=TODAY)
    opened.store.close()  # a mapping error leaves the opened file for the mapping form
    assert err.table == "file" and err.columns == ["amount"]
    assert_same_facts(err, "缺少必需列：实付金额")
    assert "客户编号, 下单时间, 备注" in err.message("zh")  # the user's own headers, as in English
    assert err.user_message("zh").startswith("缺少必需列")


def test_upload_mapping_to_a_column_that_does_not_exist(tmp_csv):
    opened = open_file(tmp_csv("customer_id,order_date,amount\nC1,2024-01-01,5\n"))
    err = raised(load_opened, opened, mapping={"amount": "金额"}, today=TODAY)
    opened.store.close()
    assert_same_facts(err, "找不到列")
    assert "amount='金额'" in err.message("zh")


def test_file_with_no_usable_rows(tmp_csv):
    path = tmp_csv("customer_id,order_date,amount\nC1,notadate,5\n,2024-01-01,7\nC2,2024-01-03,待定\n")
    err = raised(ingest_file, path, today=TODAY)
    assert err.table == "transactions"
    assert_same_facts(err, "没有可用的数据行")
    zh = err.message("zh")
    assert "日期无法识别：1 行，例如文件第 2 行" in zh and "缺少客户" in zh and "金额无法识别" in zh
    err.store.close()


def test_file_with_a_header_only(tmp_csv):
    err = raised(ingest_file, tmp_csv("customer_id,order_date,amount\n"), today=TODAY)
    assert_same_facts(err, "没有数据行")
    assert err.user_message("zh") == "文件只有表头，没有数据行"


@pytest.fixture(scope="module")
def sample():
    store, report = ingest_file(BUNDLED["sample"].path)
    yield store, report
    store.close()


def test_churn_horizon_too_long(sample):
    store, report = sample
    err = raised(churn_report, store, report.default_as_of, horizon_days=1000)
    assert_same_facts(err, "流失观察期必须是 7 到 730 之间的整数天数")
    assert err.message("zh").startswith("参数.horizon_days：")


def test_churn_horizon_longer_than_the_history(sample):
    store, report = sample
    err = raised(churn_report, store, report.default_as_of, horizon_days=700)
    assert_same_facts(err, "训练截止日")
    assert "请选择不超过" in err.message("zh")


def test_btyd_fit_on_too_few_customers(tmp_csv):
    path = tmp_csv("customer_id,order_date,amount\nC1,2024-01-01,5\nC1,2024-02-01,6\nC2,2024-01-03,7\n")
    store, report = ingest_file(path, today=TODAY)
    ct = customer_table(store, report.default_as_of)
    store.close()
    err = raised(fit_btyd, ct)
    assert_same_facts(err, "复购客户太少")
    assert "BG/NBD 模型至少需要 20 位复购客户" in err.message("zh")


@pytest.mark.parametrize("thresholds, phrase", [
    (StageThresholds(decline_spend_ratio=2.0), "退化期消费趋势倍数必须不小于 0，且小于形成期消费趋势倍数（1.5）"),
    (StageThresholds(lost_gap_multiple=1.0, decline_gap_multiple=3.0), "流失购买间隔倍数必须不小于退化期购买间隔倍数（3.0）"),
    (StageThresholds(lost_p_alive=1.5), "流失存活概率阈值必须是 [0, 1] 之间的概率"),
    (StageThresholds(new_days=0), "新客户天数必须大于 0"),
])
def test_impossible_lifecycle_thresholds(thresholds, phrase):
    err = raised(thresholds.check)
    assert_same_facts(err, phrase)


# ------------------------------------------------------------------ (c) a page in Chinese

TINY = ["customer_id,order_date,amount"] + [f"C{i},2025-01-{10 + i:02d},{100 + 10 * i}" for i in range(6)] + [
    "C0,2025-03-05,80", "C1,2025-04-20,95"]


def test_churn_page_shows_the_error_in_chinese(tmp_csv):
    from ui.session import load_opened_file
    ds = load_opened_file(open_file(tmp_csv("\n".join(TINY) + "\n")), None)
    texts = {}
    for lang in ("en", "zh"):
        at = AppTest.from_file(str(ROOT / "pages" / "churn.py"), default_timeout=60)
        at.session_state["lang"] = lang
        at.session_state["dataset"] = ds
        at.session_state["as_of"] = ds.report.default_as_of
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.error, lang
        texts[lang] = at.error[0].value
    en, zh = texts["en"], texts["zh"]
    assert HAN.search(zh) and not HAN.search(en)
    assert zh.startswith(("按当前设置无法计算：", "该文件无法使用："))
    # issue #11: no internal names (参数.horizon_days, 客户表.frequency) in what the page shows
    assert not re.search(r"(参数|客户表|parameters|customers)\.[a-z_]+", zh + en), (zh, en)
    english_reason = en.split(": ", 2)[-1]
    assert english_reason not in zh and not re.search(r"\b(the|choose|days|customers)\b", zh), zh
    assert numbers(zh) == numbers(en)


def test_upload_error_is_kept_in_both_languages(tmp_csv):
    from ui.data_source import _error_texts
    err = raised(ingest_file, tmp_csv("customer_id,order_date,amount\n"), today=TODAY)
    assert _error_texts(err) == {"en": "the file has a header but no data lines", "zh": "文件只有表头，没有数据行"}


# ------------------------------------------------------------------ (d) every reachable raise site has Chinese

STEP_MODULES = ["sources.py", "excel.py", "conventions.py", "ingest.py", "mapping.py", "schema.py", "churn", "clv",
                "lifecycle.py",
                "lifecycle_over_time.py", "rfm.py", "pyramid.py", "customers.py", "value.py"]

# (module, function, column argument): raise sites left in English on purpose. Each guards against a
# programming error (a wrong type, an internal table without its columns, an option outside a fixed
# select box) that no upload or setting of the app or the CLI can trigger.
ENGLISH_ONLY = {
    ("churn/horizon.py", "_check_date", "name"),  # as_of not a date
    ("churn/priority.py", "retention_priority", "missing"),  # internal score/value tables
    ("clv/_mle.py", "as_column", "name"),  # x2: not numbers / not one column (the CustomerTable is numeric)
    ("clv/_mle.py", "same_length", "list(lengths)"),
    ("clv/_mle.py", "check_positive", "name"),  # model constructor parameters (penalizer)
    ("clv/bgnbd.py", "fit", "'time_unit'"),
    ("clv/customer_value.py", "rate_per_period", "'periods_per_year'"),  # fixed by the time unit
    ("clv/customer_value.py", "_require_columns", "missing"),
    ("clv/diagnostics.py", "frequency_recency_matrix", "'quantity'"),
    ("clv/diagnostics.py", "frequency_recency_matrix", "'T'"),
    ("clv/diagnostics.py", "frequency_recency_matrix", "['max_frequency', 'recency_steps']"),
    ("clv/formulas.py", "discounted_clv_table", "'reading'"),
    ("clv/formulas.py", "discounted_clv_table", "'basis'"),
    ("clv/formulas.py", "retention_clv", "'timing'"),
    ("clv/formulas.py", "tornado", "'vary'"),
    ("clv/holdout.py", "holdout_purchases", "'customer_id'"),  # two CustomerTables of one store
    ("clv/holdout.py", "holdout_purchases", "'frequency'"),
    ("clv/holdout.py", "holdout_length", "'time_unit'"),
    ("clv/simulate.py", "simulate_bgnbd", "'n_customers'"),  # simulation for tests and docs only
    ("lifecycle.py", "check_date", "name"),
    ("lifecycle.py", "_dates", "'as_of_dates'"),
    ("lifecycle.py", "customer_stages", "'p_alive'"),  # the app passes its own BG/NBD Series
    ("lifecycle_over_time.py", "monthly_stage_counts", "'as_of_dates'"),
    ("rfm.py", "rfm_values", "'monetary'"),
    ("customers.py", "customer_table", "'time_unit'"),
    ("customers.py", "customer_table", "'as_of'"),
    ("customers.py", "customer_summary", "'as_of'"),
    ("value.py", "with_predicted_clv", "missing"),  # internal predictions table
    ("value.py", "with_predicted_clv", "'customer_id'"),
    ("value.py", "customer_value", "'metric'"),
}


def _raise_sites():
    core = ROOT / "crm_core"
    for name in STEP_MODULES:
        p = core / name
        for f in sorted(p.rglob("*.py")) if p.is_dir() else [p]:
            tree = ast.parse(f.read_text(encoding="utf-8"))
            for fn in ast.walk(tree):
                if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(fn):
                    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "InvalidInputError":
                        has_zh = any(k.arg == "reason_zh" for k in node.keywords)
                        yield (f.relative_to(core).as_posix(), fn.name, ast.unparse(node.args[1])), has_zh


def test_every_reachable_raise_site_has_chinese():
    sites = list(_raise_sites())
    without = {site for site, has_zh in sites if not has_zh}
    assert without == ENGLISH_ONLY, (sorted(without - ENGLISH_ONLY), sorted(ENGLISH_ONLY - without))
    assert sum(has_zh for _, has_zh in sites) >= 55  # the scan found the translated sites too


def test_an_ambiguity_in_the_app_has_no_command_line_hint(tmp_csv):
    # the Data page asks the question itself: no "--decimal" in what it shows; the CLI keeps the hint
    from crm_core.errors import AmbiguousInputError
    err = raised(ingest_file, tmp_csv("customer_id,order_date,amount\n" + "".join(
        f"C{i},2024-01-{1 + i % 28:02d},\"{1 + i},234\"\n" for i in range(30))), today=TODAY)
    assert isinstance(err, AmbiguousInputError) and err.kind == "decimal"
    assert "--decimal" in str(err)
    for lang in ("en", "zh"):
        shown = err.user_message(lang)
        assert "--decimal" not in shown and "命令行" not in shown and "command line" not in shown, shown
        assert len(shown) > 20
