"""Units: abbreviations, places, and the identity rules of the vocabulary."""

import pytest

from govkg.extract.components.units import UnitResolver, abbreviates, is_place_word, split_places


@pytest.mark.parametrize("short, full, expected", [
    ("东关街道", "东门关外街道", True),
    ("市场监管局", "市场监督管理局", True),
    ("司法局", "公安局", False),
    ("东关街道", "西门街道", False),
])
def test_units_abbreviates(short, full, expected):
    assert abbreviates(short, full) is expected


@pytest.mark.parametrize("name, places, rest", [
    ("云江市柳溪区人民政府", ["云江市", "柳溪区"], "人民政府"),
    ("某某省生态环境厅", ["某某省"], "生态环境厅"),
    ("中共崇岭县委员会", ["崇岭县"], "委员会"),
    ("司法局", [], "司法局"),
    # a city, province or district whose name ends in 州 is one place word with its level
    ("福州市人民政府", ["福州市"], "人民政府"),
    ("贵州省司法厅", ["贵州省"], "司法厅"),
    ("通州区人民政府", ["通州区"], "人民政府"),
    ("广州市天河区司法局", ["广州市", "天河区"], "司法局"),
    # ... but an autonomous prefecture's short name before 市场监督管理局 is not
    ("恩施州市场监督管理局", ["恩施州"], "市场监督管理局"),
])
def test_units_split_places(name, places, rest):
    assert split_places(name) == (places, rest)


@pytest.mark.parametrize("word, expected", [
    ("驻马店市", True), ("柳溪区", True), ("进社区", False), ("全市", False), ("城镇", False), ("开发区", False),
])
def test_units_place_words(word, expected):
    assert is_place_word(word) is expected


@pytest.fixture
def street():
    r = UnitResolver()
    r.set_reporting("云江市柳溪区人民政府望湖街道办事处")
    return r


def test_units_relative_names_qualified(street):
    assert street.resolve("区委") == "中共云江市柳溪区委员会"
    assert street.resolve("区政府") == "云江市柳溪区人民政府"
    assert street.resolve("市政府") == "云江市人民政府"
    assert street.units["云江市柳溪区人民政府"].scope == "global"


def test_units_short_form_and_pronoun_are_the_reporter(street):
    assert street.resolve("望湖街道") == street.reporting
    assert street.resolve("我街道") == street.reporting


def test_units_body_belongs_to_reporter(street):
    key = street.resolve("综合执法队")
    unit = street.units[key]
    assert unit.parent == street.reporting and unit.scope == "local"


def test_units_unqualifiable_relative_name_stays_local():
    r = UnitResolver()
    r.set_reporting("区司法局")
    key = r.resolve("区委")
    assert r.units[key].scope == "local"
    assert r.units[r.reporting].scope == "local"


def test_units_same_district_same_identity_other_district_not():
    a, b, c = UnitResolver(), UnitResolver(), UnitResolver()
    a.set_reporting("云江市柳溪区人民政府望湖街道办事处")
    b.set_reporting("云江市柳溪区人民政府桃源街道办事处")
    c.set_reporting("云江市松山区人民政府望湖街道办事处")
    assert a.resolve("区政府") == b.resolve("区政府") != c.resolve("区政府")


def test_units_commission_bodies_and_relative_organs():
    r = UnitResolver()
    r.set_reporting("东江市发展和改革委员会")
    assert r.units[r.resolve("委党组")].parent == r.reporting
    office = r.resolve("市委全面依法治市委员会办公室")
    assert office.startswith("东江市") and r.units[office].scope == "global"
    assert split_places("市委全面依法治市委员会") == ([], "市委全面依法治市委员会")


def test_units_party_committee_one_name_at_every_level():
    r = UnitResolver()
    r.set_reporting("桐川镇人民政府")
    assert r.resolve("镇党委") == r.resolve("中共桐川镇委员会") == "中共桐川镇委员会"


def test_units_ending_start_agrees_with_one_alternation_of_all_endings():
    """Searching only the endings that can end with the last character finds the same start."""
    import random
    import re

    from govkg.extract.lexicon import patterns
    from govkg.extract.components.units import ending_start

    full = re.compile("(?:" + "|".join(f"(?:{p.pattern})" for p in patterns("unit_endings")) + ")$")
    pieces = ["市", "区", "县", "委", "政府", "人民", "办公", "室", "厅", "局", "格局", "大局", "领导小组", "工作", "组",
              "依法治", "办", "委员会", "常务", "会议", "司法", "所", "中心", "服务", "站", "管理", "部", "党", "支部",
              "执法", "大队", "审计署", "总局", "科", "股", "处", "党校", "机关", "推进", "法治", "建设", "的", "和"]
    rnd = random.Random(11)
    checked = hits = 0
    for _ in range(4000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 8)))
        for end in range(1, len(text) + 1):
            start = max(0, end - 18)
            m = full.search(text, start, end)
            assert ending_start(text, start, end) == (m.start() if m else -1), (text, end)
            checked += 1
            hits += bool(m)
    assert hits > checked // 10  # the test met many endings, not only misses


@pytest.mark.parametrize("text, expected", [
    ("区卫生监督所开展抽查。", ["区卫生监督所"]),
    ("坚持局党委会会前学法。", ["局党委会"]),
    ("制定政府规章1件。", []),
    ("实现“十四五”开好局。", []),
])
def test_units_names_stop_at_verbs_and_common_words(text, expected):
    from govkg.extract.pipeline import Extractor

    from govkg.extract.text.readers import SourceDocument

    title = "某区2023年法治政府建设年度报告\n"
    doc = Extractor(force=True).parse(SourceDocument("t.txt", title + text))
    names = [s.text for s in doc.spans["govkg_units"] if s.start_char >= len(title)]
    assert names == expected


@pytest.mark.parametrize("text, expected", [
    ("在州委的领导下,州人民政府审议通过。", ["州委", "州人民政府"]),
    ("联合市生态环境局经开区分局开展检查。", ["市生态环境局经开区分局"]),
])
def test_units_prefecture_organs_and_zone_branches(text, expected):
    from govkg.extract.pipeline import Extractor
    from govkg.extract.text.readers import SourceDocument

    title = "某州2020年法治政府建设年度报告\n"
    doc = Extractor(force=True).parse(SourceDocument("t.txt", title + text))
    assert [s.text for s in doc.spans["govkg_units"] if s.start_char >= len(title)] == expected


@pytest.mark.parametrize("meeting, holder", [
    ("县政府常务会议", "安澜市崇岭县人民政府"),
    ("县委常委会", "中共安澜市崇岭县委员会"),      # the party committee's one name, whole place chain
    ("县委常委会会议", "中共安澜市崇岭县委员会"),
    ("县长办公会议", None),          # a post's meeting: the post's unit is told apart elsewhere
    ("府院联席会议", None),
])
def test_units_meeting_names_the_body_holding_it(meeting, holder):
    from govkg.extract.components.units import _meeting_holder

    resolver = UnitResolver()
    resolver.set_reporting("安澜市崇岭县人民政府")
    assert _meeting_holder(meeting, resolver) == holder


def test_units_party_meeting_of_a_township_names_its_party_committee():
    from govkg.extract.pipeline import Extractor
    from govkg.extract.text.readers import SourceDocument

    text = ("杏梁乡人民政府2023年法治政府建设年度报告\n一、主要举措和成效\n"
            "乡党委会议研究法治建设议题6次。乡政府常务会议会前学法10次。\n"
            "二、存在的不足和原因\n基层法治力量不足。\n")
    rec = Extractor().extract(SourceDocument("t.txt", text))
    labels = {u.key: u.label for u in rec.units}
    doers = {m.label: labels.get(m.responsible) for m in rec.measures}
    assert doers["乡党委会议研究法治建设议题6次"] == "中共杏梁乡委员会"   # 乡党委, by its one name
    assert doers["乡政府常务会议会前学法10次"] == "杏梁乡人民政府"
