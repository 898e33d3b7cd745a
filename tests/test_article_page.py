"""The article page: what a reader sees and what <head> tells search engines and social sites."""
from __future__ import annotations

import pytest

from builder.article_meta import og_locale
from builder.reading import reading_minutes
from conftest import build_site
from newshelpers import build_copy, parse_head, read

WINDPARK_NL = "nl/nieuws/nieuw-windpark-op-zee/index.html"
WINDFARM_EN = "en/news/new-offshore-wind-farm/index.html"
MISSION_EN = "en/news/trade-mission-to-the-north-sea-fairs/index.html"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return build_copy(tmp_path_factory.mktemp("article"))


def test_article_shows_localised_date_author_and_reading_time(out):
    html = read(out, WINDPARK_NL)
    assert '<time datetime="2019-03-25T00:00:00+01:00">25 maart 2019</time>' in html
    assert '<span class="author">Ann Peeters</span>' in html
    assert '<span class="reading-time">1 minuut leestijd</span>' in html
    assert 'class="updated"' not in html


def test_article_shows_updated_date_when_given(out):
    html = read(out, WINDFARM_EN)
    assert 'Updated <time datetime="2019-04-01T00:00:00+02:00">April 1, 2019</time>' in html


def test_article_links_themes_clusters_and_translations(out):
    html = read(out, WINDPARK_NL)
    assert '<a href="/nl/themas/offshore-wind/">Offshore wind</a>' in html
    assert '<a href="/nl/clusters/offshore-cluster/">Offshore Cluster</a>' in html
    translations = html.split('class="translations"')[1].split("</p>")[0]
    assert 'href="/no/nyheter/nytt-havvindpark/" hreflang="nb"' in translations
    assert 'href="/en/news/new-offshore-wind-farm/" hreflang="en"' in translations
    assert "/nl/" not in translations


def test_previous_and_next_articles_stay_in_the_language(out):
    html = read(out, WINDPARK_NL).split('class="article-neighbours"')[1]
    assert '<a href="/nl/nieuws/alleen-in-het-nederlands/" rel="prev">' in html
    assert '<a href="/nl/nieuws/handelsmissie-naar-de-noordzeebeurzen/" rel="next">' in html
    newest = read(out, "en/news/cable-factory-opens-in-the-port/index.html")
    assert 'rel="next"' not in newest.split('class="article-neighbours"')[1]
    oldest = read(out, "en/news/an-older-story/index.html")
    assert 'rel="prev"' not in oldest.split('class="article-neighbours"')[1]


def test_head_has_description_open_graph_twitter_and_canonical(out):
    head = parse_head(read(out, WINDPARK_NL))
    url = "https://example.org/nl/nieuws/nieuw-windpark-op-zee/"
    assert head.property("description") == ["Twee clusters werken samen aan een windpark."]
    assert head.property("og:title") == ["Nieuw windpark op zee"]
    assert head.property("og:type") == ["article"]
    assert head.property("og:url") == [url]
    assert head.property("og:description") == ["Twee clusters werken samen aan een windpark."]
    assert head.property("og:locale") == ["nl_NL"]
    assert head.property("og:locale:alternate") == ["nb_NO", "en_US"]
    assert head.property("twitter:card") == ["summary"]
    assert head.property("twitter:title") == ["Nieuw windpark op zee"]
    assert [l["href"] for l in head.links if l.get("rel") == "canonical"] == [url]


def test_og_locale_adds_the_likely_territory():
    assert [og_locale(x) for x in ("nl", "nb", "en", "en_GB")] == ["nl_NL", "nb_NO", "en_US", "en_GB"]
    # Babel has a locale 'no' but none for its likely tag no_Latn_NO: this raised UnknownLocaleError.
    assert og_locale("no") == "no_NO"


def test_json_ld_describes_a_news_article_and_its_translations(out):
    original = parse_head(read(out, WINDFARM_EN)).data()
    assert original["@type"] == "NewsArticle" and original["@context"] == "https://schema.org"
    assert original["headline"] == "New offshore wind farm"
    assert original["datePublished"] == "2019-03-25T00:00:00+01:00"
    assert original["dateModified"] == "2019-04-01T00:00:00+02:00"
    assert original["inLanguage"] == "en"
    assert [w["@id"] for w in original["workTranslation"]] == [
        "https://example.org/nl/nieuws/nieuw-windpark-op-zee/", "https://example.org/no/nyheter/nytt-havvindpark/"]
    translation = parse_head(read(out, WINDPARK_NL)).data()
    assert translation["author"] == {"@type": "Person", "name": "Ann Peeters"}
    assert translation["inLanguage"] == "nl"
    assert translation["translationOfWork"]["@id"] == "https://example.org/en/news/new-offshore-wind-farm/"
    assert "workTranslation" not in translation
    alone = parse_head(read(out, "nl/nieuws/alleen-in-het-nederlands/index.html")).data()
    assert "workTranslation" not in alone and "translationOfWork" not in alone


def test_json_ld_cannot_be_closed_by_content(site):
    title = "Tags </script><script>alert(1)</script> & more"
    (site / "content/en/news/tags.md").write_text(
        f"---\ntitle: '{title}'\nslug: tags\ndate: 2019-07-01\n---\nBody.\n", encoding="utf-8")
    assert build_site(site).code == 0
    html = read(site / "public", "en/news/tags/index.html")
    head = parse_head(html)
    assert head.data()["headline"] == title
    assert html.count("</script>") == 1


def test_image_appears_in_open_graph_twitter_and_json_ld(site):
    (site / "assets/img").mkdir(parents=True)
    # The signature and header a PNG needs for pages to give its width and height (1x1).
    (site / "assets/img/wind.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes([0, 0, 0, 1] * 2))
    article = site / "content/en/news/cable-factory.md"
    text = article.read_text(encoding="utf-8").replace("themes:", "image: img/wind.png\nimage_alt: Cable drums\nthemes:")
    article.write_text(text, encoding="utf-8")
    result = build_site(site)
    assert result.code == 0, result.err
    head = parse_head(read(site / "public", "en/news/cable-factory-opens-in-the-port/index.html"))
    (image,) = head.property("og:image")
    assert image.startswith("https://example.org/assets/img/wind.") and image.endswith(".png")
    assert head.property("twitter:card") == ["summary_large_image"]
    assert head.property("twitter:image") == [image]
    assert head.data()["image"] == image


def test_reading_time_counts_words_at_200_a_minute():
    assert reading_minutes("<p>" + "word " * 50 + "</p>") == 1
    assert reading_minutes("<p>" + "word " * 600 + "</p>") == 3


def test_reading_time_plural_is_localised(site):
    catalog = site / "locales/nb/LC_MESSAGES/messages.po"
    catalog.write_text(catalog.read_text(encoding="utf-8") + (
        '\nmsgid "%(num)d minute read"\nmsgid_plural "%(num)d minutes read"\n'
        'msgstr[0] "%(num)d minutts lesing"\nmsgstr[1] "%(num)d minutters lesing"\n'), encoding="utf-8")
    (site / "content/no/news/lang.md").write_text(
        "---\ntitle: Lang sak\ndate: 2019-08-01\n---\n" + "ord " * 600 + "\n", encoding="utf-8")
    assert build_site(site).code == 0
    out = site / "public"
    assert '<span class="reading-time">3 minutters lesing</span>' in read(out, "no/nyheter/lang-sak/index.html")
    assert '<span class="reading-time">1 minutts lesing</span>' in read(out, "no/nyheter/nytt-havvindpark/index.html")


def test_reading_time_follows_a_body_edit_in_a_cached_build(site):
    """The count is made with the model; a build that patches the cached model counts the new body."""
    page = site / "public" / WINDFARM_EN
    assert build_site(site).code == 0
    assert '<span class="reading-time">1 minute read</span>' in page.read_text(encoding="utf-8")
    article = site / "content/en/news/wind-farm.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n" + "word " * 600 + "\n", encoding="utf-8")
    result = build_site(site, "--timings")
    assert result.code == 0 and "model patched from the last one" in result.err, result.err
    assert '<span class="reading-time">3 minutes read</span>' in page.read_text(encoding="utf-8")
