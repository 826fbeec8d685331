"""A report whose line breaks were lost: parts, items and signature all run on one line."""

import datetime as dt
from decimal import Decimal

from govkg.extract.text.readers import SourceDocument

TEXT = ("青禾县人民政府关于2023年度法治政府建设情况的报告 2023年,青禾县深入推进法治政府建设。现将有关情况报告如下:"
        "一、主要举措和成效(一)推进依法决策。一是严格落实重大行政决策程序,全年审议重大行政决策事项14项。"
        "(二)规范行政执法。县综合行政执法局开展抽查612次。二、存在的不足和原因一是部分乡镇法治力量薄弱;"
        "二是执法人员专业素质有待提高。三、党政主要负责人履行推进法治建设第一责任人职责情况县长认真履行第一责任人职责。"
        "四、2024年工作安排一是持续深化法治政府示范创建;二是加强行政复议规范化建设。 青禾县人民政府 2024年2月26日")


def test_extract_run_on_report(extractor):
    rec = extractor.extract(SourceDocument("run-on.txt", TEXT))
    assert (rec.year, rec.issued) == (2023, dt.date(2024, 2, 26))
    assert [(s.heading, s.kind) for s in rec.sections if s.parent is None] == [
        ("主要举措和成效", "Achievements"), ("存在的不足和原因", "Shortcomings"),
        ("党政主要负责人履行推进法治建设第一责任人职责情况", "LeadershipDuties"), ("2024年工作安排", "NextYearPlans")]
    assert [s.heading for s in rec.sections if s.parent == "1"] == ["推进依法决策", "规范行政执法"]
    assert sorted(m.label for m in rec.measures if m.planned) == ["加强行政复议规范化建设", "持续深化法治政府示范创建"]
    assert [s.label for s in rec.shortcomings] == ["部分乡镇法治力量薄弱", "执法人员专业素质有待提高"]
    assert {(o.value, o.unit) for o in rec.outcomes} == {(Decimal(14), "项"), (Decimal(612), "次")}
    units = {u.key: u for u in rec.units}
    assert units[rec.reporting_unit].label == "青禾县人民政府"
    executor = next(m for m in rec.measures if "抽查" in m.label)
    assert units[executor.responsible].label == "青禾县综合行政执法局"
