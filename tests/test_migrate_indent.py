"""migrate's re-indent pass: what CommonMark would show as code by accident moves, code never does."""

from __future__ import annotations

from cxlint.mdmask import markdown_block_spans
from cxlint.migrate.indent import reindent_accidental_code


def test_a_continuation_under_a_wide_marker_moves_to_the_items_column():
    text = "  1. Question?\n  \n    Answer.\n  2. Next?\n"
    got, moved, first = reindent_accidental_code(text)
    assert got == "  1. Question?\n  \n     Answer.\n  2. Next?\n"
    assert (moved, first) == (1, "Answer.")
    assert markdown_block_spans(got) == []


def test_after_a_closed_list_a_block_goes_to_the_margin():
    # " para" closes the list: the block cannot join the item, so it is a paragraph at the margin
    text = "-   item\n\n para\n\n    block\n"
    got, moved, _ = reindent_accidental_code(text)
    assert got == "-   item\n\n para\n\nblock\n"
    assert moved == 1


def test_rows_keep_their_relative_indentation_and_code_stays():
    code = "    real code\n"
    text = "<table>\n  <tr>\n\n    <td>\n      x\n    </td>\n  </tr>\n</table>\n\n" + code
    start = text.index(code)
    got, moved, _ = reindent_accidental_code(text, [(start, start + len(code) - 1)])
    assert got == "<table>\n  <tr>\n\n<td>\n  x\n</td>\n  </tr>\n</table>\n\n" + code
    assert moved == 3


def test_nothing_to_do():
    assert reindent_accidental_code("Plain\n\ntext\n") == ("Plain\n\ntext\n", 0, "")
