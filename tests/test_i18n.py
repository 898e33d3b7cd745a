"""UI strings from gettext catalogs, compiled at build time."""
from __future__ import annotations

from babel.messages.pofile import read_po

from builder.i18n import load_ui_strings
from conftest import REPO, build_site, run_cli


def test_ui_strings_come_from_the_catalogs(built):
    assert "Laatste nieuws" in (built / "nl/index.html").read_text(encoding="utf-8")
    assert "Siste nytt" in (built / "no/index.html").read_text(encoding="utf-8")
    assert "Latest news" in (built / "en/index.html").read_text(encoding="utf-8")


def test_catalogs_are_compiled_in_memory_and_no_mo_file_is_written(built):
    assert not list(built.parent.rglob("*.mo"))
    assert not list(REPO.joinpath("locales").rglob("*.mo"))


def test_plural_forms_follow_the_locale(tmp_path):
    po = tmp_path / "locales/nb/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
                  'msgid "%(n)s minute"\nmsgid_plural "%(n)s minutes"\n'
                  'msgstr[0] "%(n)s minutt"\nmsgstr[1] "%(n)s minutter"\n', encoding="utf-8")
    ui = load_ui_strings(tmp_path, "nb")
    assert ui.ngettext("%(n)s minute", "%(n)s minutes", 1) == "%(n)s minutt"
    assert ui.ngettext("%(n)s minute", "%(n)s minutes", 3) == "%(n)s minutter"
    assert not ui.missing


def catalog(site, locale):
    return site / f"locales/{locale}/LC_MESSAGES/messages.po"


def untranslate(site, locale, msgid):
    """Empty the msgstr of ``msgid``; returns the line of its msgid."""
    path = catalog(site, locale)
    text = path.read_text(encoding="utf-8")
    marker = f'msgid "{msgid}"\nmsgstr "'
    start = text.index(marker) + len(marker)
    end = text.index('"\n', start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return text[:start].count("\n")


def test_missing_ui_string_is_a_warning_at_its_msgid_line_naming_string_and_locale(site):
    line = untranslate(site, "nb", "Latest news")
    result = build_site(site)
    assert result.code == 0, result.err
    assert (f"locales/nb/LC_MESSAGES/messages.po:{line}: warning: UI string 'Latest news' has no translation "
            "in locale 'nb'; write the translation in its msgstr") in result.err.splitlines()
    assert "Latest news" in (site / "public/no/index.html").read_text(encoding="utf-8")


def test_missing_ui_string_is_an_error_under_strict(site):
    line = untranslate(site, "nl", "Latest news")
    (site / "public").mkdir()
    result = build_site(site, "--strict")
    assert result.code == 1
    assert result.err.splitlines() == [
        f"locales/nl/LC_MESSAGES/messages.po:{line}: UI string 'Latest news' has no translation in locale 'nl'; "
        "write the translation in its msgstr",
        "build failed: 1 error",
    ]


def test_a_fuzzy_translation_is_reported_at_its_line_with_how_to_accept_it(site):
    path = catalog(site, "nl")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('msgid "Latest news"', '#, fuzzy\nmsgid "Latest news"'), encoding="utf-8")
    line = text[:text.index('msgid "Latest news"')].count("\n") + 2
    result = build_site(site)
    assert result.code == 0, result.err
    assert (f"locales/nl/LC_MESSAGES/messages.po:{line}: warning: UI string 'Latest news' has no translation "
            "in locale 'nl'; its translation is marked fuzzy: check the msgstr and remove the '#, fuzzy' line"
            ) in result.err.splitlines()
    assert "Latest news" in (site / "public/nl/index.html").read_text(encoding="utf-8")


def test_a_string_the_catalog_lacks_is_reported_at_the_catalog_with_the_update_command(site):
    path = catalog(site, "nl")
    text = path.read_text(encoding="utf-8")
    start = text.index('msgid "Latest news"')
    path.write_text(text[:start] + text[text.index("\n\n", start) + 2:], encoding="utf-8")
    result = build_site(site)
    assert result.code == 0, result.err
    assert ("locales/nl/LC_MESSAGES/messages.po:1: warning: UI string 'Latest news' has no translation "
            "in locale 'nl'; run 'builder i18n update' and translate it") in result.err.splitlines()


def test_i18n_extract_and_update_refresh_catalogs_from_templates(site):
    template = site / "templates/home.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "{% endblock %}", "<p>{{ _('A brand new string') }}</p>{% endblock %}"), encoding="utf-8")
    assert run_cli("i18n", "extract", "--site", str(site)).code == 0
    with (site / "locales/messages.pot").open("rb") as handle:
        assert "A brand new string" in {m.id for m in read_po(handle)}
    result = run_cli("i18n", "update", "--site", str(site))
    assert result.code == 0, result.err
    with (site / "locales/nb/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle)
    assert catalog["A brand new string"].string == ""
    assert catalog["Latest news"].string == "Siste nytt"  # existing translations are kept
