"""Outcomes: what counts as a counted result, and what never does. Sentences written by us."""

from decimal import Decimal

import pytest

from govkg.extract.components.outcomes import find_outcomes
from govkg.extract.text.sentences import clauses, protected_mask, sentences


def _outcomes(text):
    mask = protected_mask(text, openers="“《〔\"‘「")
    full = protected_mask(text)
    cls = clauses(text, sentences(text, full), full)
    found = find_outcomes(text, mask, [(c.start, c.end) for c in cls])
    return [(o.value, o.unit, o.approximate, "".join(text[a:b] for a, b in o.indicator_spans)) for o in found]


@pytest.mark.parametrize("text, value, unit, approximate, key", [
    ("全年审查合同86份。", Decimal(86), "份", False, "合同"),
    ("共召开15次局长办公会。", Decimal(15), "次", False, "局长办公会"),
    ("组织培训3200余人次。", Decimal(3200), "人次", True, "培训"),
    ("张贴宣传海报近5000张。", Decimal(5000), "张", True, "海报"),
    ("群众满意率98.6%。", Decimal("98.6"), "%", False, "满意率"),
    ("办理行政处罚案件1,234件。", Decimal(1234), "件", False, "行政处罚案件"),
    ("罚没款356.7万元。", Decimal("356.7"), "万元", False, "罚没款"),
    ("全年会前学法十六次。", Decimal(16), "次", False, "会前学法"),
    ("受理复议申请一百一十二件。", Decimal(112), "件", False, "复议"),
    ("覆盖干部约2.4万人次。", Decimal("2.4"), "万人次", True, "干部"),
    ("行政诉讼案件同比下降12.5%。", Decimal("12.5"), "%", False, "同比下降"),
    ("受理案件30件以上。", Decimal(30), "件", True, "受理"),
    ("为企业减负100余万元。", Decimal(100), "万元", True, "减负"),
    ("挽回损失1.2亿元。", Decimal("1.2"), "亿元", False, "挽回损失"),
    ("编制公布12个事项(35个子项)清单。", Decimal(35), "个", False, "子项"),
])
def test_outcomes_found(text, value, unit, approximate, key):
    found = _outcomes(text)
    assert any(v == value and u == unit and a == approximate and key in ind for v, u, a, ind in found), found


@pytest.mark.parametrize("text", [
    "组织召开第12次党代会。",                      # ordinal
    "2023年法治政府建设工作要点印发。",            # a year
    "依据某政发〔2021〕12号文件。",                 # a document number
    "落实《某县法治政府建设实施方案(2021-2025年)》。",  # a plan period in a title
    "在兴岭路18号院试点。",                        # an address
    "学习四个条例和两个确保。",                    # slogans
    "实现“三个100%”目标。",                       # a quoted slogan
    "构建“1+3+N”模式。",                           # a model name
    "力争年底前培训500人次。",                     # a target
    "连续3年获评优秀。",                           # a duration
    "在全省16个市中排名第二。",                    # a ranking population
    "作为一项长期任务。",                          # an article, not a count
    "落实行政执法三项制度。",                      # a name
    "查办货值金额50万元以上的案件。",              # a threshold qualifying a noun
    "联系电话0871-65581234。",                     # a phone number
    "发布时间3月29日。",                           # a date
    "实现三个100%。",                              # a slogan without quotes
    "每季度开展1次督查。",                         # a rule of frequency
    "依法处10万元以下罚款。",                      # a legal limit
])
def test_outcomes_never(text):
    assert _outcomes(text) == []


def test_outcomes_coordinated_counts_share_the_verb():
    found = _outcomes("共召开常务会议12次、专题会议5次。")
    assert [(v, u) for v, u, _a, _i in found] == [(Decimal(12), "次"), (Decimal(5), "次")]
    assert "专题会议" in found[1][3]


def test_outcomes_noun_after_measure_word():
    found = _outcomes("2022年共召开27次主任办公会、24次工委会。")
    assert found[0][3] == "召开主任办公会"
    assert "工委会" in found[1][3]


@pytest.mark.parametrize("text, value, unit, approximate, key", [
    ("纠错率百分之十一点一。", Decimal("11.1"), "%", False, "纠错率"),
    ("事项占比达百分之九十五。", Decimal(95), "%", False, "占比"),
    ("出庭应诉率达百分之百。", Decimal(100), "%", False, "出庭应诉率"),
    ("调解成功率百分之九十八以上。", Decimal(98), "%", True, "调解成功率"),
    ("提出法律意见近千条。", Decimal(1000), "条", True, "法律意见"),
    ("举办法治讲座近百场,覆盖全镇。", Decimal(100), "场", True, "法治讲座"),
    ("收缴野生动物3.2万余只(头)。", Decimal("3.2"), "万只", True, "野生动物"),
    ("涉案林木1.5万立方米。", Decimal("1.5"), "万立方米", False, "林木"),
])
def test_outcomes_words_and_round_numbers(text, value, unit, approximate, key):
    found = _outcomes(text)
    assert any(v == value and u == unit and a == approximate and key in ind for v, u, a, ind in found), found


def test_outcomes_two_counts_side_by_side_share_the_action():
    found = _outcomes("组织执法人员培训4期160人次。")
    assert [(v, u, ind) for v, u, _a, ind in found] == [(Decimal(4), "期", "组织执法人员培训"),
                                                       (Decimal(160), "人次", "组织执法人员培训")]


def test_outcomes_indicators_listed_with_one_value_each_get_it():
    found = _outcomes("备案率、及时率、规范率均为100%;审查合同10份、办结率、满意率均达99%。")
    assert sorted((v, ind) for v, u, _a, ind in found if u == "%") == [
        (Decimal(99), "办结率"), (Decimal(99), "满意率"),
        (Decimal(100), "及时率"), (Decimal(100), "备案率"), (Decimal(100), "规范率")]
    # 分别 pairs values with indicators one by one: no value is copied to the others
    assert len([1 for *_x, ind in _outcomes("办结率、满意率分别为98%、97%。") if ind == "办结率"]) <= 1


@pytest.mark.parametrize("text", ["他只有一个", "带头学法,三头并进", "第1期2号文件", "2021年3号令"])
def test_outcomes_new_forms_do_not_open_false_counts(text):
    assert _outcomes(text) == []


def test_outcomes_table_columns_that_count_and_amounts_in_ten_thousands():
    from govkg.extract.components.outcomes import find_table_outcomes

    text = "案件类别\t立案数\t结案人数\t罚没金额(万元)\n食品安全\t86\t81\t54.30\n合计\t154\t145\t93.17\n"
    found = {(text[o.indicator_spans[0][0]:o.indicator_spans[0][1]], str(o.value), o.unit)
             for o in find_table_outcomes(text)}
    assert found == {("食品安全", "86", ""), ("食品安全", "81", "人"), ("食品安全", "54.30", "万元"),
                     ("合计", "154", ""), ("合计", "145", "人"), ("合计", "93.17", "万元")}


def test_outcomes_funds_won_are_results_aims_are_not():
    assert [v for v, *_ in _outcomes("争取中央和省级专项资金1.36亿元。")] == [Decimal("1.36")]
    assert _outcomes("争取全年办结率达到95%。") == []


@pytest.mark.parametrize("text", ["提供7×24小时人工服务。", "受案后24小时内录入系统。", "3个工作日内办结。",
                                  "12333人社服务热线全年接听来电约41万次。"])
def test_outcomes_rules_of_service_and_hotlines_are_not_results(text):
    assert not [1 for v, *_ in _outcomes(text) if v in (Decimal(24), Decimal(3), Decimal(12333))]
