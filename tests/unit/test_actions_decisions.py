"""Is this clause an action? Clauses written by us, one kind of non-action each (genre.md)."""

import pytest

from govkg.extract.components.actions import not_action_kind


@pytest.mark.parametrize("clause, kind", [
    ("坚持以习近平新时代中国特色社会主义思想为指导", "guidance"),
    ("深入学习贯彻党的二十大精神", "guidance"),
    ("认真贯彻落实省委、省政府关于法治政府建设的决策部署", "guidance"),
    ("始终把法治政府建设摆在全局工作的重要位置", "guidance"),
    ("坚持问题导向、目标导向、结果导向相统一", "guidance"),
    ("切实履行推进法治建设第一责任人职责", "guidance"),
    ("为全县经济社会高质量发展提供有力法治保障", "purpose"),
    ("推动习近平法治思想学习走深走实", "purpose"),
    ("不断提高干部职工依法行政能力和水平", "purpose"),
    ("加快建设职能科学、权责法定、执法严明的法治政府", "purpose"),
    ("村(社区)法律顾问实现全覆盖", "result"),
    ("被申请人均被复议机关决定维持", "result"),
    ("行政机关负责人出庭应诉率100%", "result"),
    ("我局获评全省法治政府建设示范单位", "result"),
    ("扎实推进法治政府建设各项工作", "slogan"),
    ("现将有关情况报告如下", "report"),
    ("主动接受县人大常委会监督检查", "external"),
    ("被申请行政复议3件", "external"),
    ("青禾镇坚持问题导向、目标导向相统一", "guidance"),
    ("认真贯彻中共中央、国务院《法治政府建设实施纲要(2021-2025年)》", "guidance"),
    ("切实把学习成果转化为依法行政的实际行动", "purpose"),
    ("群众可通过小程序预约调解", "result"),
    ("统筹推进法治政府建设", "slogan"),
    ("重点做好以下工作", "report"),
    ("有效防范了法律风险", "result"),
    ("执法程序合法规范", "result"),          # a state told of the work, not an act
    ("在原有两名法律顾问的基础上", "guidance"),  # the ground the act stands on, not the act
    ("信访件办理及时准确", "result"),
])
def test_actions_not_action_kinds(clause, kind):
    assert not_action_kind(clause) == kind


@pytest.mark.parametrize("clause", [
    "召开局党组会议专题学法6次",
    "制定《青禾县行政规范性文件管理办法》",
    "聘请法律顾问3名",
    "审查合同45份",
    "坚持每月开展一次执法案卷评查",
    "以推进服务型行政执法为抓手",
    "推进乡镇合法性审查全覆盖",
    "传达学习县委全面依法治县委员会第三次会议精神",
    "严格落实执法人员集中培训要求",
    "全年有2项重大事项在决策前向社会公开征求意见",
])
def test_actions_concrete_acts_are_not_ruled_out(clause):
    assert not_action_kind(clause) is None
