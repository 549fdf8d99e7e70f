"""Ten article pages built the way sites build them (menus, share bars, comments, related links, footers), each with
the article written here: what an extractor must keep, exactly, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass
class Page:
    name: str
    title: str
    paragraphs: list[str]
    html: str
    encoding: str = "utf-8"
    byline: str | None = None
    date: str | None = None

    def data(self) -> bytes:
        return self.html.encode(self.encoding)


def _ps(paragraphs, tag="p"):
    return "\n".join(f"<{tag}>{escape(p)}</{tag}>" for p in paragraphs)


def _menu(items, cls="nav"):
    return f'<nav class="{cls}"><ul>' + "".join(f'<li><a href="/{i}">{escape(t)}</a></li>' for i, t in enumerate(items)) + "</ul></nav>"


SITE_MENU = ["首页", "新闻", "国内", "国际", "财经", "科技", "体育", "娱乐", "教育", "健康", "旅游", "汽车", "房产", "视频", "图片"]
FOOTER = ('<footer class="footer"><p>关于我们 | 联系我们 | 广告服务 | 网站地图</p>'
          '<p>版权所有 &copy; 2024 某某网 京ICP备12345678号 京公网安备11010502030000号</p></footer>')
RELATED = ('<aside class="related"><h3>相关阅读</h3><ul><li><a href="/r1">春运首日全国铁路发送旅客超千万人次</a></li>'
           '<li><a href="/r2">多地出台措施促进消费回暖</a></li><li><a href="/r3">专家解读：今年经济工作怎么干</a></li></ul></aside>')
SHARE = '<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>'
COMMENTS = ('<section class="comments" id="comments"><h3>网友评论（3）</h3>'
            '<div class="comment"><span class="user">路人甲</span><p>写得真好，支持一下！</p></div>'
            '<div class="comment"><span class="user">小明同学</span><p>我家附近也有这样的市集，周末经常去逛。</p></div>'
            '<div class="comment"><span class="user">匿名用户</span><p>希望能多报道这样的好消息。</p></div></section>')


def _page(title, head_title, body, charset="utf-8", meta=""):
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="{charset}"><title>{escape(head_title)}</title>{meta}'
            '<script>var _hmt = _hmt || []; window.ads = "slot-1";</script><style>.nav li{display:inline}</style>'
            f'</head><body>{body}</body></html>')


def _news():
    title = "浙江着力建设新形态市集"
    paragraphs = [
        "浙江省多部门联合印发指导意见，聚焦培育发展共同富裕市集，力争到2027年建成一批具有浙江辨识度的新形态市集。",
        "意见提出，积极引导市集运营主体与强村公司、农民专业合作社合作，探索“土特产+市集”“文旅+市集”等模式创新。",
        "浙江省商务厅有关负责人表示，市集是城乡居民生活的重要场景，也是促进消费的重要载体。",
        "下一步，浙江将加强政策支持，推动市集规范化、特色化、数字化发展，让群众在家门口享受更加便利的消费服务。",
    ]
    body = (_menu(SITE_MENU) + '<div class="crumb">您的位置：<a href="/">首页</a> &gt; <a href="/n">新闻</a> &gt; 正文</div>'
            f'<div class="main"><div class="article"><h1>{title}</h1>'
            '<div class="info"><span class="source">来源：新华网</span> <span class="time">2024-02-15 10:32</span></div>'
            f'{SHARE}<div class="content">{_ps(paragraphs)}</div><p class="editor">【责任编辑：王小二】</p></div>'
            f'{RELATED}</div>{FOOTER}')
    return Page("news", title, paragraphs, _page(title, f"{title}_新闻_某某网", body,
                meta='<meta property="article:published_time" content="2024-02-15T10:32:00+08:00">'), date="2024-02-15")


def _blog():
    title = "周末去杭州看西湖"
    paragraphs = [
        "上个周末，我和朋友一起坐高铁去了杭州。从上海出发，不到一个小时就到了，真的非常方便。",
        "第一天我们沿着苏堤慢慢走，湖边的柳树已经发芽了，空气里都是春天的味道。中午在楼外楼吃了西湖醋鱼和东坡肉。",
        "第二天早上起得很早，去看了断桥。人不多，湖面上有一层薄薄的雾，像一幅水墨画。",
        "如果你也想去西湖，我建议避开节假日，最好是春天或者秋天去，天气不冷不热，景色也最美。",
    ]
    sidebar = ('<div class="sidebar"><h3>关于我</h3><p>一个喜欢旅行和美食的普通上班族。</p><h3>标签</h3>'
               '<p><a href="/t/1">旅行</a> <a href="/t/2">杭州</a> <a href="/t/3">美食</a></p><h3>归档</h3>'
               '<ul><li><a href="/2024/03">2024年3月</a></li><li><a href="/2024/02">2024年2月</a></li></ul></div>')
    body = (f'<header><h2 class="site">小林的旅行日记</h2>{_menu(["首页", "旅行", "美食", "随笔", "关于"])}</header>'
            f'<main><article class="post"><h1 class="post-title">{title}</h1>'
            '<p class="post-meta">作者：小林 · 2024年3月10日 · 阅读 1024</p>'
            f'<div class="post-content">{_ps(paragraphs)}</div>'
            '<div class="post-tags">标签：<a href="/t/1">旅行</a> <a href="/t/2">杭州</a></div></article>'
            f'<nav class="pager"><a href="/p/1">« 上一篇：成都三日游</a> <a href="/p/3">下一篇：厦门的海 »</a></nav>'
            f'{COMMENTS}</main>{sidebar}<footer><p>© 2024 小林的旅行日记 · 由 WordPress 驱动</p></footer>')
    return Page("blog", title, paragraphs, _page(title, f"{title} – 小林的旅行日记", body,
                meta='<meta name="author" content="小林">'), byline="小林")


def _forum():
    title = "新手求助：学中文怎么记汉字？"
    paragraphs = [
        "大家好，我是一名在北京工作的外国人，学中文已经半年了。口语进步挺快，可是汉字总是记不住。",
        "我现在每天用卡片背二十个字，可是过一个星期就忘了一大半。写字的时候也经常把偏旁写错。",
        "请问大家有没有什么好方法？是应该多写，还是多读？谢谢！",
    ]
    replies = "".join(
        f'<div class="post reply"><div class="author">{escape(user)}</div><div class="floor">{n}楼</div>'
        f'<div class="post-body"><p>{escape(text)}</p></div></div>'
        for n, (user, text) in enumerate([
            ("老王", "多读！读得多了，字自然就认识了。推荐你从简单的小说开始。"),
            ("汉字控", "可以学一下偏旁部首，很多字都是有规律的。"),
            ("Lisa", "我用的是间隔重复的软件，效果不错。"),
        ], 2))
    body = (f'{_menu(["论坛首页", "学习交流", "生活在中国", "工作机会", "二手市场"], "forum-nav")}'
            '<div class="breadcrumb">论坛 › 学习交流 › 帖子</div>'
            f'<div class="thread"><h1 class="thread-title">{title}</h1>'
            '<div class="post first"><div class="author">学习者Tom</div><div class="floor">楼主</div>'
            f'<div class="post-body">{_ps(paragraphs)}</div></div>'
            f'<div class="replies">{replies}</div></div>'
            '<div class="reply-box"><textarea>说点什么吧……</textarea><button>发表回复</button></div>'
            f'{FOOTER}')
    return Page("forum", title, paragraphs, _page(title, f"{title} - 学习交流 - 中文论坛", body))


def _long_menu():
    title = "2024年高考报名人数公布"
    paragraphs = [
        "教育部今天公布，2024年全国高考报名人数为1342万人，比去年增加51万人，再创历史新高。",
        "教育部有关负责人介绍，今年高考将继续严格落实各项安全措施，确保考试公平公正。",
        "各地教育部门也将做好考生服务工作，为残疾考生提供合理便利，为身体不适的考生设置备用考场。",
        "考试结束后，各地将按照规定时间公布成绩，并开展志愿填报指导服务。",
    ]
    long_menu = _menu([f"{area}{kind}" for area in ("北京", "上海", "广东", "浙江", "江苏", "四川") for kind in ("教育", "招生", "考试", "留学")], "mega-menu")
    footer = ('<footer><div class="links">' + " | ".join(f'<a href="/l{i}">友情链接{i}</a>' for i in range(1, 31)) + "</div>"
              '<p>主办单位：某某教育网　地址：北京市海淀区某某路1号　邮编：100000</p>'
              '<p>违法和不良信息举报电话：010-12345678　举报邮箱：jubao@example.com</p>' + FOOTER + "</footer>")
    body = (f'<div class="top">{long_menu}</div><div class="wrap"><div class="left">{_menu(["高考", "中考", "考研", "公务员", "四六级"], "side")}</div>'
            f'<div class="center"><h1>{title}</h1><div class="meta">2024-05-28 09:00 来源：教育频道</div>'
            f'<div id="article-body">{_ps(paragraphs)}</div></div>{RELATED}</div>{footer}')
    return Page("long-menu", title, paragraphs, _page(title, title, body), date="2024-05-28")


def _recipe():
    title = "西红柿炒鸡蛋"
    paragraphs = [
        "西红柿炒鸡蛋是最常见的家常菜之一，酸甜可口，做法简单，非常适合刚学做饭的人。",
        "准备两个西红柿、三个鸡蛋、一根葱，还有盐和糖。西红柿洗净切块，鸡蛋打散，加一点盐。",
        "锅里倒油，油热后倒入蛋液，炒到刚刚凝固就盛出来。再放一点油，下西红柿翻炒出汁。",
        "最后把鸡蛋倒回锅里，加一小勺糖和适量的盐，翻炒均匀，撒上葱花就可以出锅了。",
    ]
    body = (f'{_menu(["菜谱", "家常菜", "烘焙", "汤粥", "下饭菜"])}<div class="recipe"><h1>{title}</h1>'
            '<div class="rating">评分 8.9 · 12345人做过</div>'
            f'<div class="steps">{_ps(paragraphs)}</div></div>'
            '<div class="ad">【广告】夏季厨具大促，全场五折起！</div>'
            f'{COMMENTS}{FOOTER}')
    return Page("recipe", title, paragraphs, _page(title, f"{title}的做法_菜谱大全", body))


def _school():
    title = "关于举行春季运动会的通知"
    paragraphs = [
        "各班级：",
        "为丰富校园文化生活，增强学生体质，经学校研究决定，于4月18日至19日举行春季运动会。",
        "请各班班主任认真组织，做好报名工作，于4月10日前将报名表交到体育组办公室。",
        "运动会期间，请同学们注意安全，服从裁判和老师的安排，发扬团结友爱、顽强拼搏的精神。",
        "特此通知。",
    ]
    body = (f'<div class="header"><img src="logo.png" alt="某某中学">{_menu(["学校概况", "新闻动态", "通知公告", "教学科研", "招生信息", "联系我们"])}</div>'
            f'<div class="content"><div class="position">当前位置：首页 » 通知公告</div><h2 class="title">{title}</h2>'
            '<div class="date">发布时间：2024-04-01　浏览次数：356</div>'
            f'<div class="text">{_ps(paragraphs)}<p style="text-align:right">某某中学教务处</p></div>'
            '<div class="attach">附件：<a href="/f.doc">运动会报名表.doc</a></div></div>'
            '<div class="footer"><p>地址：某某市某某区学府路8号　电话：0571-88888888</p><p>Copyright © 某某中学 版权所有</p></div>')
    page = Page("school", title, paragraphs, _page(title, title, body), date="2024-04-01")
    page.paragraphs = paragraphs + ["某某中学教务处"]  # the notice's signature is part of it
    return page


def _novel():
    title = "第一章 雨夜"
    paragraphs = [
        "那天晚上下着大雨，街上一个人也没有。林远撑着一把旧伞，慢慢走回家。",
        "路过巷口的时候，他听见有人在喊他的名字。声音很轻，像是从很远的地方传来的。",
        "“林远——”他停下脚步，回头看去，只看见路灯下一片白茫茫的雨雾。",
        "他以为是自己听错了，摇了摇头，继续往前走。可是没走几步，那个声音又响了起来。",
    ]
    chapter_nav = '<div class="chapter-nav"><a href="/0">上一章</a> <a href="/list">目录</a> <a href="/2">下一章</a></div>'
    body = (f'{_menu(["首页", "玄幻", "都市", "历史", "科幻", "排行榜", "完本"])}<div class="book"><h1>{title}</h1>'
            f'{chapter_nav}<div id="content">{_ps(paragraphs)}</div>{chapter_nav}'
            '<div class="tip">本站提示：请记住本站域名，方便下次阅读。</div></div>{FOOTER}').replace("{FOOTER}", FOOTER)
    return Page("novel", title, paragraphs, _page(title, f"{title}_雨夜故事_某某小说网", body))


def _office():
    title = "公司年度工作总结会议纪要"
    paragraphs = [
        "会议时间：2024年1月20日下午两点，会议地点：公司三楼大会议室。",
        "会上，各部门负责人分别汇报了本部门一年来的工作情况，总结了取得的成绩和存在的不足。",
        "总经理在讲话中指出，新的一年要继续坚持以客户为中心，提高服务质量，加强团队建设。",
        "会议要求各部门在二月底前制定详细的年度工作计划，并报办公室备案。",
    ]
    body = (f'<div id="topbar">{_menu(["企业首页", "公司简介", "新闻中心", "产品服务", "人才招聘"])}</div>'
            f'<div id="main"><h1>{title}</h1><div class="byline">发布人：行政办公室</div>'
            f'<div class="body">{_ps(paragraphs)}</div></div>{RELATED}{FOOTER}')
    return Page("office", title, paragraphs, _page(title, title, body))


def _traditional_big5():
    title = "臺北燈節今晚登場"
    paragraphs = [
        "一年一度的臺北燈節今晚正式登場，主燈以龍為主題，高達十五公尺，吸引大批民眾前往觀賞。",
        "主辦單位表示，今年燈節共展出三百多組花燈，並安排多場音樂表演，活動將持續到下週日。",
        "市府提醒民眾多利用大眾運輸工具前往，現場周邊道路將實施交通管制。",
    ]
    body = (f'{_menu(["首頁", "政治", "社會", "生活", "國際", "財經", "娛樂", "體育"])}'
            f'<div class="story"><h1>{title}</h1><div class="story-info">記者 陳小華／臺北報導　2024-02-24</div>'
            f'{_ps(paragraphs)}</div><div class="more"><h3>延伸閱讀</h3><ul><li><a href="/m1">元宵節吃湯圓的由來</a></li>'
            '<li><a href="/m2">各地燈會一覽</a></li></ul></div><footer><p>本網站著作權所有，禁止轉載</p></footer>')
    return Page("traditional-big5", title, paragraphs, _page(title, f"{title} | 生活新聞", body, charset="big5"), encoding="big5")


def _gbk_portal():
    title = "我国新能源汽车产销量连续九年位居全球第一"
    paragraphs = [
        "记者从中国汽车工业协会获悉，去年我国新能源汽车产销量分别完成958.7万辆和949.5万辆，同比分别增长35.8%和37.9%。",
        "新能源汽车产销量已连续九年位居全球第一，市场占有率达到31.6%，比上年提高5.9个百分点。",
        "业内人士认为，随着充电基础设施不断完善，新能源汽车将进一步走进千家万户。",
    ]
    body = (f'{_menu(SITE_MENU)}<div class="hot"><b>热点：</b><a href="/h1">春节档电影</a> <a href="/h2">天气预报</a></div>'
            f'<div class="article"><h1>{title}</h1><div class="source">2024年01月12日 08:15 来源：经济日报</div>'
            f'{_ps(paragraphs)}<div class="editor">(责任编辑：李明)</div></div>{SHARE}{RELATED}{FOOTER}')
    return Page("gbk-portal", title, paragraphs, _page(title, f"{title}--财经频道", body, charset="gbk"), encoding="gbk")


PAGES = [_news(), _blog(), _forum(), _long_menu(), _recipe(), _school(), _novel(), _office(), _traditional_big5(), _gbk_portal()]
