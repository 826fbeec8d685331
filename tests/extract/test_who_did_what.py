"""Who did what, on a report we invented: actions only, named doers, the leader's post, one fact once."""

import pytest

REPORT = """青禾县司法局2023年法治政府建设年度报告
2023年,青禾县司法局坚持以习近平新时代中国特色社会主义思想为指导,深入学习贯彻党的二十大精神,为全县高质量发展提供有力法治保障。现将有关情况报告如下。
一、主要举措和成效
(一)加强制度建设
一是制定《青禾县行政规范性文件管理办法》。二是由县法律顾问团负责审查合同,全年审查合同45份,审查率100%。三是县综合执法大队会同县公安局开展联合执法12次。
全县村(社区)法律顾问覆盖率达到100%。
二、存在的不足和原因
一是法治宣传形式较为单一。
三、党政主要负责人履行推进法治建设第一责任人职责情况
局党组书记、局长主持召开局党组会议专题学法6次,带头讲授法治党课1次。全年开展联合执法12次。
四、2024年主要安排
一是开展“八五”普法中期评估。
青禾县司法局
2024年3月20日
"""


@pytest.fixture(scope="module")
def record(extractor):
    from govkg.extract.text.readers import SourceDocument

    return extractor.extract(SourceDocument("qinghe-justice-2023.txt", REPORT))


def _measure(record, key):
    found = [m for m in record.measures if key in m.label]
    assert found, [m.label for m in record.measures]
    return found[0]


def _name(record, key):
    names = {u.key: u.label for u in record.units} | {p.key: p.label for p in record.posts}
    return names.get(key, key)


def test_who_did_what_framing_is_no_measure(record):
    for label in (m.label for m in record.measures):
        assert not any(cue in label for cue in ("为指导", "二十大精神", "法治保障", "报告如下", "审查率")), label


def test_who_did_what_concrete_acts_are_measures(record):
    for key in ("制定《青禾县行政规范性文件管理办法》", "审查合同", "开展联合执法", "专题学法", "讲授法治党课"):
        _measure(record, key)


def test_who_did_what_named_doer_is_responsible(record):
    assert _name(record, _measure(record, "审查合同").responsible).endswith("法律顾问团")
    m = _measure(record, "开展联合执法")
    assert _name(record, m.responsible).endswith("综合执法大队")
    assert any(_name(record, u).endswith("公安局") for u in m.involved)


def test_who_did_what_leaders_duties_are_the_posts(record):
    posts = {p.key: p for p in record.posts}
    for key in ("专题学法", "讲授法治党课"):
        post = posts[_measure(record, key).responsible]
        assert post.label == "局党组书记、局长"


def test_who_did_what_restated_count_is_one_outcome(record):
    twelve = [o for o in record.outcomes if o.value == 12 and o.unit == "次"]
    assert len(twelve) == 1


def test_who_did_what_plans_are_planned(record):
    assert _measure(record, "中期评估").planned
    assert not _measure(record, "审查合同").planned


def test_who_did_what_a_result_alone_is_no_measure(record):
    assert not any("覆盖率" in m.label for m in record.measures)
    rate = [o for o in record.outcomes if o.unit == "%" and "覆盖率" in o.indicator]
    assert len(rate) == 1 and any(rate[0].key in m.outcomes for m in record.measures)


def test_who_did_what_a_body_and_its_staff_are_no_post(extractor):
    from govkg.extract.text.readers import SourceDocument

    text = ("青禾县司法局2023年法治政府建设年度报告\n一、主要举措和成效\n"
            "发挥法律顾问作用。局法律顾问室由2名公职律师组成,全年审查合同30份,有效防范了法律风险。\n")
    record = extractor.extract(SourceDocument("counsel.txt", text))
    assert not any("由" in p.label or p.label.startswith("发挥") for p in record.posts), record.posts
    labels = [m.label for m in record.measures]
    assert any("审查合同30份" in label for label in labels) and not any("有效防范" in label for label in labels)


def test_who_did_what_a_task_assigned_with_you_does_not_carry_on(extractor):
    from govkg.extract.text.readers import SourceDocument

    text = ("青禾县司法局2023年法治政府建设年度报告\n一、主要举措和成效\n"
            "由局法律顾问团负责重大决策法律论证,全年组织全局行政执法人员参加执法能力轮训3期。\n"
            "县综合执法大队开展夜市专项整治,查处违规摊点40处。\n")
    record = extractor.extract(SourceDocument("assigned.txt", text))
    assert _name(record, _measure(record, "法律论证").responsible).endswith("法律顾问团")
    # 由X负责… gives X that one task: the next act of the sentence is the reporting unit's
    assert _name(record, _measure(record, "轮训").responsible) == "青禾县司法局"
    # a doer opening a sentence acts on in its other clauses
    assert _name(record, _measure(record, "查处违规摊点").responsible).endswith("综合执法大队")


def test_who_did_what_the_unit_naming_itself_is_the_doer(extractor):
    from govkg.extract.text.readers import SourceDocument

    text = ("石墨镇人民政府2023年法治政府建设年度报告\n一、主要举措和成效\n"
            "镇文化站组织法治电影下乡放映38场;本单位全体机关干部参加年度学法考试,参考76人。\n")
    record = extractor.extract(SourceDocument("self.txt", text))
    assert _name(record, _measure(record, "放映").responsible).endswith("文化站")
    # 本单位 opens its clause: the township government, not the station named before the semicolon
    assert _name(record, _measure(record, "学法考试").responsible) == "石墨镇人民政府"


def test_who_did_what_we_the_city_is_no_department(extractor):
    from govkg.extract.text.readers import SourceDocument

    text = ("云江市司法局2023年法治政府建设年度报告\n一、主要举措和成效\n"
            "市公安局开展执法检查,我市共有律师事务所30家,本局组织律师培训2期。\n")
    record = extractor.extract(SourceDocument("city.txt", text))
    assert _name(record, _measure(record, "律师培训").responsible) == "云江市司法局"
    assert "我市" not in {a for u in record.units for a in (u.label, *u.alt_labels)}


def test_who_did_what_the_verb_after_a_prepositional_phrase(extractor):
    from govkg.extract.text.readers import SourceDocument

    text = ("青禾县司法局2023年法治政府建设年度报告\n一、主要举措和成效\n"
            "局法律顾问对全局23份合同和4个招商项目协议进行合法性审查。"
            "通过微信公众号、政务微博等平台发布各类政策信息1,418条。"
            "依法取缔无证经营点4个,接待群众来访48人次。"
            "根据中共中央办公厅、国务院办公厅印发的《法治政府建设与责任落实督察工作规定》,结合本县实际。\n")
    record = extractor.extract(SourceDocument("prepositions.txt", text))
    labels = [m.label for m in record.measures]
    for key in ("进行合法性审查", "发布各类政策信息", "取缔无证经营点", "接待群众来访"):
        assert any(key in label for label in labels), (key, labels)
    # 根据… names the basis: the verb inside it (印发的) is no act of the unit's
    assert not any("印发的" in label for label in labels), labels
