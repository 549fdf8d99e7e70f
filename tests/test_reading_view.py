"""The reading view driven as a reader would: hover, click, keys, pinyin above words, selection, find."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QGuiApplication, QImage, QPainter

from reader.core.models import Status
from reader.ui.layout import NO_LINE_END, NO_LINE_START
from reader.ui.reading_view import Block, ReadingView

SENTENCE = "我们去银行取钱，然后在公园里行走。"


@pytest.fixture
def make_view(qtbot, annotator):
    """A shown view on the given paragraphs (segmented unless told otherwise)."""

    def make(*texts, kinds=None, width=800, height=600, segmented=True, ruby="off"):
        view = ReadingView()
        qtbot.addWidget(view)
        view.resize(width, height)
        view.set_ruby_mode(ruby)
        view.show()
        qtbot.waitExposed(view)
        blocks = [Block((kinds or {}).get(i, "paragraph"), text) for i, text in enumerate(texts)]
        view.set_blocks(blocks)
        if segmented:
            for index, block in enumerate(blocks):
                view.set_block_tokens(index, annotator.annotate(block.text))
        view.viewport().repaint()
        return view

    return make


def token(view, word, block=None, nth=0):
    """The ``nth`` token reading ``word`` (in block ``block`` if given)."""
    found = [
        t
        for i, b in enumerate(view.blocks())
        if block is None or i == block
        for t in (b.tokens or [])
        if t.text == word
    ]
    return found[nth]


def hover(qtbot, view, tok):
    rect = view.token_rect(tok)
    assert not rect.isEmpty()
    # from a corner first: a pointer an earlier test left on the same spot would send no move event at all
    qtbot.mouseMove(view.viewport(), QPoint(1, 1))
    qtbot.mouseMove(view.viewport(), rect.center())
    return rect


# -- hover --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word, card",
    [
        ("银行", "银行 銀行\nyín háng\n1. bank\n2. classifier: 家 jiā, 个 gè"),
        ("行走", "行走\nxíng zǒu\nto walk"),
        ("公园", "公园 公園\ngōng yuán\n1. park (for public recreation)\n2. classifier: 座 zuò"),
        ("然后", "然后 然後\nrán hòu\nthen; after that; afterwards"),
    ],
)
def test_hovering_a_word_shows_its_card(qtbot, make_view, word, card):
    view = make_view(SENTENCE)
    hovered = []
    view.word_hovered.connect(hovered.append)
    hover(qtbot, view, token(view, word))
    assert view.popup_visible()
    assert view.popup.plain_text() == card
    assert hovered and hovered[-1] is token(view, word)


def test_the_card_shows_the_reading_in_context_with_tone_colours(qtbot, make_view):
    view = make_view("他在银行工作，我们一起行走。")
    hover(qtbot, view, token(view, "银行"))
    assert view.popup.pinyin_colors() == [("yín", "#02b31c"), ("háng", "#02b31c")]
    view.set_tone_colors(True, "mdbg")
    hover(qtbot, view, token(view, "工作"))
    assert view.popup.pinyin_colors() == [("gōng", "#ff0000"), ("zuò", "#0000ff")]


def test_the_card_stays_inside_the_window_near_the_word(qtbot, make_view):
    view = make_view(SENTENCE, width=500, height=300)
    rect = hover(qtbot, view, token(view, "行走"))
    card = view.popup.geometry()
    assert view.window().rect().contains(card)
    assert abs(card.top() - rect.bottom()) < 20 or abs(card.bottom() - rect.top()) < 20


def test_moving_off_the_word_hides_the_card(qtbot, make_view):
    view = make_view(SENTENCE, height=400)
    hovered = []
    view.word_hovered.connect(hovered.append)
    hover(qtbot, view, token(view, "银行"))
    qtbot.mouseMove(view.viewport(), QPoint(5, 390))  # the margin below the text
    assert not view.popup_visible()
    assert hovered[-1] is None


def test_punctuation_and_spaces_are_not_words(qtbot, make_view):
    view = make_view(SENTENCE)
    comma = token(view, "，")
    hover(qtbot, view, comma)
    assert not view.popup_visible()
    assert view.hit_test(view.token_rect(comma).center()) is None


# -- click and keys -----------------------------------------------------------------------------


def test_clicking_a_word_activates_that_token(qtbot, make_view):
    view = make_view(SENTENCE, "银行的行长在银行里。")
    second = token(view, "银行", block=1, nth=1)
    with qtbot.waitSignal(view.word_activated) as signal:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.token_rect(second).center())
    assert signal.args[0] is second
    assert view.current_token() is second


def test_arrow_keys_walk_the_words_across_blocks_and_lines(qtbot, make_view):
    view = make_view("我喜欢看书。", "他们在学校学习。")
    visited = []
    view.word_hovered.connect(lambda t: visited.append(t.text if t else None))
    view.setFocus()
    keys = [Qt.Key.Key_Right] * 4 + [Qt.Key.Key_Left] * 2 + [Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Up]
    for key in keys:
        qtbot.keyClick(view, key)
    assert visited == ["我", "喜欢", "看书", "他们", "看书", "喜欢", "在", "学校", "看书"]
    assert view.popup.token is view.current_token()
    with qtbot.waitSignal(view.word_activated) as signal:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert signal.args[0].text == "看书"


def test_the_view_follows_the_word_cursor_down_a_long_text(qtbot, make_view):
    view = make_view(*["第{}段：我们今天学习中文，明天继续学习。".format(i) for i in range(40)], height=300)
    view.setFocus()
    positions = []
    view.position_changed.connect(positions.append)
    for _ in range(30):
        qtbot.keyClick(view, Qt.Key.Key_Down)
    rect = view.token_rect(view.current_token())
    assert view.viewport().rect().contains(rect)
    assert view.first_visible_block() > 10 and positions[-1] == view.first_visible_block()
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.first_visible_block() == 0 and view.verticalScrollBar().value() == 0
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert 0 < view.verticalScrollBar().value() <= view.viewport().height()
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.verticalScrollBar().value() == view.verticalScrollBar().maximum()
    assert view.drawn_lines()[-1] == "第39段：我们今天学习中文，明天继续学习。"


def test_select_first_moves_the_cursor_scrolls_and_shows_the_card(qtbot, make_view):
    view = make_view(*(["天气很好。"] * 30 + ["我们一起去银行。"]), height=300)
    hovered, activated = [], []
    view.word_hovered.connect(hovered.append)
    view.word_activated.connect(activated.append)
    found = view.select_first("银行")
    assert found is token(view, "银行") and view.current_token() is found
    assert hovered == [found] and activated == [found]
    assert view.viewport().rect().contains(view.token_rect(found))
    assert view.popup_visible() and view.popup.plain_text().startswith("银行 銀行\nyín háng")
    assert view.select_first("不存在") is None


# -- pinyin above words ---------------------------------------------------------------------------


def test_ruby_modes_draw_pinyin_above_the_right_words(qtbot, make_view):
    view = make_view("我们去银行取钱。")
    plain_height = view.line_height_of(0)
    assert view.drawn_ruby() == []
    view.set_ruby_mode("all")
    assert view.drawn_ruby() == ["wǒmen", "qù", "yínháng", "qǔ", "qián"]
    assert view.line_height_of(0) > plain_height
    statuses = {"我们": Status.KNOWN, "去": Status.IGNORED, "银行": Status.NEW, "取": Status.LEARNING_3}
    view.set_status_lookup(statuses.get)
    view.set_ruby_mode("unknown")
    assert view.drawn_ruby() == ["yínháng", "qǔ", "qián"]
    view.set_ruby_mode("off")
    assert view.drawn_ruby() == [] and view.line_height_of(0) == plain_height


def test_ruby_writes_apostrophes_where_a_syllable_would_run_on(qtbot, make_view):
    view = make_view("我去西安和天安门。", ruby="all")
    assert "Xī'ān" in view.drawn_ruby() and "Tiān'ānmén" in view.drawn_ruby()


def test_ruby_is_drawn_in_the_band_above_the_hanzi(qtbot, make_view):
    view = make_view("银行", ruby="all")
    image = render(view)
    rect = view.token_rect(token(view, "银行"))
    above = ink_rows(image, rect.left(), rect.right(), 0, rect.top() - 1)
    assert above, "pinyin ink above the word"
    view.set_ruby_mode("off")
    image = render(view)
    rect = view.token_rect(token(view, "银行"))
    assert ink_rows(image, rect.left(), rect.right(), 0, rect.top() - 1) == []


def test_ruby_and_tints_follow_status_changes_after_refresh(qtbot, make_view):
    statuses = {}
    view = make_view("我们去银行。", ruby="unknown")
    view.set_status_lookup(statuses.get)
    assert view.drawn_ruby() == ["wǒmen", "qù", "yínháng"]
    statuses["银行"] = Status.KNOWN
    view.refresh()
    assert view.drawn_ruby() == ["wǒmen", "qù"]


def render(view) -> QImage:
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
    with QPainter(image) as painter:
        view.paint_to(painter, view.viewport().rect())
    return image


def ink_rows(image: QImage, left: int, right: int, top: int, bottom: int) -> list[int]:
    """Rows between top and bottom where some pixel differs clearly from the paper."""
    paper = image.pixelColor(1, 1)
    rows = []
    for y in range(max(0, top), min(image.height(), bottom + 1)):
        for x in range(max(0, left), min(image.width(), right + 1)):
            c = image.pixelColor(x, y)
            if abs(c.red() - paper.red()) + abs(c.green() - paper.green()) + abs(c.blue() - paper.blue()) > 120:
                rows.append(y)
                break
    return rows


def test_status_tints_new_and_learning_words_only(qtbot, make_view):
    view = make_view("我们去银行取钱。")
    view.set_status_lookup({"银行": Status.NEW, "取": Status.LEARNING_4, "我们": Status.KNOWN}.get)
    image = render(view)
    paper = image.pixelColor(1, 1)

    def corner(word):
        rect = view.token_rect(token(view, word))
        return image.pixelColor(rect.left() + 1, rect.top() + 1)

    new, learning, known = corner("银行"), corner("取"), corner("我们")
    assert known == paper
    assert new != paper and learning != paper
    warmth = lambda c: c.red() - c.blue()  # noqa: E731
    assert warmth(new) > warmth(learning) > warmth(paper)


# -- text as written -----------------------------------------------------------------------------


def test_text_is_readable_before_segmentation_and_words_come_alive_after(qtbot, make_view, annotator):
    view = make_view("我们去银行取钱。", segmented=False)
    assert view.drawn_lines() == ["我们去银行取钱。"]
    assert view.hit_test(QPoint(view._column()[0] + 5, 30)) is None
    view.set_block_tokens(0, annotator.annotate("我们去银行取钱。"))
    rect = view.token_rect(token(view, "银行"))
    assert view.hit_test(rect.center()) is token(view, "银行")


def test_markup_in_the_article_is_shown_verbatim(qtbot, make_view):
    text = "<b>粗体</b> &amp; <a href='x'>链接</a>"
    view = make_view(text)
    assert "".join(view.drawn_lines()) == text
    hover(qtbot, view, token(view, "链接"))
    assert view.popup.word_label.text() == "链接"
    assert view.popup.word_label.textFormat() == Qt.TextFormat.PlainText


@pytest.mark.parametrize("width", [260, 330, 410, 520])
def test_lines_break_between_words_and_never_before_closing_punctuation(qtbot, make_view, width):
    text = ("科技成果转化是发展新质生产力的题中之义。科技创新中蕴含巨大的价值，只有落到产业上，"
            "才能将科技成果转化为现实生产力。“我们要参加比赛！”他说。")
    view = make_view(text, width=width, height=900, ruby="all")
    lines = view.drawn_lines()
    assert "".join(lines) == text
    assert len(lines) > 1
    for line in lines[1:]:
        assert line[0] not in NO_LINE_START
    for line in lines[:-1]:
        assert line[-1] not in NO_LINE_END
    words = [t for t in view.blocks()[0].tokens if t.is_chinese]
    offsets = set()
    position = 0
    for line in lines[:-1]:
        position += len(line)
        offsets.add(position)
    assert not [t.text for t in words if any(t.start < o < t.end for o in offsets)]


@pytest.mark.parametrize("width", [260, 330, 410])
def test_without_pinyin_chinese_breaks_between_any_characters_and_fills_each_line(qtbot, make_view, width):
    text = "国家地方共建具身智能机器人创新中心品牌公关负责人魏嘉星忍不住分享喜悦之情北京经济技术开发区" * 2
    view = make_view(text, width=width, height=900)
    lines = view.drawn_lines()
    assert "".join(lines) == text
    fonts = view._layouter.fonts("paragraph")
    column = view._layouter.width
    for line in lines[:-1]:
        assert column - fonts.em < fonts.width(line) <= column
    hover(qtbot, view, token(view, "北京经济技术开发区"))  # a word split over two lines is still one word
    assert view.popup.plain_text().startswith("北京经济技术开发区")


def test_a_word_wider_than_the_line_breaks_inside(qtbot, make_view):
    view = make_view("看" + "x" * 150, width=200, height=900)
    lines = view.drawn_lines()
    assert len(lines) > 2 and "".join(lines) == "看" + "x" * 150
    assert lines[0] == "看"  # the long run starts on a line of its own, then breaks where it must


# -- astral characters ---------------------------------------------------------------------------


@pytest.mark.parametrize("before", ["𠮷", "𠮷𠮷", "吉"])
def test_astral_characters_do_not_shift_hit_testing(qtbot, make_view, before):
    text = f"{before}野家的银行很大。"
    view = make_view(text)
    bank = token(view, "银行")
    assert text[bank.start:bank.end] == "银行"
    # where a reader sees 银: after the characters before it, each one em wide
    metrics = QFontMetricsF(view._layouter.fonts("paragraph").font)
    x = view._column()[0] + metrics.horizontalAdvance(text[: bank.start]) + metrics.horizontalAdvance("银") / 2
    y = view.token_rect(bank).center().y()
    assert view.hit_test(QPoint(round(x), y)) is bank
    hover(qtbot, view, bank)
    assert view.popup.plain_text().startswith("银行 銀行\nyín háng")


def test_astral_glyphs_are_drawn_where_the_layout_puts_them(qtbot, make_view):
    view = make_view("𠮷野家的银行很大。")
    image = render(view)
    rects = [view.token_rect(token(view, word)) for word in ("𠮷", "野", "家", "的", "银行", "很大")]
    for rect in rects:
        assert ink_rows(image, rect.left() + 2, rect.right() - 2, rect.top(), rect.bottom())
    for left, right in zip(rects, rects[1:]):
        assert abs(right.left() - left.right()) <= 2


# -- selection, copy, find -----------------------------------------------------------------------


def drag(qtbot, view, start: QPoint, end: QPoint):
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    middle = (start + end) / 2
    for point in (start + QPoint(8, 0), middle, end):
        qtbot.mouseMove(viewport, point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_dragging_selects_text_and_ctrl_c_copies_it(qtbot, make_view):
    view = make_view("𠮷野家的银行很大。", "第二段的文字。")
    bank, text = token(view, "银行"), token(view, "文字")
    start = view.token_rect(bank).topLeft() + QPoint(1, 5)
    end = view.token_rect(text).topLeft() + QPoint(1, 5)
    activated = []
    view.word_activated.connect(activated.append)
    drag(qtbot, view, start, end)
    assert view.selected_text() == "银行很大。\n第二段的"
    assert activated == []  # a drag is not a click
    QGuiApplication.clipboard().clear()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "银行很大。\n第二段的"


def test_selecting_an_astral_character_copies_it_whole(qtbot, make_view):
    view = make_view("𠮷野家")
    left = view._column()[0]
    fonts = view._layouter.fonts("paragraph")
    y = view.token_rect(token(view, "野")).center().y()
    drag(qtbot, view, QPoint(round(left + 1), y), QPoint(round(left + fonts.width("𠮷野") + 1), y))
    assert view.selected_text() == "𠮷野"


def test_double_click_selects_the_word(qtbot, make_view):
    view = make_view(SENTENCE)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.token_rect(token(view, "公园")).center())
    assert view.selected_text() == "公园"


def test_find_text_selects_each_match_in_turn_and_wraps(qtbot, make_view):
    view = make_view("银行很大。", *(["天气很好。"] * 40), "我在银行工作，银行很忙。", height=300)
    assert view.find_text("银行")
    assert view.selected_text() == "银行" and view._selection == ((0, 0), (0, 2))
    assert view.find_text("银行") and view._selection == ((41, 2), (41, 4))
    assert view.viewport().rect().contains(view.token_rect(token(view, "银行", block=41)))
    assert view.find_text("银行") and view._selection == ((41, 7), (41, 9))
    assert view.find_text("银行") and view._selection == ((0, 0), (0, 2))  # wrapped
    assert view.find_text("银行", forward=False) and view._selection == ((41, 7), (41, 9))
    assert view.find_text("银行", forward=False) and view._selection == ((41, 2), (41, 4))
    assert not view.find_text("不存在的词")
    assert view.find_text("HELLO") is False


def test_find_is_case_insensitive_for_latin_text(qtbot, make_view):
    view = make_view("他用DeepSeek写代码。")
    assert view.find_text("deepseek") and view.selected_text() == "DeepSeek"


# -- size, zoom, themes ---------------------------------------------------------------------------


def test_a_huge_text_opens_without_laying_out_more_than_the_screen(qtbot, make_view, annotator):
    paragraph = "科技成果转化是发展新质生产力的题中之义。科技创新中蕴含巨大的价值，只有落到产业上，才能将科技成果转化为现实生产力。"
    view = make_view(*([paragraph] * 20000), segmented=False, height=600)
    assert view.drawn_lines()[0].startswith("科技成果")
    assert len(view._layouts) < 40
    view.scroll_to_block(15000)
    view.set_block_tokens(15000, annotator.annotate(paragraph))
    view.viewport().repaint()
    assert view.first_visible_block() == 15000
    tok = token(view, "生产力", block=15000)
    assert view.hit_test(view.token_rect(tok, block=15000).center()) is tok
    assert len(view._layouts) < 80


def test_zoom_scales_the_text_and_keeps_the_reading_position(qtbot, make_view):
    view = make_view(*["第{}段：我们今天学习中文。".format(i) for i in range(60)], height=300)
    view.scroll_to_block(20)
    height = view.line_height_of(20)
    zooms = []
    view.zoom_changed.connect(zooms.append)
    view.zoom_in()
    view.viewport().repaint()
    assert view.line_height_of(20) > height * 1.05
    assert view.first_visible_block() == 20
    view.set_zoom(1.0)
    assert zooms == [1.1, 1.0]
    assert view.line_height_of(20) == height


def test_theme_colours_paint_the_paper_and_ink(qtbot, make_view):
    view = make_view("我们去银行。")
    view.set_colors(QColor("#1d1e21"), QColor("#e2e2e2"), QColor("#7aa7f0"))
    image = render(view)
    assert image.pixelColor(2, 2) == QColor("#1d1e21")
    rect = view.token_rect(token(view, "银行"))
    assert ink_rows(image, rect.left(), rect.right(), rect.top(), rect.bottom())


def test_kinds_of_block_look_like_a_newspaper_page(qtbot, make_view):
    kinds = {0: "kicker", 1: "title", 2: "subtitle", 3: "byline", 4: "heading", 5: "paragraph"}
    view = make_view("新华社电", "创新链遇见产业链", "科技成果转化", "新华社记者", "打造新范式", "正文段落。", kinds=kinds)
    heights = {kind: view.line_height_of(i) for i, kind in kinds.items()}
    fonts = {kind: view._layouter.fonts(kind).font for kind in kinds.values()}
    assert fonts["title"].pixelSize() > fonts["subtitle"].pixelSize() > fonts["paragraph"].pixelSize()
    assert fonts["paragraph"].pixelSize() > fonts["kicker"].pixelSize() == fonts["byline"].pixelSize()
    assert fonts["title"].bold() and fonts["heading"].bold() and not fonts["paragraph"].bold()
    assert heights["title"] > heights["paragraph"]


def test_scrolling_under_a_resting_mouse_shows_the_card_of_the_word_now_there(qtbot, make_view):
    view = make_view(*["第{}段：我们今天学习中文。".format(i) for i in range(60)], height=300)
    first = token(view, "学习", block=2)
    rect = hover(qtbot, view, first)
    assert view.popup.token is first
    view.verticalScrollBar().setValue(view.verticalScrollBar().value() + view._tops_now()[3] - view._tops_now()[2])
    qtbot.waitUntil(lambda: view.popup_visible() and view.popup.token is not first, timeout=2000)
    assert view.hit_test(rect.center()) is view.popup.token
    assert view.popup.token.text == "学习"


@pytest.mark.parametrize("ruby", ["off", "all"])
def test_lines_drawn_again_from_their_pictures_look_the_same(qtbot, make_view, ruby):
    view = make_view(*["第{}段：科技成果转化是发展新质生产力的题中之义。".format(i) for i in range(30)], ruby=ruby)
    view.set_status_lookup({"科技": Status.NEW}.get)
    first = render(view)  # lines seen for the first time are drawn directly
    second = render(view)  # then each is one picture
    assert view._pixmap_lines and first == second
    view.set_colors(QColor("#1d1e21"), QColor("#e2e2e2"), QColor("#7aa7f0"))
    dark = render(view)
    assert dark != second and render(view) == dark


def test_text_no_token_covers_is_still_shown(qtbot, make_view, annotator):
    view = make_view("我们去银行。然后回家", segmented=False)
    tokens = [t for t in annotator.annotate("我们去银行。然后回家") if t.text != "银行"]
    view.set_block_tokens(0, tokens[:-1])  # a gap in the middle and a missing tail
    assert view.drawn_lines() == ["我们去银行。然后回家"]


def test_ctrl_a_selects_the_whole_article(qtbot, make_view):
    view = make_view("第一段。", "第二段𠮷。")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert view.selected_text() == "第一段。\n第二段𠮷。"
