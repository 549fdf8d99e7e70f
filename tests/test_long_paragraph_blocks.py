"""A long paragraph is shown as blocks cut after a sentence end (else a clause mark or a space): where the cuts fall."""

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.blocks import _BLOCK_ENDS, paragraph_pieces
from reader.core.segment import _extends_previous


def pieces_by_every_match(text: str, size: int):
    """The cuts as first written: every match of each pattern in a piece's second half, the last one kept."""
    start = 0
    while len(text) - start > size:
        limit, cut = start + size, 0
        for pattern in _BLOCK_ENDS:
            for match in pattern.finditer(text, start + size // 2, limit):
                cut = match.end()
            if cut:
                break
        if not cut:
            cut = limit
            while cut > start + 1 and _extends_previous(text[cut]):
                cut -= 1
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


@settings(max_examples=400)
@given(st.text(alphabet="他说好。！？!?；;”」』）)\"'，、：…  \u3000\t\u0301a", max_size=300), st.integers(2, 40))
def test_a_long_paragraph_is_cut_where_every_match_would_cut_it(text, size):
    # regression: opening a 2,000,000-character line spent ~0.1 s of the UI thread walking every match of every piece
    assert list(paragraph_pieces(text, size)) == list(pieces_by_every_match(text, size))


def test_a_novel_paragraph_is_cut_after_its_last_sentence_end_within_reach():
    text = "他推开门，雨已经停了。巷子里只剩下路灯昏黄的光，“她还在等他回来吗？”" * 40
    pieces = list(paragraph_pieces(text, 100))
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 100 and piece.endswith(("。", "？”")) for _, piece in pieces[:-1])
