"""Task areas: invented sentences in the genre's words, with the area a careful reader gives them.

The expectations are written by hand from ../shared/spec/task-areas.md, not taken from a run.
"""

from __future__ import annotations

import re

import pytest

from govkg.extract.task_areas import AREAS, AreaDecision, classify, heading_area, load_cues, parse_cues

# (measure, sentence, headings innermost first, area)
CASES = [
    # the measure's own words decide
    ("深化“放管服”改革,精简行政审批事项12项", "", [], "TA02"),
    ("动态调整权责清单", "", [], "TA02"),
    ("推行“一窗受理、集成服务”", "", [], "TA02"),
    ("开展规范性文件备案审查", "", [], "TA03"),
    ("清理涉及营商环境的地方性法规和规章", "", [], "TA03"),
    ("审查合同86份", "", [], "TA04"),
    ("聘请法律顾问3名", "", [], "TA04"),
    ("严格执行重大行政决策程序", "", [], "TA04"),
    ("全面推行行政执法三项制度", "", [], "TA05"),
    ("修订行政处罚裁量基准", "", [], "TA05"),
    ("开展“双随机、一公开”抽查", "", [], "TA05"),
    ("修订突发事件应急预案", "", [], "TA06"),
    ("依法做好疫情防控", "", [], "TA06"),
    ("办理行政复议案件45件", "", [], "TA07"),
    ("行政机关负责人出庭应诉率达100%", "", [], "TA07"),
    ("化解矛盾纠纷230起", "", [], "TA07"),
    ("受理依申请公开9件", "", [], "TA08"),
    ("办理人大代表建议和政协委员提案", "", [], "TA08"),
    ("开展经济责任审计", "", [], "TA08"),
    ("推进数字政府建设", "", [], "TA09"),
    ("实现电子证照互认", "", [], "TA09"),
    ("召开领导小组会议3次", "", [], "TA10"),
    ("开展年度述法", "", [], "TA10"),
    ("落实会前学法制度", "", [], "TA10"),
    ("举办宪法宣传周活动", "", [], "TA11"),
    ("培育“法律明白人”", "", [], "TA11"),
    ("提供法律援助", "", [], "TA11"),
    # the heading decides when the measure says nothing of its area
    ("开展专项检查", "", ["严格规范公正文明执法"], "TA05"),
    ("出台实施细则", "", ["健全依法行政制度体系"], "TA03"),
    ("建立工作台账", "", ["依法有效化解社会矛盾纠纷"], "TA07"),
    ("组织业务培训", "", ["完善突发事件应对体系"], "TA06"),
    # an outer heading when the inner one names no area
    ("建立工作台账", "", ["抓好落实", "强化对行政权力的制约和监督"], "TA08"),
    # a measure that plainly belongs elsewhere goes elsewhere (task-areas.md)
    ("审查合同12份", "", ["坚持严格规范公正文明执法"], "TA04"),
    ("受理依申请公开3件", "", ["加强组织领导"], "TA08"),
    ("召开领导小组会议", "", ["严格规范公正文明执法"], "TA10"),
    ("审议年度政府立法计划", "", ["党政主要负责人履行推进法治建设第一责任人职责情况"], "TA03"),
    # in the 第一责任人 part, a leader's own acts of leading are TA10
    ("主持召开专题会议", "", ["党政主要负责人履行推进法治建设第一责任人职责情况"], "TA10"),
    # learning about a law is not the law's area
    ("组织学习《中华人民共和国行政复议法》", "", [], "TA10"),
    # nothing at all: the 推进机制 chapter
    ("扎实推进各项工作", "", [], "TA10"),
]


@pytest.mark.parametrize("label, evidence, headings, area", CASES)
def test_task_areas_classify_invented_sentences(label, evidence, headings, area):
    assert classify(label, evidence, headings).code == area


@pytest.mark.parametrize("label, headings, reason", [
    ("办理行政复议案件45件", [], "cue: 行政复议"),
    ("开展专项检查", ["深化政务公开"], "heading: 深化政务公开 (政务公开)"),
    ("扎实推进各项工作", [], "default"),
    ("召开会议", [], "cue: 会议"),
])
def test_task_areas_reason_names_what_decided(label, headings, reason):
    assert classify(label, "", headings).reason == reason


def test_task_areas_sentence_counts_less_than_the_measure():
    # the sentence around the measure speaks of 执法, the measure of 复议: 复议 wins
    assert classify("办理行政复议案件", "严格规范执法,办理行政复议案件,开展执法检查").code == "TA07"
    # with nothing in the measure, the sentence decides
    d = classify("建立工作机制", "围绕行政复议建立工作机制")
    assert d == AreaDecision("TA07", "evidence: 行政复议")


def test_task_areas_traditional_text_is_read_on_the_simplified_copy():
    # the pipeline passes the simplified copy; the cue table itself is simplified
    assert classify("受理依申请公开").code == "TA08"


@pytest.mark.parametrize("heading, expected", [
    ("深化“放管服”改革,优化营商环境", "TA02"),
    ("推进依法全面履行政府职能", "TA02"),
    ("完善依法行政制度体系", "TA03"),
    ("推进行政决策科学化、民主化、法治化", "TA04"),
    ("坚持严格规范公正文明执法", "TA05"),
    ("强化对行政权力的制约和监督", "TA08"),
    ("依法有效化解社会矛盾纠纷", "TA07"),
    ("全面提高政府工作人员法治思维和依法行政能力", "TA10"),
    ("加快推进数字法治政府建设", "TA09"),
    ("主要举措和成效", None),
    ("下一步工作打算", None),
])
def test_task_areas_heading_of_both_outlines(heading, expected):
    found = heading_area(heading)
    assert (found[0] if found else None) == expected


def test_task_areas_cue_table_is_well_formed():
    cues = load_cues()
    assert {area for area, _w in cues.weights.values()} == set(AREAS)
    assert all(0 < w <= 3 for _a, w in cues.weights.values())


@pytest.mark.parametrize("text, problem", [
    ("复议\tTA07\t3\n", "missing setting"),
    ("复议\tTA01\t3\n", "unknown area 'TA01'"),
    ("heading_wieght\t=\t2\n", "unknown setting 'heading_wieght'"),
    ("复议\tTA07\t3\n复议\tTA07\t2\n", "listed twice"),
    ("复议 TA07 3\n", "3 tab-separated columns"),
])
def test_task_areas_bad_cue_table_is_an_error(text, problem):
    with pytest.raises(ValueError, match=re.escape(problem)):
        parse_cues(text)


def test_task_areas_scheme_alt_labels_hold_the_cues():
    # ontology/task-areas.ttl and the cue table say the same: every cue that names an area's
    # work (weight 2 or 3; the hints of weight 1 are not names) is an altLabel of its area,
    # and no altLabel of one area is a cue of another
    from govkg.ontology import scheme_labels

    # the table's cues are kept lower-cased (matched on lower-cased text): APP is app
    alts = {area: {name.lower() for name in entry[2]} for area, entry in scheme_labels("task-areas").items()}
    weights = load_cues().weights
    assert sorted(f"{cue} {area}" for cue, (area, w) in weights.items() if w >= 2 and cue not in alts[area]) == []
    assert sorted(f"{alt} {area} (a cue of {weights[alt][0]})" for area, names in alts.items() for alt in names
                  if alt in weights and weights[alt][0] != area) == []
