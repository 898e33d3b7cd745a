"""The EU's 14 industrial ecosystems ship with the builder, labelled in nl, nb and en."""
from __future__ import annotations

from builder.ecosystems import ecosystem_label, ecosystem_labels

EU_ECOSYSTEMS = {
    "aerospace-defence", "agri-food", "construction", "cultural-creative", "digital", "electronics",
    "energy-intensive-industries", "renewable-energy", "health", "mobility-transport-automotive",
    "proximity-social-economy", "retail", "textile", "tourism",
}


def test_all_fourteen_ecosystems_have_a_label_in_each_language():
    labels = ecosystem_labels()
    assert set(labels) == EU_ECOSYSTEMS
    for ecosystem_id, by_locale in labels.items():
        assert set(by_locale) == {"nl", "nb", "en"}, ecosystem_id
        assert all(isinstance(text, str) and text.strip() for text in by_locale.values()), ecosystem_id


def test_labels_differ_per_language_where_the_languages_differ():
    assert [ecosystem_label("renewable-energy", locale) for locale in ("nl", "nb", "en")] == \
        ["Hernieuwbare energie", "Fornybar energi", "Renewable energy"]


def test_a_regional_locale_uses_its_language_and_an_unknown_one_english():
    assert ecosystem_label("health", "nb_NO") == "Helse"
    assert ecosystem_label("health", "de") == "Health"

# An unknown id in an entry is a build error with the closest id: see
# test_directory_validation.py::test_unknown_ecosystem_names_the_closest_id.
