"""Choosing the reading of a polyphonic word from its context (行 in 银行 vs 行走, 为 in 转化为 vs 为人民).

The word decides first: a CC-CEDICT headword with one reading is never second-guessed here. What reaches this
module is a word CC-CEDICT reads more than one way (为, 地, 得, 东西 …), or a one-character piece of a word
CC-CEDICT lacks (the 地 of jieba's 熟练地, the 为 of 车为). For those, in this order:

1. hand rules for the common function-word polyphones (为 after a verb of naming or change is wéi; 地 between
   a modifier and a verb is de; 得 between a subject and a verb is děi …), using the neighbouring words and the
   part-of-speech tags jieba's dictionary gives them (looked up per word, no tagger is run); decisions are cached
   per (previous word, word, next word[, clause cue]), so a long text costs a dict lookup per ambiguous token;
2. what the rules leave open goes, a whole text at a time, to g2pM's neural model (reader/core/polyphone_model.py),
   which reads each such character from its whole sentence (晟 shèng, 翟 Zhái, 弄 lòng in an address …);
3. otherwise (a character the model does not know) the word keeps its own default reading.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from typing import Sequence

from reader.core import polyphone_model
from reader.core.annotate import ASK_WITH_TEXT
from reader.core.traditional import simplify
CLAUSE_BREAKS = frozenset("，。！？；：、,.!?;:（）()“”\"「」『』《》\n")

# 为 is wéi ("to be, to act as") right after these: 均为, 分为, 视为, 改为 …
WEI2_AFTER = frozenset(
    "均 皆 即 乃 实 亦 多 仍 则 原 本 遂 分 更 最 较 甚 极 颇 尤 俱 咸 悉 概 终 互 广 誉 称 视 奉 拜 尊 选 评 定 列 立 改 变 化 "
    "转 译 作 成 当 认 划 升 降 简 并 合 命 封 推 任 聘 设 编 归 断 判 读 解 换 缩 扩 结 组 折 派 引 辟 拟 晋 择 择定 "
    "确定 认定 评为 设定 设置 改名 更名 改称 称作 简称 统称 俗称 合称 并称 昵称 誉称 号称 命名 命名称 任命 选举 推举 "
    "划分 区分 细分 分割 转化 转变 转换 转型 转制 转正 变更 变化 演变 发展 扩大 扩展 扩建 缩小 缩减 降低 提升 提高 "
    "升级 升格 改造 改建 改制 改组 改编 改写 翻译 译作 列入 列 视作 看作 当作 作 奉为 尊为 誉为 称为 称之 尊称 "
    "追认 追封 册封 册立 封 立 选 选定 选派 指定 指派 规定 认 承认 确认 认可 公认 定 界定 定性 定义 定位 确立 树立 "
    "汇集 汇编 整合 合并 合成 组成 构成 组建 组合 融合 凝结 凝聚 浓缩 简化 归纳 概括 总结 细化 量化 固化 内化 "
    "物化 异化 分化 退化 进化 演化 幻化 化作 化身 变身 沦 沦落 降格 贬 贬谪 贬低 调整 调 调任 改任 调升 擢升 "
    "晋升 提拔 提名 聘任 聘请 聘 委任 任用 拜 奉 尊 誉 号 名 叫 称 唤 呼 称呼 呼之 谓 谓之 译成 解释 理解 "
    "误以 以 认作 错认 误认 误 划 划归 归 归结 归为 列为 定为 分成 折合 换算 折算 计 算 记 记作 写作 写 读作 "
    "表示 表述 表达 描述 描绘 描写 形容 比喻 喻 比作 比 拟作 扮作 装作 装扮 打扮 化妆 伪装 乔装 假扮 扮 扮演".split()
)
# …but wèi ("for, on behalf of") after these, however verb-like: 能为, 要为, 积极为, 专门为 …
WEI4_AFTER = frozenset(
    "能 要 会 可 可以 能够 愿 愿意 应 应该 应当 该 须 需 需要 必须 想 肯 敢 将 正 正在 在 都 也 还 还要 还将 就 又 再 "
    "先 已 已经 曾 曾经 不 没 没有 共同 一起 一同 专门 特意 特地 特别 主动 努力 积极 全力 尽力 竭力 着力 致力 大力 "
    "持续 继续 不断 进一步 切实 真正 真心 默默 纷纷 争相 相继 亲自 同时 并 并且 而 而且 从而 以便 便于 来 去 "
    "旨在 用于 用来 希望 争取 负责 服务 献身 奉献 贡献 付出 操心 担心 发愁 烦恼 高兴 骄傲 自豪 感到 深感 欢呼 喝彩 点赞 加油 打气 助力 助威 铺路 "
    "和 与 跟 同 向 替 给 是 就是 不是 更是 只为 只 仅 仅仅 单单 全 全心全意 一心 甘 甘愿 乐于 勇于 善于 致力于".split()
)
# Words that open 以…为… / 把…作为… / 视…为… frames: the 为 that follows in the same clause is wéi.
WEI2_FRAMES = frozenset(
    "以 以此 称 称呼 尊称 誉 视 奉 尊 拜 选 推举 推选 评 评选 列 命名 任命 封 立 定 认定 确定 改 易 任 聘 聘请 "
    "选举 当选 称其 称他 称她 称之 誉之".split()
)
NOT_FRAMES = frozenset("可以 所以 难以 得以 加以 予以 足以 借以 用以 据以 赖以 藉以 何以 无以 给以 施以 处以 报以 致以 "
                       "不以".split())
# After 为 + someone, these mean it was "for" them (wèi): 为企业提供服务, 为北京地铁生产列车.
SERVICE_VERBS = frozenset("提供 服务 生产 做 作出 做出 带来 创造 打造 搭建 准备 开辟 铺平 奠定 注入 贡献 出力 献策 助力 保驾护航 "
                          "量身定制 定制 设计 制作 举办 解决 寻找 谋 谋福利 谋福祉 争光 加油 点赞 买单 撑腰 让路 开绿灯 "
                          "送去 送来 捐 捐赠 捐款 筹集 培养 输送 办 办理 办事 工作 效力 奋斗 担心 操心 骄傲 自豪 高兴 "
                          "祈福 祝福 庆祝 庆生 举行 开设 建立 修建 建设 减负 松绑 赋能 护航 把关 发声 代言 说话 辩护 "
                          "作证 负责 买 付 支付 承担 分忧 解难 排忧解难 解忧 省 节省 节约 赢得 争取 创收 增收 降本 "
                          "着想 考虑 打算 着急 难过 伤心 感动 流泪 哭 祈祷 让座 鼓掌 出头 出气 报仇 求情 牺牲".split())
# 地 is de (the adverbial particle) after words tagged as these.
DE_MODIFIER_TAGS = frozenset({"a", "ad", "an", "d", "z", "i", "l", "b"})
# …and dì right after these (种地, 这块地, 此地, 该地 …) and right before these (地上, 地下 …).
DI_AFTER = frozenset("种 耕 扫 拖 落 倒 在 着 到 上 下 入 出 块 片 亩 这 那 此 该 本 各 每 全 满 遍 其 异 外 两 "
                     "原 当 实 土 草 荒 空 平 高 低 福 宝 基 产 领 属 驻 营 阵 工 墓 坟 林 田 绿 湿 耕地".split())
DI_BEFORE = frozenset("上 下 里 中 内 外 面 边 头 底 处 区 域 带 段 块 表 层 形 势 理 质 貌 震 球 铁 图 址 点 价 产 "
                      "主 皮 租 税 契 盘 名 位 标 基 界 方 域 步 的 和 与 或 及 、 ， 。".split())
# 得 is děi ("must") between a subject and a verb: 我们得懂, 你得去. These open it …
DEI3_AFTER_TAGS = frozenset({"r", "nr", "n", "ns", "nt", "nz"})
DEI3_AFTER = frozenset("就 还 也 都 总 总得 可 可得 非 非得 必 必须 只 只得 还得 那 那就 我 你 他 她 它 我们 你们 他们 她们 咱 咱们 大家 谁".split())
# …and these verbs and adverbs close it (得去, 得花, 得先 …).
DEI3_BEFORE_TAGS = frozenset({"v", "vn", "d", "p"})
DE5_AFTER_TAGS = frozenset({"v", "a", "ad", "vn", "vd", "z", "b"})
# 着 is zhuó before these (着力, 着手 are words; these are the loose ones), zháo after these at a clause end.
ZHUO2_BEFORE = frozenset("力 手 眼 重 陆 装 笔 墨 色 想 落 实 意".split())
ZHAO2_AFTER = frozenset("睡 点 烧 找 猜 够 用 见 急 冻 累 吓 饿 着 摸 碰 撞 捞 抓 借 买 赶 打".split())
# 长 is zhǎng ("head of") as the title suffix after an organisation (院长, 车间长, 党支部长 …).
ZHANG3_AFTER_CHARS = frozenset("院校局厅处科部县市省镇乡村所站队组团社会行司署馆班室厂矿店场区州府委庭营连排师旅军舰机船车间署".split())
ZHANG3_BEFORE = frozenset("大 高 成 出 势 相 满 得 着 了".split())
DEGREE_ADVERBS = frozenset("很 太 更 最 挺 好 多 较 真 极 不 没 非常 特别 比较 相当 十分 那么 这么 如此 更加 越来越 有点 有些 "
                           "过 超 太过 较为 更为 最为 极为".split())
CHANG2_BEFORE = frozenset("达 约 度 于 久 远 短 宽 高 江 城 廊 跑 篇 途 线 条 寿 假 衫 袍 裤 发 期 年".split())
DE2_BEFORE = frozenset("了 过 奖 分 病 益 失 知 手 逞 票 胜".split())
TIAO2_BEFORE = frozenset("高 低 大 小 快 慢 亮 暗 好 匀 准 整 成 和 到 至 皮 味 音 色 一下 一调 得 开 好了".split())
# 还 is huán ("give back") before these.
HUAN2_BEFORE = frozenset("给 钱 款 债 清 账 书 贷 本 原 俗 乡 回 回去 回来 给我 我 你 他 她 它 我们 你们 他们".split())
REPAID = frozenset("钱 债 款 账 贷款 房贷 车贷 信用卡 人情".split())
HUAN2_AFTER = frozenset("归 偿 退 送 交 奉 生 遣 返 借 欠 赔 不".split())
# A surname is read its surname way before a title or after 姓 (单先生 Shàn, 姓查 Zhā, 解老师 Xiè).
SURNAME_READINGS = {
    "单": "shan4", "查": "zha1", "解": "xie4", "仇": "qiu2", "曾": "zeng1", "区": "ou1", "朴": "piao2", "盖": "ge3",
    "繁": "po2", "缪": "miao4", "任": "ren2", "过": "guo1", "翟": "zhai2", "燕": "yan1", "宁": "ning4", "秘": "bi4",
    "折": "she2", "卜": "bu3", "召": "shao4", "纪": "ji3", "句": "gou1", "阚": "kan4", "黑": "he4",
    "尉": "wei4", "乐": "yue4", "华": "hua4", "俞": "yu2", "隗": "wei3", "郇": "xun2", "员": "yun4", "应": "ying1",
}
TITLES = frozenset("先生 女士 小姐 太太 夫人 老师 教授 同学 师傅 医生 大夫 律师 总 经理 董事长 局长 部长 市长 县长 校长 院长 "
                   "主任 书记 处长 科长 队长 厂长 大爷 大妈 阿姨 大叔 大哥 大姐 老板 记者 警官 将军 博士 总统 主席 委员 家".split())
NUMERALS = frozenset("0123456789０１２３４５６７８９零〇一二三四五六七八九十百千")
PRONOUNS = frozenset("我 你 他 她 它 我们 你们 他们 她们 咱们 人家".split())
# Everyday verbs read as verbs, not as their noun readings (教 jiāo "teach", not jiào; 弹 tán "play", not dàn …), when
# one of these follows them.
VERB_BEFORE = {
    "弹": frozenset("了 着 过 起 起来 琴 钢琴 吉他 古筝 琵琶 一首 一曲 曲子 首 奏 得 出 开".split()),
    "藏": frozenset("在 起 起来 着 了 好 进 到 于 入 住 不住 得 身 匿 下".split()),
    "种": frozenset("了 着 过 下 上 满 出 树 花 菜 草 地 田 粮食 庄稼 水稻 小麦 玉米 蔬菜 果树 得".split()),
    "卷": frozenset("起 起来 成 着 了 上 进 入 走 住 铺盖".split()),
    "量": frozenset("了 一 一下 过 着 体温 身高 血压 尺寸 长度 距离".split()),
    "冲": PRONOUNS | {"着"},
}
VERB_READINGS = {"弹": "tan2", "藏": "cang2", "种": "zhong4", "卷": "juan3", "量": "liang2", "冲": "chong4"}
# …and these after them: 会弹, 躲藏 / 把…藏, 来种, 正在种.
VERB_AFTER = PRONOUNS | frozenset("会 能 要 想 在 正在 去 来 再 先 又 还 也 都 就 不 没 别 快 躲 收 偷 暗暗 悄悄 偷偷".split())
# 重 is chóng ("again") before these single verbs.
CHONG2_BEFORE = frozenset("回 返 走 建 修 启 组 申 演 拍 播 写 排 装 做 读 游 访 温 开 逢 聚 获 振 整 塑 构 燃 印 "
                          "刊 现 来 审 选 置 设 制 算 定 画 绘 排 叠 合 蹈 操 提 拾 铸 订 估 造".split())
# 行 is háng after a number (两行字) and before these.
HANG2_BEFORE = frozenset("业 长 家 情 列 距 伍 当 市 规 话".split())
LE4_BEFORE = frozenset("于 意 观 趣 园 天 子 呵 得 在 不 此 坏 极 享 淘 活 业 安".split())
PERSONS = frozenset("我 你 他 她 我们 你们 他们 她们 咱们 大家 自己".split())
CHA4_BEFORE = frozenset("不多 点 一点 点儿 一点儿 得 远 劲 了 些 太多 很多 多少 一些".split())
SHU3_BEFORE = frozenset("了 一 一数 着 过 不 不过 不清 不胜 得 数 到 起 落 出".split())
HANG2_AFTER = frozenset("这 那 哪 本 各 同 改 转 入 懂 跨 隔".split())
XING2_BEFORE = frozenset("吗 吧 啊 呢 不 了 嘛 啦 呀 得 不通 得通 不行".split())
GAN4_BEFORE = frozenset("什么 啥 活 活儿 吗 嘛 完 过 事 掉 一 好 坏 起来 下去 点 得 不 了 着".split())
GAN4_AFTER = frozenset("在 要 能 会 想 去 来 快 苦 实 肯 敢 蛮 巧 硬 接着 继续 一起 就 还 都 也 先 怎么 这么 那么".split())
# 了 is liǎo ("finish, be able to") after 得/不 at a clause end (去得了, 受不了).
LIAO3_AFTER = frozenset("不 得".split())
# 长 is cháng before these whole words (留着长头发, 长时间).
CHANG2_BEFORE_WORDS = frozenset("一些 一点 一点儿 多了 得多 些 头发 胡子 胡须 辫子 裙子 裤子 袖子 时间 距离 队 椅 凳子 桌子".split())
# 干 is gān ("dry") after things that get wet, before 了/透 or at a clause end (衣服干了, 嗓子干).
GAN1_AFTER = frozenset("衣服 裤子 袜子 鞋 鞋子 被子 床单 毛巾 头发 油漆 墨水 墨迹 地 地面 路面 嗓子 喉咙 嘴 嘴唇 皮肤 "
                       "眼泪 泪 泪水 河 河水 井 池塘 湖 水 土 泥 颜料 胶水 伤口".split())
# 调 is diào ("transfer, move") before these: 调走, 调往, 被调到.
DIAO4_BEFORE = frozenset("走 往 去 来 回 入 离 出 动 派 兵 包".split())
# 处 is chǔ ("get along, deal with") before these (处得来, 处不好), chù ("place") after a number or a demonstrative.
CHU3_BEFORE = frozenset("得 不 不来 得来 不好 得好 了 着 事 理 世".split())
# 中 is zhòng ("hit, win") before these and after these (中了彩票, 中奖, 打中, 猜中).
ZHONG4_BEFORE = frozenset("了 奖 彩票 头奖 大奖 标 毒 邪 暑".split())
ZHONG4_AFTER = frozenset("打 射 击 猜 考 选 看 相 命 砸 押".split())
# Words that count or point: 两只鸟, 这只猫, 一担水, 三处房子.
COUNTERS = frozenset("一 两 二 三 四 五 六 七 八 九 十 几 半 每 某 这 那 哪 多 各 好几 一百 一千".split())
DEMONSTRATIVES = frozenset("这 那 哪 每 某 各".split())
# 转 is zhuàn ("turn round, go round") at a clause end after these (风车在转, 围着他转), and before these.
ZHUAN4_AFTER = frozenset("在 着 绕 绕着 围着 围 团团 一直 不停 不停地 乱 直 转 来回 到处 四处 打".split())
ZHUAN4_BEFORE = frozenset("圈 一圈 个 个不停 来 来转去 悠 转 盘 椅 速".split())
# 背 is bēi ("carry on the back") before what is carried (背着书包, 背起背包).
CARRIED = frozenset("书包 包 背包 行李 行囊 箱子 筐 篓 枪 柴 柴火 袋子 口袋 麻袋 包袱 孩子 小孩 起 起来 上".split())
# 血 is xiě in the spoken standalone word after these (吐了一口血, 流了很多血); xuè in compounds and writing.
XIE3_AFTER = frozenset("流 吐 咳 沾 出 淌 流了 吐了 咳了 沾了 出了 淌了 一口 一滴 一摊 一身 满身 满手 满脸 一脸 一手 很多 不少 好多".split())
# 露 is lòu, the spoken verb "show", before these (露了一手, 露了馅, 露脸); lù in its written compounds.
LOU4_BEFORE = frozenset("了 一手 馅 马脚 脸 面 富 怯 底 头".split())
# 削 is xiāo, the spoken "peel, pare", before these (削苹果, 削了); xuē in 削弱, 削减, 剥削.
XIAO1_BEFORE = frozenset("了 着 好 皮 苹果 梨 铅笔 土豆 萝卜 水果".split())
# 塞 is sāi ("stuff, squeeze in") before these (塞进, 塞满, 塞给); sè and sài live in words (堵塞, 要塞).
SAI1_BEFORE = frozenset("进 进去 进来 入 满 住 给 到 在 了 着 车 上".split())
# 散 is sàn ("disperse") after a gathering or a cloud (会散了, 雾散了); sǎn ("come loose") is left to the model.
SAN4_AFTER = frozenset("会 会议 聚会 晚会 宴会 宴席 酒席 人 人群 人们 大家 观众 众人 队伍 雾 大雾 云 乌云 云彩 烟 硝烟 香味 气味 味道".split())
# Characters read one way when the word after (first set) or before (second set) marks it; the model reads the rest.
NEIGHBOUR_READINGS = {
    "背": (CARRIED, CARRIED, "bei1"),  # 背着书包, 书包背在肩上
    "露": (LOU4_BEFORE, frozenset(), "lou4"),
    "削": (XIAO1_BEFORE, frozenset(), "xiao1"),
    "塞": (SAI1_BEFORE, frozenset(), "sai1"),
    "血": (frozenset(), XIE3_AFTER, "xie3"),
    "散": (frozenset(), SAN4_AFTER, "san4"),
    "称": (frozenset("身 体 心 职".split()), frozenset(), "chen4"),  # 很称身: "fit", when the cut leaves 称 alone
}
# A rule's answer for an everyday character that keeps the word's own reading (the model is not asked about them).
KEEP = ""
# Characters whose rules also look one word further each way (我当他是朋友: the 是 after the person; 绕着太阳转).
WIDER_WINDOW = frozenset("当转倒和")
# 当 is dàng ("regard as") between a subject and a person followed by one of these: 我当他是朋友, 别当我是小孩.
DANG4_THEN = frozenset("是 作 做 成".split())
# 倒 is dǎo ("fall") after these and before these; dào ("pour", "on the contrary") before these or near a drink.
FALL_VERBS = frozenset("摔跌推撞绊累病晕打压放扳吹刮砍拉踢击撂醉颠卧昏难")
DAO3_BEFORE = frozenset("下 下来 下去 地 在地 在 塌 闭 霉".split())
DAO4_BEFORE = frozenset("是 也 不 没 挺 还 好 不如 要 掉 进 进去 出 出来 入 回 回去 满 上 点 些 杯 碗 茶 水 酒 垃圾 车 过来 过去 着 退 数".split())
POURED = frozenset("水 茶 酒 咖啡 果汁 牛奶 饮料 汤 油 醋 杯 一杯 一碗 碗 垃圾 一些 一点".split())
FAITHS = frozenset("佛道宗传督兰主回礼儒")
# 和 is huó ("knead, mix") before these.
KNEADED = frozenset("面 泥 馅 馅儿 好面".split())
STUCK_TO = frozenset("锅 在 住 上 了 到 着 满 东西 贴 牙 手 一起 起来 紧".split())
SWALLOWED = frozenset("了 下 下去 不下 回 回去 口水 着 进 进去 不 得".split())
CAPITAL_AFTER = frozenset("市城会督卫护指统尉")  # 都市, 都督: the capital, dū
CAPITAL_BEFORE = frozenset("首国旧古故建定迁成京")
REPEATED_AFTER = frozenset("年迁转计积次代世犯进")  # 累年, 累迁: "repeatedly", lěi
BAR_BEFORE = frozenset("书酒网水氧贴陶茶迪琴话")  # 书吧, 酒吧: a bar, bā
BAR_AFTER = frozenset("社区 论坛 主 台 女 友".split())
SHAO4_BEFORE = frozenset("年女妇爷奶帅将校先")
TIAO3_BEFORE = frozenset("起拨衅逗战明灯大")
ROUNDS = frozenset("一圈 几圈 两圈 一大圈 好几圈 圈".split())
# 得 is děi ("it takes") before a verb of spending and an amount: 修好得花不少钱, 去一趟得坐三个小时的车.
SPENDING = frozenset("花 花费 费 用 要 需要 等 走 坐 开 跑 排 排队 交 付 赔 准备 练 学".split())
AMOUNTS = frozenset("很 好 这么 那么 老 不少 很多 好多 许多 好几 好些 多少 大半 半天 一些 一阵 一阵子 一段 一大笔 一大 很久 好久 很长 一整天 一辈子".split())
# 好 is hào ("be fond of") before these habits (他好喝酒, 她好面子); hǎo before the rest, 好想, 好吃 …
HABITS = frozenset("喝酒 喝 酒 抽烟 吸烟 赌 赌博 赌钱 打牌 打麻将 吹牛 说大话 面子 管闲事 打听 占便宜 打扮 逞强 出风头 "
                   "打架 斗 花钱 吃零食 睡懒觉 热闹 虚荣 表现 争 争强好胜 摆阔 排场 钻研 思考 提问 读书 动".split())
HABIT_HOLDERS = frozenset("很 最 特别 一向 向来 生来 天生 从小 素来 历来 不 都 也 就 又 偏 偏偏".split())
# 没 is mò ("cover, submerge") after water: 加水没过排骨, 河水没过了膝盖.
WATERS = frozenset("水汤油浪潮雪")
WATER_THEN = frozenset("要 刚 刚好 正好 能 需 需要 必须 得 一定 一定要 已经 就 都 会 慢慢 渐渐".split())  # 水要没过鸡块
SUBMERGED_TO = frozenset("过 过了 顶 入".split())
# 假 is jià ("leave, holiday") after a kind of leave or a number of days: 年|假, 请了三天|假, 病|假.
LEAVE_KINDS = frozenset("年 暑 寒 病 事 婚 产 丧 请 休 放 春 秋 长 短 调 补 销".split())
LEAVE_SPANS = frozenset("天 日 周 星期 个月 礼拜".split())
# Mahjong and cards: 和 at the end of a clause is hú ("complete a hand") when the sentence is at the table.
CARD_WORDS = ("牌", "麻将", "扑克")
# Words of which CC-CEDICT lists one reading but everyday text has another sense too, read by the characters' own
# readings (là "leave behind", fā "rise", chóng "again", háng "line of work"): what the rules below may choose, and its
# gloss.
EVERYDAY_SENSES = {
    "落下": {"la4 xia4": "to leave behind; to fall behind (in one's lessons)"},
    "打发": {"da3 fa1": "to whisk (egg whites, cream) until stiff"},
    "重读": {"chong2 du2": "to read again"},
    "一行": {"yi1 hang2": "a line (of text); this line of work"},
    "塞上": {"sai1 shang4": "to stuff in; to plug (with)"},
}
# Whose word rules look over the whole clause (朝阳 with 升起 further on, 打发 after the eggs).
CLAUSE_WORDS = frozenset("朝阳 打发 落下 塞上".split())
# A place inside something: 塞上 after it is sāi, "stuff in" (肚子里塞上葱, 瓶口塞上木塞), not sài "the frontier".
INSIDE_ENDINGS = frozenset("里中内口缝洞孔眼")
SUN_RISING = frozenset("升 升起 升起来 照 照在 照着 映 洒 洒在 染 冉冉 露出 初升 一轮 照耀".split())
WHIPPED = ("蛋", "蛋白", "蛋清", "蛋液", "奶油", "黄油")
LEFT_BEHIND = frozenset("课 功课 作业 进度 东西 钥匙 手机 钱包 伞 书 书包 本子 笔".split())
ONCE_AGAIN = frozenset("一遍 一次 一下 遍 两遍 几遍 一回 一下子".split())
HANG2_LINES = frozenset("字 诗 代码 文字 小字 数字 泪".split())

# The everyday reading of words CC-CEDICT reads more than one way, where the first is not it (东西 "thing", not
# "east and west"; 大夫 "doctor"). Context rules may still pick the other reading.
PREFERRED_READINGS = {
    "东西": "dong1 xi5",
    "大夫": "dai4 fu5",
    "告诉": "gao4 su5",
    "故事": "gu4 shi5",
    "妻子": "qi1 zi5",
    "本事": "ben3 shi5",
    "生意": "sheng1 yi5",
    "地方": "di4 fang5",
}
# 地方 is dì fāng ("local, regional") next to these; dì fang ("place") otherwise.
LOCAL_CONTEXT = frozenset("中央 国家 各 各级 省级 市级 县级 基层 全国 省 市 县 乡 政府 财政 官员 经济 特色 法规 性 戏 党委 部门 "
                          "债 债务 政策 领导 干部 立法 保护 主义 标准 银行 媒体 企业 高校 院校 共建 专项 两级 层面".split())

_TAG_CACHE_FORMAT = 4
# g2pM learned from encyclopedic text: it reads the everyday characters the way Wikipedia uses them (没 as mò,
# 一只 as zhǐ, 弹了一首曲子 as dàn). Characters jieba counts at least this often as words of their own are left to
# the rules and the word's own reading; the model reads the rest (names, places, rarer characters).
COMMON_CHARACTER_COUNT = 30_000


class PolyphoneReader:
    """Reads an ambiguous word from the words around it: hand rules, then g2pM's model on the whole sentence."""

    def __init__(self, use_rules: bool = True, use_model: bool = True):
        self._tags: dict[str, str] | None = None
        self._common: frozenset[str] = frozenset()
        self._cache: dict[tuple, str | None] = {}
        self._model: polyphone_model.PolyphoneModel | None = None
        self._comparisons: dict[tuple[str, tuple[str, ...]], tuple[tuple[int, tuple[str, ...]], ...] | None] = {}
        self.use_rules = use_rules
        self.use_model = use_model and polyphone_model.available()

    # -- data, loaded on first use -------------------------------------------------------------------------------

    @property
    def model(self) -> polyphone_model.PolyphoneModel | None:
        """g2pM's model, loaded on first use; None when it is switched off or not installed."""
        if self._model is None and self.use_model:
            self._model = polyphone_model.PolyphoneModel()
        return self._model

    def _load_tags(self) -> WordTags:
        if self._tags is None:
            self._tags, common, _ = _load_tags()
            self._common = frozenset(common)
        return self._tags

    def tag(self, word: str) -> str:
        """jieba's dictionary part-of-speech tag for ``word`` ("" when it has none); no tagger is run."""
        return self._load_tags().get(word, "")

    def is_common(self, char: str) -> bool:
        """Whether ``char`` is one of the everyday characters the model is not asked about (see COMMON_CHARACTER_COUNT)."""
        self._load_tags()
        return char in self._common and (char not in _RULES or char in _RULES_NEVER_ASKING)

    @staticmethod
    def extra_candidates(word: str) -> tuple[str, ...]:
        """Everyday readings of ``word`` that CC-CEDICT does not list (落下 là xià "leave behind"), numbered."""
        if len(word) != 2:
            return ()  # every word of EVERYDAY_SENSES has two characters: most words are answered here
        return tuple(EVERYDAY_SENSES.get(word) or EVERYDAY_SENSES.get(simplify(word), ()))

    @staticmethod
    def extra_gloss(word: str, numbered: str) -> str | None:
        """The gloss of an everyday reading CC-CEDICT does not list (落下 là xià: "to leave behind …"), else None."""
        return EVERYDAY_SENSES.get(simplify(word), {}).get(numbered.lower())

    def reads_alone(self, word: str, candidates: Sequence[str]) -> bool:
        """Whether :meth:`choose` answers None for ``word`` wherever it stands (a character no rule reads and the
        model is not asked about: 的, 与, 上), so a reader can read it once for the whole text."""
        if len(word) != 1 or (self.use_rules and (word in SURNAME_READINGS or word in _RULES)):
            return False
        return self.model is None or self._comparison(word, tuple(candidates)) is None

    def reads_alone_unless_after(self) -> dict[str, frozenset[str]]:
        """Words :meth:`choose` answers None for wherever they stand except right after a few words: word -> those
        words. 的 is a third of a text's ambiguous words, and read otherwise only in 打的 (dī, "take a taxi")."""
        return dict(_READ_ALONE_UNLESS_AFTER) if self.use_rules else {}

    # -- the ContextReader protocol ------------------------------------------------------------------------------

    def choose(self, words: Sequence[str], index: int, candidates: Sequence[str]) -> str | None:
        """The numbered reading of ``words[index]`` among ``candidates`` by rule, or None to leave it to the model."""
        word = words[index]
        previous = words[index - 1] if index > 0 else ""
        following = words[index + 1] if index + 1 < len(words) else ""
        cue = self._cue(words, index, word, following) if word in _CUED_WORDS else False
        key = (previous, word, following, cue)
        cache = self._cache
        choice = cache.get(key, _UNSEEN)
        if choice is not _UNSEEN:
            return choice
        choice = self._decide(word, previous, following, cue)
        if choice == KEEP:
            choice = None  # the word's own reading (的, 中, 当 …: a third of a text's calls): no candidate to look for
        elif choice is not None:
            # the candidate spelled so whatever its case (the last one, should two differ only by it)
            wanted = choice.lower()
            choice = next((c for c in reversed((*candidates, *EVERYDAY_SENSES.get(word, ()))) if c.lower() == wanted), None)
        elif self.model is not None and self._comparison(word, tuple(candidates)) is not None:
            choice = ASK_WITH_TEXT
        if len(cache) > 200_000:  # a book's worth of contexts; start over rather than grow without bound
            cache.clear()
        cache[key] = choice
        return choice

    @staticmethod
    def _cue(words: Sequence[str], index: int, word: str, following: str):
        """What the rule of ``word`` (one of _CUED_WORDS) looks at beyond the words next to it."""
        if word == "为":
            return (_clause_has_frame(words, index), _service_ahead(words, index))
        if word == "落":
            return _clause_has(words, index, "把")
        if word in WIDER_WINDOW:
            cue = (words[index - 2] if index > 1 else "", words[index + 2] if index + 2 < len(words) else "")
            if word == "和":
                at_clause_end = following in ("了", "啦", "牌") or not following or following[0] in CLAUSE_BREAKS
                cue += (at_clause_end and _sentence_mentions(words, index, CARD_WORDS),)
            return cue
        if word == "得" and following in SPENDING:
            return ("", words[index + 2] if index + 2 < len(words) else "")  # 得花|不少: what it takes
        if word == "没" and following in SUBMERGED_TO:
            return (words[index - 2] if index > 1 else "", "")  # 水|要|没过: what covers
        if word in CLAUSE_WORDS:
            return _clause_words(words, index)
        return False

    def choose_in_text(self, text: str, requests: Sequence[tuple[int, Sequence[str]]]) -> list[str | None]:
        """For each (start, candidates) of a word in ``text`` the rules left open: the model's choice, or None."""
        model = self.model
        if model is None:
            return [None] * len(requests)
        comparison = self._comparison
        compared = [comparison(text[start : start + len(candidates[0].split())], tuple(candidates)) for start, candidates in requests]
        positions = {start + k for (start, _), places in zip(requests, compared) if places for k, _ in places}
        scores = model.scores(text, sorted(positions))
        return [
            None if places is None else _best_candidate(candidates, start, places, scores)
            for (start, candidates), places in zip(requests, compared)
        ]

    def _comparison(self, word: str, candidates: tuple[str, ...]) -> tuple[tuple[int, tuple[str, ...]], ...] | None:
        """Where in ``word`` its candidates differ on a character the model reads (and it is asked about): each such
        place with the candidates' syllables there (lower case); None when there is no such place."""
        key = (word, candidates)
        found = self._comparisons.get(key, False)
        if found is False:
            readings = [candidate.lower().split() for candidate in candidates]
            places = []
            if all(len(reading) == len(word) for reading in readings):
                for k, char in enumerate(word):
                    syllables = tuple(reading[k] for reading in readings)
                    if len(set(syllables)) > 1 and not self.is_common(char) and self.model.knows(char):
                        places.append((k, syllables))
            found = self._comparisons[key] = tuple(places) or None
        return found

    def _decide(self, word: str, previous: str, following: str, cue: bool) -> str | None:
        if len(word) > 1:
            found = self._word_rule(word, previous, following, cue)
            return found if found is not None else PREFERRED_READINGS.get(word)
        if self.use_rules:
            if (following in TITLES or previous == "姓") and word in SURNAME_READINGS:
                return SURNAME_READINGS[word]
            rule = _RULES.get(word)
            if rule is not None:
                return rule(self, previous, following, cue)
        return None

    def _word_rule(self, word: str, previous: str, following: str, cue) -> str | None:
        if word == "东西" and (previous[-1:] in ("南", "北") or following[:1] in ("南", "北", "两", "方", "走", "长", "宽", "向", "横", "贯", "距", "各", "约")):
            return "dong1 xi1"
        if word == "不了" and previous:
            return "bu4 liao3"  # 做不了, 受不了: "cannot manage to" after a verb
        if word == "同行" and following in ("之间", "间", "们", "竞争", "企业", "交流", "评议", "业", "中", "里"):
            return "tong2 hang2"  # peers in a trade, not "travel together"
        if word == "地方" and (previous in LOCAL_CONTEXT or following in LOCAL_CONTEXT):
            return "di4 fang1"
        if word == "背着" and following in CARRIED:
            return "bei1 zhe5"  # 背着书包: carrying it, not "behind one's back"
        if word == "朝阳" and (following[:1] in ("照", "升", "映", "洒", "染") or any(w in SUN_RISING for w in cue[0] + cue[1])):
            return "zhao1 yang2"  # the morning sun shining or rising, not the district
        if word == "落下":
            return "la4 xia4" if any(w in LEFT_BEHIND or w[-1:] == "课" for w in cue[1]) else KEEP
        if word == "打发":
            return "da3 fa1" if any(w.endswith(WHIPPED) or "蛋" in w for w in cue[0]) else KEEP  # 把蛋白打发: whisk
        if word == "塞上":
            return "sai1 shang4" if previous[-1:] in INSIDE_ENDINGS or "把" in cue[0] else KEEP
        if word == "一行":
            if previous in HANG2_AFTER or previous in ("干", "爱") or following[:1] in HANG2_LINES:
                return "yi1 hang2"  # 这一行, 干一行爱一行: a line of work; 一行字: a line
            return KEEP
        if word == "重读":
            return "chong2 du2" if following in ONCE_AGAIN else KEEP  # 重读一遍: read again
        return None

    # -- the rules, one per character ----------------------------------------------------------------------------

    def _wei(self, previous: str, following: str, cue) -> str | None:
        frame, service = cue
        if frame:
            return "wei2"
        if previous in WEI4_AFTER or service and previous in ("多", "更", "最", "也", "都"):
            return "wei4"  # 多为客户着想: "for" them, though 多为 is "mostly are" before a noun
        if previous in WEI2_AFTER or previous[-1:] in WEI2_AFTER and len(previous) > 1 and self.tag(previous).startswith("v"):
            return "wei2"
        if not previous or previous[-1] in CLAUSE_BREAKS:
            return "wei4"  # 为加快…, 为方便…: "for, in order to" opens a clause
        tag = self.tag(previous)
        if tag in ("d", "a", "ad", "c", "p") or service:
            return "wei4"  # 车为北京地铁生产列车: "for" someone, then what is done for them
        return None

    def _di(self, previous: str, following: str, cue: bool) -> str | None:
        if previous and (previous in DI_AFTER or previous[-1].isdigit() or self.tag(previous) in ("m", "q")):
            return "di4"
        if following[:1] in DI_BEFORE or not following or following[0] in CLAUSE_BREAKS:
            return "di4"
        previous_tag = self.tag(previous)
        if previous_tag in DE_MODIFIER_TAGS or (len(previous) >= 2 and previous[-1] == previous[-2]):
            return "de5"
        if len(previous) >= 2 and self.tag(following)[:1] in ("v", "a", "d", "p"):
            return "de5"  # 形象地说, 科学地分析: a two-character modifier then a verb
        return None

    def _de(self, previous: str, following: str, cue) -> str | None:
        following_tag = self.tag(following)
        previous_tag = self.tag(previous)
        after_following = (cue or ("", ""))[1]
        if following in SPENDING and (after_following in AMOUNTS or after_following[:1] in NUMERALS or after_following[:2] in AMOUNTS):
            return "dei3"  # 修好得花不少钱, 得等半天: "it takes" that much
        if following in DEGREE_ADVERBS and previous not in PERSONS and previous_tag not in ("r", "nr") and previous:
            return "de5"  # 处得很好, 穿得很随便, 调皮得很: a complement of degree after a verb or adjective
        if following in DE2_BEFORE and (previous_tag[:1] not in ("v", "a") or previous_tag == "vn"):
            return "de2"  # 他得了第一名, 考试得了满分: "obtain"
        if previous in DEI3_AFTER or previous_tag in DEI3_AFTER_TAGS:
            if following_tag[:1] in DEI3_BEFORE_TAGS or following_tag in DEI3_BEFORE_TAGS:
                return "dei3"
            if previous in PERSONS and (following == "多" or self.tag(following[:1])[:1] == "v"):
                return "dei3"  # 你得多穿点, 我们得想个办法: a person, then what they must do
        if previous_tag[:1] in ("v", "a") or previous_tag in DE5_AFTER_TAGS:
            return "de5"  # 跑得快, 留得住, 说得好
        if following_tag[:1] == "a" and len(previous) == 1 and previous_tag in ("c", "p"):
            return "de5"  # 和得软一点, 跟得紧: a verb the dictionary tags as a conjunction or preposition, then how
        return None

    def _zhe(self, previous: str, following: str, cue: bool) -> str | None:
        if following[:1] in ZHUO2_BEFORE and len(following) == 1:
            return "zhuo2"
        if previous in ZHAO2_AFTER and (not following or following[0] in CLAUSE_BREAKS or following in ("了", "啦", "吗", "呢", "没")):
            return "zhao2"
        return "zhe5"

    def _zhang(self, previous: str, following: str, cue: bool) -> str | None:
        if following in ("高", "大", "胖", "个") and (previous in PERSONS or self.tag(previous)[:1] in ("r", "n") or not previous):
            return "zhang3"  # 他长高了, 孩子长大了: "grow"
        if following[:1] == "长" or previous[-1:] == "长":
            return "chang2"  # 长长的头发, 长长地出了一口气: "long", said twice
        if previous in DEGREE_ADVERBS or following[:1] in CHANG2_BEFORE or previous in ("时间", "日子", "时候", "时日") or following in CHANG2_BEFORE_WORDS:
            return "chang2"  # 很长, 长达, 长约
        if len(previous) >= 1 and previous[-1] in ZHANG3_AFTER_CHARS and self.tag(previous)[:1] in ("n", ""):
            return "zhang3"
        if following in ZHANG3_BEFORE or following[:1] in ("大", "高") and len(following) == 1:
            return "zhang3"
        return None

    def _hai(self, previous: str, following: str, cue: bool) -> str | None:
        if following == "了" or following in REPAID and previous in PERSONS:
            return "huan2"  # 他还了我的书, 你还钱了吗: the adverb hái never takes 了, a person pays back money
        if previous in HUAN2_AFTER or previous[-1:] in HUAN2_AFTER and self.tag(previous).startswith("v"):
            return "huan2"
        if previous and (not following or following[0] in CLAUSE_BREAKS):
            return "huan2"  # 钱到现在也没还。: the adverb hái never ends a clause
        if following in HUAN2_BEFORE and self.tag(previous)[:1] not in ("r", "n", "d", "c"):
            return "huan2"
        if following in PRONOUNS and previous not in DEGREE_ADVERBS and self.tag(previous)[:1] in ("n", "t", "r"):
            return "huan2"  # 把钱还我, 下个月还你: "give back to someone"
        return "hai2"

    def _lane(self, previous: str, following: str, cue: bool) -> str | None:
        if previous[-1:] in NUMERALS and (following[:1] in NUMERALS or following[:1] == "号"):
            return "long4"  # 三百弄十二号, 40弄1号: a Shanghai lane in an address
        return None

    def _teach(self, previous: str, following: str, cue: bool) -> str | None:
        if previous[-1:] in FAITHS:
            return "jiao4"  # 信佛|教 (the cut took 信佛 whole): a religion, jiào
        return "jiao1"  # on its own 教 is the verb "teach"; jiào lives in words (教育, 教室, 宗教, 请教)

    def _verb(self, word: str, previous: str, following: str) -> str | None:
        """The verb reading of 弹 藏 种 卷 量 冲 where the words around mark a verb."""
        if following in VERB_BEFORE[word] or (previous in VERB_AFTER and word != "冲"):
            return VERB_READINGS[word]
        if following == "的" and word in "种藏弹" and (previous in PERSONS or len(previous) > 1 and self.tag(previous) in ("n", "nr")):
            return VERB_READINGS[word]  # 奶奶种的菜, 妈妈藏的钱: what someone did
        return None

    def _zhong(self, previous: str, following: str, cue: bool) -> str | None:
        if previous in DEGREE_ADVERBS:
            return "zhong4"  # 太重了, 很重: "heavy"
        if following in CHONG2_BEFORE:
            return "chong2"
        if previous[-1:].isdigit() or previous in ("一", "二", "两", "三", "双", "多", "几") or previous[-1:] == "层":
            return "chong2"
        return None

    def _xing(self, previous: str, following: str, cue: bool) -> str | None:
        if previous in HANG2_AFTER and following not in XING2_BEFORE and following[:1] not in CLAUSE_BREAKS:
            return "hang2"  # 干这行已经十年: "line of business"
        if following[:1] in HANG2_BEFORE and len(following) == 1:
            return "hang2"
        if previous[-1:].isdigit() or previous in ("一", "两", "几", "三", "四", "五", "十", "每", "第", "首", "末") or (
            previous[:1] == "第" and len(previous) > 1
        ):
            return "hang2"  # 两行字, 第二行: "a row"
        return None

    def _gan(self, previous: str, following: str, cue: bool) -> str | None:
        if previous in GAN1_AFTER and (following in ("了", "透", "啦") or not following or following[0] in CLAUSE_BREAKS):
            return "gan1"  # 衣服干了: "dry"
        if following[:1] in ("这", "那") or following in GAN4_BEFORE or previous in GAN4_AFTER:
            return "gan4"  # 干这行, 干活, 要干: "to do"
        return None

    def _cha(self, previous: str, following: str, cue: bool) -> str | None:
        if previous in DEGREE_ADVERBS or previous in ("只", "还", "就", "才", "总", "可") or following in CHA4_BEFORE:
            return "cha4"  # 只差你一个, 很差, 差不多: "lacking, poor"
        return None

    def _shu(self, previous: str, following: str, cue: bool) -> str | None:
        if following in SHU3_BEFORE or previous in PERSONS or previous in ("了", "一"):
            return "shu3"  # 我数了数, 数一数: "to count"
        return None

    def _yue(self, previous: str, following: str, cue: bool) -> str | None:
        if previous[-1:] == "乐" or following[:1] == "乐" or following[:1] in LE4_BEFORE or previous in DEGREE_ADVERBS:
            return "le4"  # 熊猫乐乐, 乐于助人, 很乐: "happy"
        return None

    def _tiao(self, previous: str, following: str, cue: bool) -> str | None:
        if following in DIAO4_BEFORE or previous == "被" and following in ("到", "至"):
            return "diao4"  # 调走, 被调到北京: "transfer"
        if following in TIAO2_BEFORE:
            return "tiao2"  # 调低, 调高: "adjust"
        return None

    def _jiao(self, previous: str, following: str, cue: bool) -> str | None:
        if previous[-1:] in ("一", "睡", "午", "个", "回", "好"):
            return "jiao4"  # 睡了一觉: "a sleep"
        return None

    def _chu(self, previous: str, following: str, cue: bool) -> str | None:
        if previous in COUNTERS or previous[-1:].isdigit():
            return "chu4"  # 这处房子, 三处: "place"
        if following in CHU3_BEFORE:
            return "chu3"  # 我们处得很好: "get along"
        return None

    def _zhong_hit(self, previous: str, following: str, cue: bool) -> str | None:
        if following in ZHONG4_BEFORE or previous in ZHONG4_AFTER:
            return "zhong4"  # 中了彩票, 打中: "hit, win"
        return KEEP

    def _zhi(self, previous: str, following: str, cue: bool) -> str | None:
        following_tag = self.tag(following)
        if previous in DEMONSTRATIVES and following_tag[:1] == "n" or (
            (previous in COUNTERS or previous[-1:].isdigit()) and following_tag[:1] not in ("v", "d", "p", "c")
        ):
            return "zhi1"  # 这只猫, 两只鸟: the measure word
        return KEEP

    def _di_taxi(self, previous: str, following: str, cue: bool) -> str | None:
        # (it reads 的 otherwise only after 打: _READ_ALONE_UNLESS_AFTER says so to the annotator)
        if previous == "打" and following in ("去", "回", "回家", "到", "走", "过去", "过来", "来", "上班", "回去"):
            return "di1"  # 打的去机场: "take a taxi", which jieba cuts in two
        return KEEP

    def _zhuan(self, previous: str, following: str, cue) -> str | None:
        before_previous, after_following = cue or ("", "")
        at_end = not following or following[0] in CLAUSE_BREAKS
        if following[-1:] == "圈" or following == "着" and previous[-1:] in ("地", "在"):
            return "zhuan4"  # 转三圈, 不停地转着: "go round"
        if following in ZHUAN4_BEFORE or (previous in ZHUAN4_AFTER or before_previous in ZHUAN4_AFTER) and at_end:
            return "zhuan4"  # 风车在转, 转圈, 地球绕着太阳转: "turn round"
        if following == "了" and after_following in ROUNDS:
            return "zhuan4"  # 在公园里转了一圈: "stroll round"
        return None

    def _dang(self, previous: str, following: str, cue) -> str | None:
        before_previous, after_following = cue or ("", "")
        if previous in PRONOUNS | {"别", "不要", "把"} and following in PRONOUNS and after_following in DANG4_THEN:
            return "dang4"  # 我当他是朋友: "take someone for"
        if before_previous == "把" and following not in ("时", "天", "晚", "年", "场", "面", "中"):
            return "dang4"  # 别把我当小孩: 把 X 当 Y, "treat X as Y"
        return KEEP  # everyday 当: the word's own reading; the model is not asked

    def _by_neighbour(self, char: str, previous: str, following: str) -> str | None:
        """The reading of 背 露 削 塞 血 散 that the word after or before marks (NEIGHBOUR_READINGS); else None."""
        before, after, reading = NEIGHBOUR_READINGS[char]
        return reading if following in before or previous in after else None

    def _dan(self, previous: str, following: str, cue: bool) -> str | None:
        if previous in COUNTERS or previous[-1:].isdigit():
            return "dan4"  # 一担水: the measure word "a shoulder-pole load"
        return None

    def _dao(self, previous: str, following: str, cue) -> str | None:
        before_previous, after_following = cue or ("", "")
        if previous[-1:] in FALL_VERBS or following in DAO3_BEFORE:
            return "dao3"  # 摔倒, 倒下, 倒在地上: "fall"
        if following == "了" and (not after_following or after_following[0] in CLAUSE_BREAKS):
            return "dao3"  # 墙倒了。: fell
        if len(following) > 1 and self.tag(following)[:1] == "v" and following not in ("下来", "下去"):
            return "dao4"  # 倒提醒了我, 倒觉得: "on the contrary"
        if following in DAO4_BEFORE or after_following in POURED or following in POURED or following[:1] in NUMERALS:
            return "dao4"  # 倒了一杯茶, 倒进锅里, 倒水: "pour"; 倒是, 倒不如: "on the contrary"
        return None

    def _huo(self, previous: str, following: str, cue) -> str | None:
        before_previous, _, at_the_table = cue or ("", "", False)
        if at_the_table and (following in ("了", "啦", "牌") or not following or following[0] in CLAUSE_BREAKS):
            return "hu2"  # 打牌的时候他又和了: completes a hand
        if (previous[-1:] in ("面", "泥") or before_previous[-1:] in ("面", "泥")) and following in ("好", "得", "一下", "匀", "了"):
            return "huo2"  # 面和好以后: the dough is mixed
        if following in KNEADED and (self.tag(previous)[:1] not in ("n", "r") or previous[-1:] in "里在" or before_previous in ("在", "正在")):
            return "huo2"  # 在厨房里和面: "knead, mix"; 米和面 stays hé
        return None

    def _nei_na(self, previous: str, following: str, cue: bool) -> str | None:
        return KEEP if previous == "姓" else "na4"  # 那家店, 那个人: "that"; 姓那: the surname Nā

    def _shao(self, previous: str, following: str, cue: bool) -> str | None:
        if previous[-1:] in ("年", "老") or following[:1] in SHAO4_BEFORE:
            return "shao4"  # 年少, 少年, 少女: "young"
        return "shao3"  # 越来越少了, 少放点盐: "few, less"

    def _tiao_pick(self, previous: str, following: str, cue: bool) -> str | None:
        return "tiao3" if following[:1] in TIAO3_BEFORE else "tiao1"  # 挑起, 挑衅 tiǎo; 挑水果, 挑去虾线 tiāo

    def _zhan(self, previous: str, following: str, cue: bool) -> str | None:
        return "zhan1" if following in STUCK_TO else None  # 粘锅, 粘在墙上: "stick to"; 粘膜, 粘性 are nián

    def _luo(self, previous: str, following: str, cue) -> str | None:
        if cue and following in ("在", "下", "下了"):
            return "la4"  # 把伞落在教室里: "leave behind"
        return None

    def _kong(self, previous: str, following: str, cue: bool) -> str | None:
        if following in ("着", "了", "出", "出来", "下", "下来") or previous in ("这个", "那个", "个", "有", "没", "没有"):
            return "kong4"  # 位子空着, 空出来, 填这个空, 有空: "vacant, a gap, free time"
        return None

    def _hao(self, previous: str, following: str, cue: bool) -> str | None:
        if following in HABITS and (previous in PERSONS or previous in HABIT_HOLDERS or self.tag(previous)[:1] in ("n", "r")):
            return "hao4"  # 他好喝酒, 她很好面子: "be fond of"
        return KEEP

    def _mo(self, previous: str, following: str, cue) -> str | None:
        before_previous = (cue or ("", ""))[0]
        water = previous[-1:] in WATERS or previous in WATER_THEN and before_previous[-1:] in WATERS
        if water and following in SUBMERGED_TO:
            return "mo4"  # 加水没过排骨: the water covers it
        return KEEP

    def _jia(self, previous: str, following: str, cue: bool) -> str | None:
        if previous[-1:] in LEAVE_KINDS or (previous[:1] in NUMERALS or previous[:1] in "两几半") and (previous[1:] in LEAVE_SPANS or previous[-1:] in LEAVE_SPANS):
            return "jia4"  # 年|假, 请了三天|假: leave
        return KEEP

    def _le(self, previous: str, following: str, cue: bool) -> str | None:
        if previous in LIAO3_AFTER and (not following or following[0] in CLAUSE_BREAKS):
            return "liao3"
        return "le5"


_RULES = {
    "好": PolyphoneReader._hao,
    "没": PolyphoneReader._mo,
    "假": PolyphoneReader._jia,
    "落": PolyphoneReader._luo,
    "空": PolyphoneReader._kong,
    "倒": PolyphoneReader._dao,
    "和": PolyphoneReader._huo,
    "那": PolyphoneReader._nei_na,
    "少": PolyphoneReader._shao,
    "挑": PolyphoneReader._tiao_pick,
    "粘": PolyphoneReader._zhan,
    # alone, these are read their everyday way; their other readings live in words (灾难, 首都, 积累, 酒吧, 咽喉)
    "难": lambda self, previous, following, cue: "nan2",
    "都": lambda self, previous, following, cue: None if following[:1] in CAPITAL_AFTER or previous[-1:] in CAPITAL_BEFORE else "dou1",
    "累": lambda self, previous, following, cue: None if following[:1] in REPEATED_AFTER else "lei4",
    "吧": lambda self, previous, following, cue: "ba1" if previous[-1:] in BAR_BEFORE or following in BAR_AFTER else "ba5",
    "咽": lambda self, previous, following, cue: "yan4" if following in SWALLOWED else None,
    "为": PolyphoneReader._wei,
    "地": PolyphoneReader._di,
    "得": PolyphoneReader._de,
    "着": PolyphoneReader._zhe,
    "长": PolyphoneReader._zhang,
    "还": PolyphoneReader._hai,
    "重": PolyphoneReader._zhong,
    "行": PolyphoneReader._xing,
    "了": PolyphoneReader._le,
    "调": PolyphoneReader._tiao,
    "干": PolyphoneReader._gan,
    "差": PolyphoneReader._cha,
    "乐": PolyphoneReader._yue,
    "数": PolyphoneReader._shu,
    "觉": PolyphoneReader._jiao,
    "教": PolyphoneReader._teach,
    "弄": PolyphoneReader._lane,
    "处": PolyphoneReader._chu,
    "中": PolyphoneReader._zhong_hit,
    "只": PolyphoneReader._zhi,
    "的": PolyphoneReader._di_taxi,
    "转": PolyphoneReader._zhuan,
    "当": PolyphoneReader._dang,
    "担": PolyphoneReader._dan,
    **{char: (lambda self, previous, following, cue, char=char: self._by_neighbour(char, previous, following)) for char in NEIGHBOUR_READINGS},
    **{verb: (lambda self, previous, following, cue, verb=verb: self._verb(verb, previous, following)) for verb in VERB_READINGS},
}


# Everyday characters whose rules read them their own way unless they say otherwise (the model is not asked).
_RULES_NEVER_ASKING = frozenset("好没假")
# What reads_alone_unless_after gives: a word the rules read otherwise only right after these words (with the rules
# on, the model is never asked about it)
_READ_ALONE_UNLESS_AFTER = {"的": frozenset({"打"})}
# The words whose rules look further than the words next to them (PolyphoneReader._cue): the rest (的, 了, 中 …) are
# told apart by their neighbours alone, without a chain of comparisons.
_CUED_WORDS = frozenset({"为", "落", "得", "没", *WIDER_WINDOW, *CLAUSE_WORDS})
_UNSEEN = object()  # a context the rules have not been asked about yet (None is a choice: the model's or the word's)


def _best_candidate(candidates, start: int, places, scores) -> str | None:
    """The candidate the model scores highest at the ``places`` where the candidates differ (see
    PolyphoneReader._comparison); None when it scores none of those places, or two candidates the same.

    A syllable the model does not have in that tone (CC-CEDICT's 卜 bo2 where g2pM has bo5) takes the score of the
    same letters in another tone; one it does not have at all cannot win there."""
    totals = None
    for k, syllables in places:
        found = scores.get(start + k)
        if not found:
            continue  # a character the model reads one way only, or not at all
        row = list(map(found.get, syllables))
        if None in row:
            row = [_score_of_letters(found, syllable) if score is None else score for score, syllable in zip(row, syllables)]
        totals = row if totals is None else [total + score for total, score in zip(totals, row)]
    if totals is None:
        return None
    best = max(totals)
    return candidates[totals.index(best)] if best > _UNSCORED and totals.count(best) == 1 else None


def _score_of_letters(found: dict[str, float], syllable: str) -> float:
    """The best score among ``syllable``'s letters in any tone, -inf when the model has none of them."""
    letters = syllable[:-1]
    return max((score for reading, score in found.items() if reading[:-1] == letters), default=_UNSCORED)


_UNSCORED = float("-inf")  # the score of a syllable the model does not have: it never wins


def _clause_has_frame(words: Sequence[str], index: int, reach: int = 12) -> bool:
    """Whether a word opening a 以…为… / 视…为… frame comes before ``words[index]`` in the same clause."""
    for back in range(index - 2, max(-1, index - reach), -1):
        word = words[back]
        if word and word[-1] in CLAUSE_BREAKS and word[-1] != "、":
            return False
        if word in WEI2_FRAMES or (word[-1:] == "以" and word not in NOT_FRAMES):
            return True  # jieba glues 以 to the word before it at times (构建起以…为导向 gives 起以)
    return False


def _clause_has(words: Sequence[str], index: int, wanted: str, reach: int = 8) -> bool:
    """Whether ``wanted`` comes before ``words[index]`` in its clause (把 before 落: 把伞落在教室里)."""
    for back in range(index - 1, max(-1, index - reach), -1):
        word = words[back]
        if word and word[-1] in CLAUSE_BREAKS:
            return False
        if word == wanted:
            return True
    return False


def _clause_words(words: Sequence[str], index: int, reach: int = 10) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words before and after ``words[index]`` in its clause (up to ``reach`` each way)."""
    start = index
    while start > max(0, index - reach) and not (words[start - 1] and words[start - 1][-1] in CLAUSE_BREAKS):
        start -= 1
    end = index + 1
    while end < min(len(words), index + 1 + reach) and not (words[end] and words[end][-1] in CLAUSE_BREAKS):
        end += 1
    return tuple(words[start:index]), tuple(words[index + 1 : end])


def _sentence_mentions(words: Sequence[str], index: int, wanted: tuple[str, ...], reach: int = 15) -> bool:
    """Whether a word near ``words[index]`` in its sentence holds one of ``wanted`` (牌 in 打牌 before 和了)."""
    for back in range(index - 1, max(-1, index - reach), -1):
        word = words[back]
        if word and word[-1] in "。！？!?\n":
            return False
        if any(piece in word for piece in wanted):
            return True
    return False


def _service_ahead(words: Sequence[str], index: int, reach: int = 8) -> bool:
    """Whether a verb of doing something for someone (提供, 服务, 生产 …) follows ``words[index]`` in its clause."""
    for ahead in range(index + 2, min(len(words), index + reach)):
        word = words[ahead]
        if word and word[-1] in CLAUSE_BREAKS and word[-1] != "、":
            return False
        if word in SERVICE_VERBS:
            return True
    return False


class WordTags:
    """jieba's part-of-speech tag of each of its 350,000 words, looked up by a 64-bit digest of the word.

    As a dict this was 80 MiB of small strings (and was loaded twice: by the rules and by the name pass); as a sorted
    array of digests with a byte of tag each it is 3 MiB, and a lookup costs ~1 µs (a digest and a bisect in C). Two
    words share a digest with a chance of about 1 in 10^8 over the whole dictionary; a word outside it matches one
    of them with about 1 in 10^13.
    """

    def __init__(self, digests: bytes, codes: bytes, names: list[str]):
        self._digests = array("Q")
        self._digests.frombytes(digests)
        self._codes = codes
        self._names = names

    @staticmethod
    def digest(word: str) -> int:
        """A digest of ``word`` that is the same in every process (Python's own hash is not)."""
        return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")

    @classmethod
    def build(cls, tags: dict[str, str]) -> "WordTags":
        """The compact form of ``tags`` (word -> tag)."""
        names = sorted(set(tags.values()))
        code = {name: number for number, name in enumerate(names)}
        pairs = sorted((cls.digest(word), code[tag]) for word, tag in tags.items())
        return cls(array("Q", (d for d, _ in pairs)).tobytes(), bytes(c for _, c in pairs), names)

    def to_data(self) -> tuple:
        """The marshal-able form."""
        return (self._digests.tobytes(), self._codes, self._names)

    def get(self, word: str, default: str = "") -> str:
        """The tag of ``word``, or ``default`` when jieba's dictionary does not have it."""
        digest = self.digest(word)
        position = bisect_left(self._digests, digest)
        if position < len(self._digests) and self._digests[position] == digest:
            return self._names[self._codes[position]]
        return default


_loaded_tags: tuple[WordTags, list[str], list[str]] | None = None
# A place name jieba counts fewer times than this, ending in 都, is more often a noun and the adverb "all" (花都开了).
RARE_PLACE_COUNT = 100


def _load_tags() -> tuple[WordTags, list[str], list[str]]:
    """jieba's dictionary tags, its everyday characters and its rare place names ending in 都: cached on disk as one
    marshal blob, loaded once a process."""
    global _loaded_tags
    if _loaded_tags is None:
        _loaded_tags = _read_tags()
    return _loaded_tags


def _read_tags() -> tuple[WordTags, list[str], list[str]]:
    from reader.core.cache_files import cached, package_cache

    def build() -> tuple[tuple, list[str], list[str]]:
        import jieba

        tags: dict[str, str] = {}
        common: list[str] = []
        places: list[str] = []
        with jieba.get_dict_file() as handle:
            for raw in handle:
                parts = raw.decode("utf-8").split()
                if len(parts) == 3:
                    tags[parts[0]] = parts[2]
                    if len(parts[0]) == 1 and int(parts[1]) >= COMMON_CHARACTER_COUNT:
                        common.append(parts[0])
                    if len(parts[0]) == 2 and parts[0][1] == "都" and parts[2] == "ns" and int(parts[1]) < RARE_PLACE_COUNT:
                        places.append(parts[0])
        return WordTags.build(tags).to_data(), common, places

    def valid(value) -> bool:
        if not (isinstance(value, tuple) and len(value) == 3 and isinstance(value[1], list) and isinstance(value[2], list)):
            return False
        data = value[0]  # WordTags.to_data(): the digests (8 bytes each), a tag code each, the tags' names
        return (isinstance(data, tuple) and len(data) == 3 and isinstance(data[0], bytes) and isinstance(data[1], bytes)
                and len(data[0]) == 8 * len(data[1]) and isinstance(data[2], list))

    # named by jieba's dictionary file, found without importing jieba: the module costs 21 MiB (it imports
    # pkg_resources), and a start with warm caches only ever asks for this
    name = f"jieba-tags-{_TAG_CACHE_FORMAT}-{COMMON_CHARACTER_COUNT}-{RARE_PLACE_COUNT}"
    data, common, places = cached(package_cache(name, "jieba", ("dict.txt",)), build, valid)
    return WordTags(*data), common, places


# jieba's tags for verbs, adverbs, prepositions, conjunctions, particles, pronouns, measure words, localisers, numerals
# and time and place words: a word tagged so does not close a person's name (林晓|站, 陈默|正要).
_FUNCTION_TAGS = frozenset("v vd vn vg d dg p c u uj ul uz ud ug uv r rr rz q f y e o m t s".split())


def function_word(word: str) -> bool:
    """Whether jieba's dictionary tags ``word`` as a verb, adverb, particle or other word that never ends a name."""
    return _load_tags()[0].get(word, "") in _FUNCTION_TAGS


def word_tag(word: str) -> str:
    """jieba's dictionary tag of ``word``, "" when it is not one of its words."""
    return _load_tags()[0].get(word, "")


def rare_places_ending_in_dou() -> frozenset[str]:
    """Place names jieba rarely sees whose 都 is far more often the adverb "all" after a noun (花都, 商都)."""
    return frozenset(_load_tags()[2])


def default_context_reader():
    """The context reader the app uses."""
    return PolyphoneReader()


# -- tone sandhi for display -----------------------------------------------------------------------------------------

_NUMERALS = frozenset("零〇一二三四五六七八九十两")


def sandhi_syllables(tokens) -> list[list[str]]:
    """Each token's numbered syllables with the sandhi of 一 and 不 spoken in context (不是 bú shì, 一起 yì qǐ).

    For display only: ``Token.numbered`` keeps the dictionary tones. 不 before a fourth tone is bú; 一 is yí before a
    fourth tone and yì before the others, but stays yī when counted (第一, 十一, 一九八四) or at the end of a
    phrase (统一。); both are neutral between a repeated verb (看一看, 是不是).
    """
    chars: list[str] = []
    syllables: list[str] = []
    owner: list[tuple[int, int]] = []
    result: list[list[str]] = []
    for number, token in enumerate(tokens):
        own = token.numbered.split()
        result.append(own)
        if len(own) != len(token.text):
            chars.append("")  # a token whose syllables do not line up with its characters (Latin, digits, 3D打印)
            syllables.append("")
            owner.append((-1, -1))
            continue
        for k, (char, syllable) in enumerate(zip(token.text, own)):
            chars.append(char)
            syllables.append(syllable)
            owner.append((number, k))
    for i, char in enumerate(chars):
        if char not in ("一", "不") or syllables[i].lower() not in ("yi1", "bu4"):
            continue
        before = chars[i - 1] if i else ""
        after = chars[i + 1] if i + 1 < len(chars) else ""
        following = syllables[i + 1] if i + 1 < len(chars) else ""
        if after == "个" and following.endswith("5"):
            following = "ge4"  # 一个 yí ge: the measure word is gè before it loses its tone
        if before and before == after and before not in _NUMERALS:
            changed = char == "一" and "yi5" or "bu5"
        elif not following or following[-1:] not in "1234":
            continue  # end of a phrase, or before a neutral tone whose underlying tone is unknown
        elif char == "不":
            changed = "bu2" if following.endswith("4") else None
        elif before in _NUMERALS or before == "第" or after in _NUMERALS - {"十"}:
            changed = None
        else:
            changed = "yi2" if following.endswith("4") else "yi4"
        if changed:
            number, k = owner[i]
            result[number] = list(result[number])
            result[number][k] = changed
    return result


def display_pinyin(tokens, sandhi: bool = False) -> list[str]:
    """Each token's tone-marked pinyin for display; with ``sandhi``, 一 and 不 as spoken (see :func:`sandhi_syllables`)."""
    from reader.core.pinyin import numbered_to_marked

    if not sandhi:
        return [token.pinyin for token in tokens]
    return [numbered_to_marked(" ".join(syllables)) for syllables in sandhi_syllables(tokens)]
