"""Measures: which clauses are actions, with sentences written by us."""

import pytest

from govkg.extract.pipeline import Extractor
from govkg.extract.text.readers import SourceDocument

TITLE = "青禾县自然资源局2023年法治政府建设年度报告\n一、主要举措和成效\n"


def _labels(body: str) -> list[str]:
    record = Extractor().extract(SourceDocument("t.txt", TITLE + body))
    return [m.label for m in record.measures]


@pytest.mark.parametrize("body, key", [
    ("立案查处土地违法案件47宗,收缴罚没款126.5万元,依法拆除违法建筑1.8万平方米,向公安机关移送案件2件。", "拆除违法建筑"),
    ("立案查处土地违法案件47宗,收缴罚没款126.5万元,依法拆除违法建筑1.8万平方米,向公安机关移送案件2件。", "移送案件"),
    ("追回医保基金416.2万元,约谈定点医药机构12家。", "约谈"),
    ("取消调整县级行政权力事项18项,进驻政务服务中心事项1267项。", "进驻"),
])
def test_measures_enforcement_actions_are_measures(body, key):
    labels = _labels(body)
    assert any(key in label for label in labels), labels


def test_measures_framing_is_not_a_measure():
    labels = _labels("现将有关情况报告如下。坚持以习近平法治思想为指导,全年审查合同12份。")
    assert not any("报告如下" in label or label.startswith("坚持以习近平") for label in labels), labels
