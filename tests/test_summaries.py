"""Summaries: the summary field, or the first paragraph as plain text cut at a word boundary."""
from __future__ import annotations

import pytest

from builder.markdown_render import render_markdown, summarise
from newshelpers import build_copy, parse_head, read


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return build_copy(tmp_path_factory.mktemp("summaries"))


def test_summary_field_wins_over_the_first_paragraph(out):
    head = parse_head(read(out, "nl/nieuws/nieuw-windpark-op-zee/index.html"))
    assert head.property("description") == ["Twee clusters werken samen aan een windpark."]


def test_without_summary_the_first_paragraph_is_used_as_plain_text(out):
    head = parse_head(read(out, "en/news/new-offshore-wind-farm/index.html"))
    assert head.property("description") == ["The Offshore Cluster works with partners. See the Dutch-only story."]


def test_long_first_paragraph_is_cut_at_a_word_boundary(out):
    (description,) = parse_head(read(out, "en/news/cable-factory-opens-in-the-port/index.html")).property("description")
    assert description.endswith("…") and len(description) <= 201
    words = description[:-1].split()
    paragraph = ("A new factory for subsea export cables opened in the port this week, bringing two hundred jobs "
                 "to the region and shortening the supply chain for the offshore wind farms that the clusters of "
                 "Flanders, the Netherlands and Norway are planning together").split()
    assert words[:-1] == paragraph[:len(words) - 1]
    assert words[-1] == paragraph[len(words) - 1].rstrip(",")  # a whole word; trailing comma dropped
    assert "The factory runs on green power" not in description


def test_summary_is_plain_text_without_markup_footnotes_or_headings():
    html = render_markdown("## Heading first\n\nA *bold* [link](https://x.org) &amp; more[^1].\n\nSecond.\n\n"
                           "[^1]: A note.\n", "en")
    assert summarise(html) == "A bold link & more."


def test_summary_cut_never_splits_a_word():
    text = "<p>" + " ".join(["Sirkulærøkonomi"] * 30) + "</p>"
    cut = summarise(text, limit=50)
    assert cut == "Sirkulærøkonomi Sirkulærøkonomi Sirkulærøkonomi…"


def test_article_without_paragraph_has_no_summary():
    assert summarise("<h2>Only a heading</h2>") == ""
