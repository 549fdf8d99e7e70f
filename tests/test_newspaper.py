"""Newspaper pages become their news items: the sample Xinhua page article by article, and the conventions one by one."""

import re

import pytest

from reader.core.newspaper import (
    ends_sentence,
    is_byline,
    is_chapter_heading,
    is_closing_dateline,
    is_headline,
    is_photo_credit,
    is_subtitle,
    opening_dateline,
    paragraphs_of,
    split_articles,
)
from tests.conftest import SAMPLE

# (kicker, title, subtitle, byline, dateline, paragraph count) of every news item on the sample page
SAMPLE_ARTICLES = [
    (None, "“创新链”遇见“产业链”", "——科技成果转化推动新质生产力加速发展", "新华社记者 严赋憬 宋晨 魏弘毅", "(新华社北京2月15日电)", 44),
    (None, "首对“港产”大熊猫亮相", None, "新华社记者 陈铎 摄", None, 3),
    (None, "浙江着力建设新形态市集", None, None, "新华社杭州2月15日电(记者 岳德亮)", 5),
    (None, "宁夏公布96家工伤保险协议机构 方便工伤职工异地就医", None, None, "新华社银川2月16日电(记者 谢建雯 艾福梅)", 3),
    (None, "天津将提升改造80个口袋公园", None, None, "新华社天津2月16日电(记者 王宁 隋福毅)", 7),
    (None, "“北京地铁”河北造", None, "新华社记者 鞠焕宗 摄", None, 4),
    ("搭对接平台、多举措留人……", "四川招工市场一线见闻", None, "新华社记者 张海磊 李倩薇", "(新华社成都2月16日电)", 13),
]


@pytest.fixture(scope="module")
def sample_articles():
    return split_articles(SAMPLE.read_text(encoding="utf-8"), "sample_xinhua")


def test_sample_page_has_its_seven_news_items(sample_articles):
    assert [a.title for a in sample_articles] == [row[1] for row in SAMPLE_ARTICLES]


@pytest.mark.parametrize("number", range(len(SAMPLE_ARTICLES)))
def test_sample_page_article_by_article(sample_articles, number):
    kicker, title, subtitle, byline, dateline, paragraph_count = SAMPLE_ARTICLES[number]
    article = sample_articles[number]
    assert (article.kicker, article.title, article.subtitle, article.byline, article.dateline) == (
        kicker, title, subtitle, byline, dateline)
    assert len(article.paragraphs) == paragraph_count


@pytest.mark.parametrize(
    "number, index, start, end",
    [
        (0, 0, "2025年春节,中国人工智能企业深度求索(DeepSeek)", "科研技术加快落地的生动写照。"),
        (0, 3, "打造产学研深度融合新范式", "打造产学研深度融合新范式"),  # section subhead stays in the article
        (0, 10, "立春启新岁,复工正当时。", "立春启新岁,复工正当时。"),
        (0, 13, "瞄准产业重大需求和技术难题,与龙头企业深度绑定——研究院", "集成电路产业“珠联璧合”。"),
        (0, 19, "以改革激发科研人员创新活力", "以改革激发科研人员创新活力"),
        (0, 33, "专业化服务推动科技成果转化", "专业化服务推动科技成果转化"),
        (0, 43, "福建实施中试创新服务平台体系建设行动", "新质生产力发展正增添更多“新意”。"),
        (1, 0, "2月15日,大熊猫宝宝在香港海洋公园", "熊猫生活馆内玩耍。"),
        (2, 0, "浙江省发展改革委、省农业农村厅", "“烟火味”的新形态市集。"),
        (3, 0, "记者近日从宁夏回族自治区社保局获悉", "承担跨省结算服务的15家。"),
        (4, 0, "记者从天津市城市管理委员会获悉", "预计3月底前动工。"),
        (4, 6, "(新华社成都2月16日电)", "(新华社成都2月16日电)"),  # a second dateline is kept as text
        (5, 0, "在京投装备河北北京车智能制造基地,工作人员在总装车间内工作(2月14日摄)。", "(2月14日摄)。"),
        (6, 0, "2月14日,2025成都市产业园区人才洽谈对接会现场。(徐松 摄)", "(徐松 摄)"),
        (6, 2, "春节前后是劳动者换岗流动的高峰期", "围绕成都地区进行数据监测,数据显示节后复工首周招聘市场快速升温。成都本土招聘平台"),
        (6, 8, "在四川人口大县安岳县", "走进四川朗特鞋业有限公司生产线,只见工人们在熟练地操作设备"),
        (6, 12, "2025年四川省“春风行动”开展以来", "提供超过200万个就业岗位。"),
    ],
)
def test_sample_page_paragraphs(sample_articles, number, index, start, end):
    paragraph = sample_articles[number].paragraphs[index]
    assert paragraph.startswith(start)
    assert end in paragraph


def test_sample_page_broken_paragraph_is_joined_back(sample_articles):
    """Regression: "与龙头" + blank line + "企业深度绑定" was two paragraphs."""
    paragraphs = [p for a in sample_articles for p in a.paragraphs]
    assert any("与龙头企业深度绑定" in p for p in paragraphs)
    assert "瞄准产业重大需求和技术难题,与龙头" not in paragraphs
    assert not any(p.startswith("企业深度绑定") for p in paragraphs)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def source_order(article):
    """The article's pieces in the order the page prints them (photo credits and closing datelines last)."""
    dateline, byline = article.dateline or "", article.byline or ""
    closing, credit = dateline.startswith("("), byline.endswith("摄")
    return [article.kicker, article.title, article.subtitle, None if credit else byline, None if closing else dateline,
            *article.paragraphs, byline if credit else None, dateline if closing else None]


def test_sample_page_loses_no_text(sample_articles):
    rebuilt = "".join(piece for article in sample_articles for piece in source_order(article) if piece)
    assert _squeeze(rebuilt) == _squeeze(SAMPLE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "line, expected",
    [
        ("“创新链”遇见“产业链”", True),
        ("打造产学研深度融合新范式", True),
        ("宁夏公布96家工伤保险协议机构 方便工伤职工异地就医", True),
        ("搭对接平台、多举措留人……", True),
        ("“北京地铁”河北造", True),
        ("立春启新岁,复工正当时。", False),
        ("瞄准产业重大需求和技术难题,与龙头", False),
        ("“4月份我们要参加北京亦庄的半程马拉松比赛!”", False),
        ("——科技成果转化推动新质生产力加速发展", False),
        ("新华社记者 严赋憬 宋晨 魏弘毅", False),
        ("新华社记者 陈铎 摄", False),
        ("(新华社北京2月15日电)", False),
        ("这是一个非常非常长的句子但是它没有任何标点符号所以它不会被当作标题因为标题一般都很短很短", False),
        ("", False),
    ],
)
def test_is_headline(line, expected):
    assert is_headline(line) is expected


@pytest.mark.parametrize(
    "line, byline, credit",
    [
        ("新华社记者 严赋憬 宋晨 魏弘毅", True, False),
        ("新华社记者 张海磊 李倩薇", True, False),
        ("本报记者 王小明", True, False),
        ("记者:李华", True, False),
        ("新华社记者 陈铎 摄", False, True),
        ("新华社记者 鞠焕宗 摄", False, True),
        ("新华社发(徐松 摄)", False, True),
        ("张三 摄", False, True),
        ("记者走访多地发现,各地积极探索。", False, False),
        ("新华社北京2月15日电", False, False),
    ],
)
def test_bylines_and_photo_credits(line, byline, credit):
    assert (is_byline(line), is_photo_credit(line)) == (byline, credit)


@pytest.mark.parametrize(
    "line, dateline, rest",
    [
        ("新华社杭州2月15日电(记者 岳德亮)浙江省发展改革委发布意见。", "新华社杭州2月15日电(记者 岳德亮)", "浙江省发展改革委发布意见。"),
        ("新华社北京2月15日电 (记者 张三) 今天天气很好。", "新华社北京2月15日电 (记者 张三)", "今天天气很好。"),
        ("新华社北京12月1日电 国务院发布通知。", "新华社北京12月1日电", "国务院发布通知。"),
        ("本报上海3月5日讯(记者 李四)上海今天下雨。", "本报上海3月5日讯(记者 李四)", "上海今天下雨。"),
        ("中新社香港2月15日电 香港今日举行活动。", "中新社香港2月15日电", "香港今日举行活动。"),
    ],
)
def test_opening_datelines(line, dateline, rest):
    assert opening_dateline(line) == (dateline, rest)


@pytest.mark.parametrize("line", ["记者近日从宁夏获悉。", "2月15日,大熊猫宝宝亮相。", "(新华社北京2月15日电)"])
def test_not_opening_datelines(line):
    assert opening_dateline(line) is None


@pytest.mark.parametrize(
    "line, expected",
    [
        ("(新华社北京2月15日电)", True),
        ("(新华社成都2月16日电)", True),
        ("(新华社北京2月15日电)", True),
        ("(本报北京2月15日电)", True),
        ("(徐松 摄)", False),
        ("(完)", False),
    ],
)
def test_closing_datelines(line, expected):
    assert is_closing_dateline(line) is expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("今天很好。", True), ("真的吗?", True), ("真的吗?", True), ("太好了!", True), ("如下:", True),
        ("“我们走吧。”", True), ("他说:“好!”", True), ("体系……", True), ("现场。(徐松 摄)", True),
        ("与龙头", False), ("“创新链”遇见“产业链”", False), ("围绕成都地区进行数据", False), ("生产线,只", False),
    ],
)
def test_ends_sentence(line, expected):
    assert ends_sentence(line) is expected


@pytest.mark.parametrize(
    "line, expected",
    [("第一章 重逢", True), ("第12章", True), ("第三百二十回 大结局", True), ("楔子", True), ("第一天我们去了公园。", False),
     ("第一章", True), ("第一次见面", False)],
)
def test_chapter_headings(line, expected):
    assert is_chapter_heading(line) is expected


@pytest.mark.parametrize("line, expected", [("——科技成果转化推动新质生产力加速发展", True), ("科技成果", False)])
def test_subtitles(line, expected):
    assert is_subtitle(line) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("他走进四川朗特鞋业有限公司生产线,只\n\n见工人们在熟练地操作设备。", ["他走进四川朗特鞋业有限公司生产线,只见工人们在熟练地操作设备。"]),
        ("第一行没有结束,\n第二行接着说,\n第三行才结束。", ["第一行没有结束,第二行接着说,第三行才结束。"]),
        ("完整的句子。\n\n另一个句子。", ["完整的句子。", "另一个句子。"]),
        ("\u3000\u3000首行缩进的段落。\r\n\u3000\u3000第二段。", ["首行缩进的段落。", "第二段。"]),
        ("他说这是一个\n\n打造产学研深度融合新范式", ["他说这是一个", "打造产学研深度融合新范式"]),  # a headline is never glued on
        ("在研究中,我们用了 Deep\n\nSeek 模型。", ["在研究中,我们用了 Deep Seek 模型。"]),
        ("数据显示,\n\n(新华社北京2月15日电)", ["数据显示,", "(新华社北京2月15日电)"]),
    ],
)
def test_paragraphs_broken_mid_sentence_are_joined(text, expected):
    assert paragraphs_of(text) == expected


def test_plain_prose_is_one_article_under_the_given_title():
    text = "今天天气很好。我们去公园散步。\n\n公园里有很多人,大家都很开心。"
    [article] = split_articles(text, "日记")
    assert article.title == "日记"
    assert article.paragraphs == ["今天天气很好。我们去公园散步。", "公园里有很多人,大家都很开心。"]


def test_novel_chapters_become_articles():
    text = "第一章 出发\n\n他早上六点就起床了。\n\n第二章 到达\n\n火车晚上才到。\n\n他很累。\n"
    articles = split_articles(text, "小说")
    assert [(a.title, a.paragraphs) for a in articles] == [
        ("第一章 出发", ["他早上六点就起床了。"]),
        ("第二章 到达", ["火车晚上才到。", "他很累。"]),
    ]


def test_text_before_the_first_headline_keeps_the_document_title():
    text = "本版导读:今日要闻。\n\n大熊猫亮相\n\n新华社香港2月15日电 大熊猫宝宝今天亮相。"
    articles = split_articles(text, "版面")
    assert [(a.title, a.dateline, a.paragraphs) for a in articles] == [
        ("版面", None, ["本版导读:今日要闻。"]),
        ("大熊猫亮相", "新华社香港2月15日电", ["大熊猫宝宝今天亮相。"]),
    ]


def test_photo_item_inside_a_running_article_is_cut_out():
    text = (
        "大会开幕\n\n新华社北京3月5日电 大会今天开幕。\n\n代表们认真听取报告。\n\n"
        "春意盎然\n\n3月5日,游客在公园赏花。\n\n新华社记者 王五 摄\n"
    )
    articles = split_articles(text, "版面")
    assert [(a.title, a.byline, a.dateline, a.paragraphs) for a in articles] == [
        ("大会开幕", None, "新华社北京3月5日电", ["大会今天开幕。", "代表们认真听取报告。"]),
        ("春意盎然", "新华社记者 王五 摄", None, ["3月5日,游客在公园赏花。"]),
    ]


def test_untitled_dateline_briefs_become_their_own_items():
    text = (
        "简讯\n\n新华社北京3月5日电 第一条消息的内容。\n\n"
        "新华社上海3月5日电 第二条消息,内容更多。\n"
    )
    articles = split_articles(text, "版面")
    assert [(a.title, a.dateline, a.paragraphs) for a in articles] == [
        ("简讯", "新华社北京3月5日电", ["第一条消息的内容。"]),
        ("第二条消息", "新华社上海3月5日电", ["第二条消息,内容更多。"]),
    ]


def test_progress_rises_to_one():
    seen = []
    split_articles(SAMPLE.read_text(encoding="utf-8") * 3, "x", seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and seen[0] < 0.1
