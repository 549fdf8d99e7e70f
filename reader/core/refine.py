"""A pass over any cut's words that puts back what a reader expects: names whole, dates and numbers whole.

It runs on the words a cut engine gives (jieba's, or another under the Segmenter) and only merges neighbours or
splits a word at a character, so the words still cover the text exactly:

- a person's name (surname, two-character surnames included, plus one or two given characters) becomes one word,
  and never takes the word after it (林|晓|站 → 林晓|站, 林|小雨 → 林小雨, 陈|默|正要 → 陈默|正要);
- a number is one word (3|.|5|% → 3.5%, 12|:|30 → 12:30, 五十|五 → 五十五, 第|十四 → 第十四), and a date or time
  takes its unit (2|月 → 2月, 15|日电 → 15日|电, 二○○一|年 → 二○○一年); a measure word stays its own word (3|个).
"""

from __future__ import annotations

import re
from contextlib import suppress
from itertools import compress, count
from operator import methodcaller

# Common surnames that are not also everyday function words (于 和 向 何 那 时 常 任 … are left out: 向东走, 任武钢
# 副总经理 hold no name).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦傅方白萧康赖邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤温康施文牛樊"
    "葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂苗谷盛翁冉骆蓝游辛"
    "靳管柴蒙鲍喻祁蒲滕屈饶牟艾尤穆卓吉缪简项芦麦褚娄窦戚岑景宫费卜冷晏卫米柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁"
    "巫寇桑郎甄丛仲虞敖巩佘池麻苑迟邝鞠荆冀郁胥储栗燕楚鄢谌奚粟冼蔺闻厉仝郜阚帅屠朴禹漆卿狄晋扈晁芮阙雍辜"
    "羊裘亓邰赫杭宿逯茹诸慕嵇湛戎茅"
)
# Surnames that are also everyday words (任何, 常常, 何必): a name only where the words around say so (see _opens_name).
AMBIGUOUS_SURNAMES = frozenset("何任常")
# Verbs of speech and motion that the dictionary glues to a given name's character (明说, 华说): 康明|说.
SPEECH_AND_MOTION = frozenset("说讲问答喊叫道笑哭走跑来去站坐看想听回")
ROLE_ENDINGS = frozenset("长员师生友学")  # 班长任婷婷, 同学何丽: a role, then the name
CLAUSE_MARKS = frozenset("，。！？；：、,.!?;:“”\"「」『』（）()\n ")
# Two-character surnames (东方 is left out: it is far more often "the East").
COMPOUND_SURNAMES = frozenset("欧阳 司马 诸葛 上官 皇甫 尉迟 公孙 慕容 令狐 司徒 夏侯 长孙 宇文 轩辕 端木 独孤 南宫 西门 呼延 "
                              "澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 钟离 闾丘 东郭 赫连 拓跋".split())
# Characters common in given names. A character after a surname joins the name only if it is one of these, so a
# verb or adverb after a one-character given name (站, 正, 说, 笑) stays outside it.
GIVEN_CHARACTERS = frozenset(
    "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉萍红娥玲芬燕彬斌鹏辉宇浩凯健俊帆帅旭宁龙林欣晨晓雪琳颖"
    "婷倩蕾薇梅莉兰凤洁琴云莲真环雯慧巧美淑惠珠翠雅芝月莺媛艺咏卿聪澜纯毓悦昭冰爽琬茗羽希婉娴瑾露瑶怡婵雁蓓"
    "仪荷丹蓉眉君蕊菁梦岚苑婕馨瑗琰韵融园飘育滢馥筠柔竹霭凝欢霄枫芸菲寒伊亚宜姬舒影荔思彩春菊素荣爱霞香瑞"
    "凡佳嘉琼勤珍贞娣璧璐娅琦晶妍茜秋珊莎锦黛青姣昌进坚彪博诚敬震振壮群豪邦承绍功松善厚庆民友裕哲江亮政谦"
    "亨奇翰朗伯宏鸣朋梁栋维启克伦翔泽辰建致树炎德泰盛雄琛钧冠策腾毅峰保东文永世广志义兴良海山仁波贵福龙"
    "元胜学祥康星光达安岩茂武利清飞富顺信宇雨乐默然轩睿梓涵诺语琪阳佳晴璇瑜婧蓝铭楠昊皓煜琦瑞萱妮菲钰晗灵丽"
    "娇倩薇筱韬杉柏桐楷栩逸哲骏锋锐鑫淼森焱垚磊晶犇宸霖沐熙瀚渊洪涌泉滨浦沛淮澄湘浩鸿鹤燕鹰凤麟雯霏"
    "烨淇飙坤莘纪季兆彦磐甫碧详歌池仲贵忠占录群雷酩野越远方"
)
# These open a two-character given name but are never a whole one nor close one: everyday words on their own
# (林小雨, 王大海, 夏正春, 唐晓国 …; 陈默|正要 keeps 正 out, 林晓小 is no name).
FIRST_GIVEN_ONLY = frozenset("小大正成向立全新作国来如自前")
# Words that follow a surname without being a given name (王小姐, 李大爷, 张大夫).
NOT_GIVEN_NAMES = frozenset(
    "小姐 小伙 小孩 小子 小弟 小妹 大爷 大妈 大娘 大叔 大哥 大姐 大嫂 大夫 大师 大人 大家 大使 大王 大侠 大将 老师 先生 "
    "女士 太太 夫人 同学 师傅 医生 阿姨 叔叔 伯伯 奶奶 爷爷 总 经理 主任 书记 部长 局长 市长 校长 院长 教授 博士".split()
)
_ANY_SURNAME = SURNAMES | COMPOUND_SURNAMES | AMBIGUOUS_SURNAMES
# Words after which a place name is a place (在花都工作, 去花都).
PLACE_PREPOSITIONS = frozenset("在 到 去 来 从 往 住 回 离 于 自 经 过 游 逛 赴 抵达 来到 回到 位于 住在 生活在 出生在 前往 离开 路过".split())
# Words that are common enough on their own that a surname before them is more likely something else (高明, 方向).
_NUMERAL_CHARS = "零〇○一二三四五六七八九十百千万亿两"
_DIGITS = "0123456789０１２３４５６７８９"
_CHINESE_NUMBER = re.compile(f"^[{_NUMERAL_CHARS}]+$")
_NUMERAL_PREFIX = re.compile(f"[{_NUMERAL_CHARS}]+")
_ARABIC_NUMBER = re.compile(f"^[{_DIGITS}]+$")
_NUMBER_JOINERS = frozenset(".．:：,，")  # 3.5, 12:30, 1,000 (a comma only before three digits)
_PERCENT = frozenset("%％‰")
# A word needs a second look only if it starts like a number or comes after one (or after 第, 百分之).
_NUMBER_STARTS = frozenset(_DIGITS + _NUMERAL_CHARS) | _NUMBER_JOINERS | _PERCENT
_NUMBER_ENDS = frozenset(_DIGITS + _NUMERAL_CHARS + "第之") | _NUMBER_JOINERS
# The first characters of a number (.5 is one), 第 and 百分之: only after a word that opens so and ends like a number
# (a word after a joiner, as in 3|.|5, is reached from the number before the joiner)
_MAY_OPEN_NUMBER = frozenset(_DIGITS + _NUMERAL_CHARS + "第.．")
# Units that make a number a date or a time (2月, 15日, 3点); 年 only after a year (2001年, not 10年 "ten years").
DATE_UNITS = frozenset("月日号点时分秒")
# What the dictionary glues to 日 or 号 after a date, read apart (新华社北京2月15日电 is not 日电 "NEC").
AFTER_DATELINE = frozenset("电 讯 起 晚 夜 晨 至 止 前 后 凌晨 上午 下午 中午 晚上 早上 早晨 傍晚 深夜 零时 午".split())
# A word that opens like a number and ends like one (3, 五十, 第, 3.), in the words joined with NULs between and around
# them (every character of _MAY_OPEN_NUMBER is one of _NUMBER_ENDS too, so a one-character word is one)
_NUMBER_EDGES_AT = re.compile(
    "\x00[" + re.escape("".join(sorted(_MAY_OPEN_NUMBER))) + "](?:[^\x00]*[" + re.escape("".join(sorted(_NUMBER_ENDS))) + "])?(?=\x00)"
).finditer
_match_start = methodcaller("start")
_YEAR = re.compile(f"^(?:[{_DIGITS}]{{4}}|[{_DIGITS}]{{2}}|[零〇○一二三四五六七八九]{{4}})$")


def is_number(word: str) -> bool:
    """Whether ``word`` is a number written with digits or Chinese numerals (3, 3.5, 五十五, 二○○一)."""
    return bool(word) and (_ARABIC_NUMBER.match(word.replace(".", "").replace("．", "")) is not None or _CHINESE_NUMBER.match(word) is not None)


def person_name(word: str, ambiguous: bool = False) -> tuple[str, str] | None:
    """(surname, given name) when ``word`` has the shape of a person's name this pass makes, else None; with
    ``ambiguous`` the surnames that are also everyday words (何 任 常) count too."""
    for size in (2, 1):
        surname, given = word[:size], word[size:]
        surnames = COMPOUND_SURNAMES if size == 2 else SURNAMES | AMBIGUOUS_SURNAMES if ambiguous else SURNAMES
        if surname in surnames and 1 <= len(given) <= 2:
            if (
                all(char in GIVEN_CHARACTERS or char in FIRST_GIVEN_ONLY for char in given[:-1])
                and given[-1] in GIVEN_CHARACTERS
                and given not in NOT_GIVEN_NAMES
            ):
                return surname, given
    return None


def name_split(word: str, is_name=person_name) -> list[str]:
    """``word`` cut the way the PKU corpus cuts names (江 泽民), for scoring against it; other words whole."""
    parts = is_name(word)
    return list(parts) if parts else [word]


class Refiner:
    """Names, dates and numbers put back together over a cut's words; ``is_function_word`` says which words are
    verbs, adverbs, particles and the like (they never end a name), ``word_tag`` gives a word's part of speech in
    jieba's dictionary ("" when it is none of its words) and ``rare_dou_places`` the place names whose 都 is more
    often the adverb (花都)."""

    def __init__(self, is_function_word, word_tag=None, rare_dou_places=frozenset()):
        self.is_function_word = is_function_word
        self.word_tag = word_tag or (lambda word: "")
        self._loose = frozenset(rare_dou_places) | {"子"}  # the words _loose_endings may give something back from

    def refine(self, words: list[str]) -> list[str]:
        """The words with names, dates and numbers merged; joined, they give back the same text."""
        return self._names(self._numbers(self._loose_endings(self._verb_particles(words))))

    def _loose_endings(self, words: list[str]) -> list[str]:
        """A word that swallowed what belongs to its neighbour, given back: 鱼肚|子 → 鱼|肚子 (the fish's belly, not
        "fish maw" and a lone 子), and a rare place name before a verb or adjective: 花都|开 → 花|都|开 ("the flowers
        have all opened", not the district Huadu)."""
        # which of them the words hold: one C-level pass (a set lookup a word); then where, by list.index
        spots = sorted(index for word in self._loose.intersection(words) for index in _positions(words, word))
        if not spots:
            return words  # most texts: nothing to give back
        result = list(words)
        for index in reversed(spots):  # from the end, so the places before stay where they were
            word = words[index]
            following = words[index + 1] if index + 1 < len(words) else ""
            previous = words[index - 1] if index else ""
            if word == "子":
                if index and self._noun_then_zi_noun(previous):
                    result[index - 1 : index + 1] = [previous[:-1], previous[-1] + "子"]
            elif (
                following
                and previous not in PLACE_PREPOSITIONS
                and (self.is_function_word(following) or self.word_tag(following)[:1] == "a")
            ):
                result[index : index + 1] = [word[0], word[1]]
        return result

    @staticmethod
    def _verb_particles(words: list[str]) -> list[str]:
        """穿着 before what is worn is the verb 穿 and the particle 着 (chuān zhe), not the noun 穿着 "attire" (chuān zhuó)
        that the dictionary has."""
        total = len(words)
        spots = [index for index in _positions(words, "穿着") if index + 1 < total and words[index + 1][:1] not in "，。！？；、,.!?;"]
        if not spots:
            return words
        result: list[str] = []
        position = 0
        for index in spots:
            result += words[position:index]
            result += ("穿", "着")
            position = index + 1
        result += words[position:]
        return result

    def _noun_then_zi_noun(self, word: str) -> bool:
        """Whether ``word`` is a noun made of a noun and the start of a 子 noun (鱼|肚 + 子: 鱼 and 肚子), so a 子 after
        it belongs to the second (三个|子 and 第二|子 stay: they are numbers)."""
        tag = self.word_tag
        return len(word) >= 2 and tag(word) == "n" and tag(word[:-1]) == "n" and tag(word[-1] + "子") == "n"

    # -- numbers and dates ---------------------------------------------------------------------------------------

    def _numbers(self, words: list[str]) -> list[str]:
        # A word can change only after a number, 第 or 百分之 (or a joiner after a number: 3|.|5): one regex pass
        # over the words' first characters finds those that may open one (~10,000 of the CPP text's 200,000), and
        # of those the ones that end like one are looked at; the words between pass through untouched.
        starts, ends = _NUMBER_STARTS, _NUMBER_ENDS
        spots = _after_number_edges(words)
        if not spots:
            return words
        result: list[str] = []
        pending: list[str] = []
        position = 0
        total = len(words)
        for spot in spots:
            if spot < position:
                continue  # already taken in by the spot before
            result += words[position:spot]
            index = spot
            while True:
                if pending:
                    word = pending.pop()
                elif index < total:
                    word = words[index]
                    if word[0] not in starts and (result[-1][-1] if result else "") not in ends:
                        break  # quiet again: the words up to the next spot pass through
                    index += 1
                else:
                    break
                self._number_step(word, result, pending)
            position = index
        result += words[position:]
        return result

    def _number_step(self, word: str, result: list[str], pending: list[str]) -> None:
        """``word`` added to ``result``, merged with the number before it where it belongs to it; a part still to
        look at goes to ``pending``."""
        starts, ends = _NUMBER_STARTS, _NUMBER_ENDS
        previous = result[-1] if result else ""
        if word[0] not in starts and previous[-1:] not in ends:
            result.append(word)  # neither after a number nor one
            return
        if _CHINESE_NUMBER.match(previous) and not is_number(word):
            prefix = _NUMERAL_PREFIX.match(word)
            if prefix and word[prefix.end() : prefix.end() + 1] in ("年", "月", "日", "号"):
                result[-1] = previous + prefix.group()  # 二○○|一年 → 二○○一|年 (and then 二○○一年)
                pending.append(word[prefix.end() :])
                return
        if previous and is_number(previous):
            if self._dated(previous, word):
                result[-1] = previous + word[0]
                if len(word) > 1:
                    result.append(word[1:])  # 15|日电 → 15日|电: the date takes its unit, the rest stays a word
                return
            if word in _PERCENT or _both_chinese(previous, word):
                result[-1] = previous + word
                return
            if word[:1] in "万亿" and _ARABIC_NUMBER.match(previous) and len(word) > 1:
                result[-1] = previous + word[0]  # 120|万吨 → 120万|吨
                result.append(word[1:])
                return
            if word in "万亿" and word:
                result[-1] = previous + word
                return
        if word in _NUMBER_JOINERS and previous and _ARABIC_NUMBER.match(previous[-1]):
            result.append(word)  # kept apart until a digit follows (3 . 5), else it is punctuation
            return
        if (
            len(result) >= 2
            and result[-1] in _NUMBER_JOINERS
            and _ARABIC_NUMBER.match(word)
            and is_number(result[-2])
            and (result[-1] not in ",，" or len(word) == 3)
        ):
            joiner = result.pop()
            result[-1] += joiner + word
            return
        if previous in ("第", "百分之") and is_number(word):
            result[-1] = previous + word
            return
        result.append(word)

    @staticmethod
    def _dated(number: str, word: str) -> bool:
        """Whether ``word`` opens with the unit that makes ``number`` a date or a time (2|月, 15|日电, 2001|年)."""
        unit = word[:1]
        if len(word) > 1 and (unit not in "日号" or word[1:] not in AFTER_DATELINE):
            return False  # 五|分钟, 3|点钟 …: a word of its own that only starts with the unit
        if _ARABIC_NUMBER.match(number):
            return unit in DATE_UNITS or unit == "年" and _YEAR.match(number) is not None
        return unit in "月日号" or unit == "年" and _YEAR.match(number) is not None

    # -- person names --------------------------------------------------------------------------------------------

    def _names(self, words: list[str]) -> list[str]:
        # Only a surname can open a name: one C-level pass finds them and the words between pass through untouched.
        spots = list(compress(count(), map(_ANY_SURNAME.__contains__, words)))
        if not spots:
            return words
        result: list[str] = []
        position = 0
        total = len(words)
        for index in spots:
            if index < position:
                continue  # inside the name before
            result += words[position:index]
            word = words[index]
            if word in SURNAMES or word in COMPOUND_SURNAMES:
                size = self._name_at(words, index)
            else:  # 何 任 常
                size = self._name_at(words, index) if self._opens_name(words, index) else 0
            following = words[index + 1] if index + 1 < total else ""
            if not size and word in SURNAMES and self._name_glued_to_verb(word, following):
                result += [word + following[0], following[1]]  # 康|明说 → 康明|说
                position = index + 2
            elif size:
                result.append("".join(words[index : index + size]))
                position = index + size
            else:
                result.append(word)
                position = index + 1
        result += words[position:]
        return result

    def _name_at(self, words: list[str], index: int) -> int:
        """How many words from ``index`` make a person's name (surname first), 0 when they make none."""
        surname = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        if len(following) == 2:
            # 林|小雨: a two-character given name the dictionary also knows as a word, unless it is an everyday one
            return 2 if person_name(surname + following, ambiguous=True) and not self.is_function_word(following) else 0
        if len(following) != 1 or following not in GIVEN_CHARACTERS and following not in FIRST_GIVEN_ONLY:
            return 0
        if self._second_given(words, index + 2):
            return 3  # 张|晓|梅, 王|小|明
        return 0 if following in FIRST_GIVEN_ONLY else 2  # 林|晓 (站 …)

    def _opens_name(self, words: list[str], index: int) -> bool:
        """Whether 何 任 常 at ``index`` start a name: at the head of a clause or after a verb or preposition, the given
        name cut apart from the words around it, and a verb, adverb or particle after it (何静|把, 任静|的, 常明|说话);
        任何, 常常, 何必 are words of their own and never come here."""
        previous = words[index - 1] if index else ""
        if previous and previous[-1] not in CLAUSE_MARKS and not self.is_function_word(previous) and previous[-1] not in ROLE_ENDINGS:
            return False
        size = self._name_at(words, index)
        after = words[index + size] if size and index + size < len(words) else ""
        return bool(after) and (self.is_function_word(after) or after[0] in CLAUSE_MARKS)

    def _name_glued_to_verb(self, word: str, following: str) -> bool:
        """Whether ``word`` is a surname and ``following`` a word the dictionary made of a given name's character and a
        verb of speech or motion (康|明说 is 康明 said)."""
        return (
            len(following) == 2
            and (word in SURNAMES or word in COMPOUND_SURNAMES)
            and following[0] in GIVEN_CHARACTERS
            and following[0] not in FIRST_GIVEN_ONLY
            and following[1] in SPEECH_AND_MOTION
            and self.is_function_word(following)
        )

    def _second_given(self, words: list[str], index: int) -> bool:
        """Whether ``words[index]`` can close a two-character given name (a name character, and not a verb or
        adverb, nor the first character of a word of its own: 林晓|站, 王芳|和)."""
        word = words[index] if index < len(words) else ""
        return len(word) == 1 and word in GIVEN_CHARACTERS and word not in FIRST_GIVEN_ONLY and not self.is_function_word(word)


def _after_number_edges(words: list[str]) -> list[int]:
    """The index after each word that opens like a number and ends like one, rising: where a number may go on."""
    # one regular expression over the words joined with NULs (~1 ms a 40,000-word piece, where a string of their first
    # characters cost ~3.5: a new string a word); the word of a match is the number of NULs before it
    joined = "\x00" + "\x00".join(words) + "\x00"
    if joined.count("\x00") != len(words) + 1:  # a word holding a NUL itself (a broken file): one word at a time
        return [index + 1 for index, word in enumerate(words) if word[0] in _MAY_OPEN_NUMBER and word[-1] in _NUMBER_ENDS]
    spots = []
    index = 0
    counted = 0
    for start in map(_match_start, _NUMBER_EDGES_AT(joined)):
        index += joined.count("\x00", counted, start)
        counted = start
        spots.append(index + 1)
    return spots


def _positions(words: list[str], word: str):
    """Where ``word`` is in ``words``, rising: list.index compares at C speed, where a map over the words calls a
    function a word (~0.3 against ~2 ms for a 40,000-word piece)."""
    index = -1
    with suppress(ValueError):
        while True:
            index = words.index(word, index + 1)
            yield index


def _both_chinese(a: str, b: str) -> bool:
    """Whether two numbers are both written in Chinese numerals (五十|五; digits already come as one run)."""
    return _CHINESE_NUMBER.match(a) is not None and _CHINESE_NUMBER.match(b) is not None
