"""PDFs made with QPdfWriter in a CJK font: two columns, a running header and footer, page numbers."""

import pytest

from reader.core.errors import UserError
from reader.core.importers import import_file
from reader.core.importers.pdf import readable
from tests.pdf_maker import make_pdf

TEXTBOOK = [
    "春天来了，小草从地下探出头来，柳树也长出了嫩绿的新芽。孩子们脱下厚厚的棉衣，在公园里放风筝、做游戏。",
    "老师说，春天是播种的季节。农民伯伯在田里忙着耕地、插秧，希望秋天能有一个好收成。",
    "我们学校组织同学们去郊外踏青。大家一边走一边唱歌，还认识了很多以前没见过的花草。",
    "回到家里，我把今天看到的景色写进了日记。妈妈看了以后说，我的作文越写越好了。",
]
NEWS = [
    "记者从中国汽车工业协会获悉，去年我国新能源汽车产销量分别完成958.7万辆和949.5万辆，同比分别增长35.8%和37.9%。",
    "新能源汽车产销量已连续九年位居全球第一，市场占有率达到31.6%，比上年提高5.9个百分点。",
    # (not 千家万户: Noto CJK draws 户 and 戶 with one glyph, and QPdfWriter names that glyph 戶 in the text layer)
    "业内人士认为，随着充电基础设施不断完善，新能源汽车将进一步走进寻常百姓家。",
]
RECIPE = [
    "准备两个西红柿、三个鸡蛋、一根葱，还有盐和糖。西红柿洗净切块，鸡蛋打散，加一点盐。",
    "锅里倒油，油热后倒入蛋液，炒到刚刚凝固就盛出来。再放一点油，下西红柿翻炒出汁。",
    "最后把鸡蛋倒回锅里，加一小勺糖和适量的盐，翻炒均匀，撒上葱花就可以出锅了。",
]
TRADITIONAL = [
    "一年一度的臺北燈節今晚正式登場，主燈以龍為主題，高達十五公尺，吸引大批民眾前往觀賞。",
    "主辦單位表示，今年燈節共展出三百多組花燈，並安排多場音樂表演，活動將持續到下週日。",
]


def _pages():
    # enough text per page to fill the first column and run on into the second
    return [TEXTBOOK * 3 + NEWS * 3 + RECIPE * 2, RECIPE * 3 + TEXTBOOK * 3 + NEWS * 3, NEWS * 3 + TEXTBOOK * 3 + RECIPE * 3]


def test_two_column_pdf_reads_back_identical_and_in_order_without_header_footer_or_page_numbers(qapp, tmp_path):
    path = tmp_path / "课本.pdf"
    pages = _pages()
    make_pdf(path, pages, columns=2, header="小学语文 三年级下册 人民教育出版社", footer="— {page} —", title="第一课 春天")
    document = import_file(path)
    [article] = document.articles
    assert article.title == "第一课 春天"
    assert article.paragraphs == [p for page in pages for p in page]


def test_pdf_in_traditional_with_a_page_footer_like_第n页(qapp, tmp_path):
    path = tmp_path / "燈節.pdf"
    make_pdf(path, [TRADITIONAL * 3, TRADITIONAL[::-1] * 3], columns=1, header="生活新聞", footer="第{page}页")
    [article] = import_file(path).articles
    assert article.paragraphs == TRADITIONAL * 3 + TRADITIONAL[::-1] * 3


def test_english_words_broken_at_a_line_end_are_made_whole(qapp, tmp_path):
    path = tmp_path / "glossary.pdf"
    make_pdf(path, [["Chinese has no inflec-\ntion: 我去，他去，我们去。", "It is an inter-\nnational language."]], columns=1)
    assert import_file(path).articles[0].paragraphs == [
        "Chinese has no inflection: 我去，他去，我们去。", "It is an international language."]


def test_kangxi_radicals_in_a_text_layer_read_as_hanzi():
    assert readable("⼩学语⽂ 第1⻚ ⻢上") == "小学语文 第1页 马上"
    assert readable("普通文字") == "普通文字"


def test_a_pdf_of_pictures_only_says_it_has_no_text_layer(qapp, tmp_path):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QPainter, QPdfWriter

    path = tmp_path / "scan.pdf"
    writer = QPdfWriter(str(path))
    painter = QPainter(writer)
    painter.fillRect(QRectF(100, 100, 2000, 1000), QColor("#888888"))
    painter.end()
    with pytest.raises(UserError) as caught:
        import_file(path)
    assert str(caught.value).startswith(f"{path}: the PDF has no text layer")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("data, message", [
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n", "not a readable PDF"),
    (b"this is not a pdf at all", "not a readable PDF"),
    (bytes(range(256)) * 8, "not a readable PDF"),
])
def test_broken_pdfs_are_one_line(tmp_path, data, message):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(UserError) as caught:
        import_file(path)
    assert str(caught.value).startswith(f"{path}: {message}") and "\n" not in str(caught.value)


def test_a_truncated_pdf_is_one_line(qapp, tmp_path):
    path = tmp_path / "cut.pdf"
    make_pdf(path, [TEXTBOOK], columns=1)
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 3])
    try:
        document = import_file(path)  # pdfium may recover the first page of a cut file: then it reads as text
    except UserError as error:
        assert str(error).startswith(f"{path}: ") and "\n" not in str(error)
    else:
        assert all(p in TEXTBOOK for p in document.articles[0].paragraphs)


def test_a_scanned_pdf_without_a_text_layer_is_read_through_ocr_page_numbers_dropped(ocr_engine, tmp_path):
    from tests.ocr_pictures import scanned_pdf

    path = tmp_path / "扫描课本.pdf"
    # wrapped as a page wraps Chinese (anywhere); each paragraph's last line is short and ends a sentence
    lines = [[p[i:i + 24] for i in range(0, len(p), 24)] for p in TEXTBOOK]
    scanned_pdf(path, [lines[0] + lines[1], lines[2] + lines[3]])
    [article] = import_file(path).articles
    assert article.paragraphs == TEXTBOOK
