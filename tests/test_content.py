from __future__ import annotations

import yaml

from builder import yamlread
from builder.markdown_render import render_markdown
from conftest import build_site


def test_pyyaml_c_loader_is_used():
    assert yaml.__with_libyaml__
    assert issubclass(yamlread._Loader, yaml.CSafeLoader)


def test_utf8_bom_and_crlf_line_endings_are_read(site):
    text = "---\r\ntitle: Met BOM\r\ndate: 2019-05-01\r\n---\r\nEerste alinea met é.\r\n"
    (site / "content/nl/news/bom.md").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = build_site(site)
    assert result.code == 0, result.err
    page = (site / "public/nl/nieuws/met-bom/index.html").read_text(encoding="utf-8")
    assert "<p>Eerste alinea met é.</p>" in page


def test_markdown_has_tables_footnotes_attr_list_and_toc():
    html = render_markdown("## Kop {: .lead }\n\nTekst[^1].\n\n|a|b|\n|-|-|\n|1|2|\n\n[^1]: Voetnoot.\n", "nl")
    assert '<h2 class="lead" id="kop">Kop</h2>' in html
    assert "<table>" in html and "<td>1</td>" in html
    assert 'class="footnote"' in html and "Voetnoot." in html


def test_heading_anchors_keep_norwegian_letters_readable():
    html = render_markdown("## Grønn industri på Herøya\n", "no")
    assert 'id="gronn-industri-pa-heroya"' in html


def test_directory_entries_and_themes_are_loaded(built):
    entry = (built / "no/klynger/offshore-cluster/index.html").read_text(encoding="utf-8")
    assert "Offshore-klyngen" in entry
    assert "En klynge for havenergi." in entry
    theme = (built / "no/tema/gronn-industri/index.html").read_text(encoding="utf-8")
    assert "Grønn industri" in theme


def test_articles_in_subfolders_get_their_path_as_translation_key(built):
    assert (built / "en/news/an-older-story/index.html").is_file()
