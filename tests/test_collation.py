"""Names sort as readers of each language expect, on any machine."""
from __future__ import annotations

import os
import subprocess
import sys

from builder.collation import collation_key, sort_collated
from conftest import REPO


def ordered(names: list[str], locale: str) -> list[str]:
    return sort_collated(names, locale, key=lambda name: name)


def test_norwegian_puts_ae_oe_aa_after_z_in_that_order():
    names = ["Åsgard", "Ørsted", "Ænes", "Zeeland", "Aker", "Oslo"]
    assert ordered(names, "nb") == ["Aker", "Oslo", "Zeeland", "Ænes", "Ørsted", "Åsgard"]


def test_norwegian_reads_german_and_swedish_letters_as_their_nordic_twins():
    assert ordered(["Øst", "Ärlig", "Ødegaard", "Æra", "Östra"], "nb") == \
        ["Æra", "Ärlig", "Ødegaard", "Øst", "Östra"]
    assert ordered(["Yngve", "Über", "Zeta"], "nb") == ["Über", "Yngve", "Zeta"]


def test_norwegian_reads_double_a_as_aa_ring():
    assert ordered(["Aalesund", "Zinc", "Aker", "Åmot"], "nb") == ["Aker", "Zinc", "Aalesund", "Åmot"]


def test_dutch_and_english_ignore_accents_and_expand_ligatures():
    names = ["Émile", "Eindhoven", "Ærø", "Zuid", "Ørsted", "Oost", "Ångström"]
    expected = ["Ærø", "Ångström", "Eindhoven", "Émile", "Oost", "Ørsted", "Zuid"]
    assert ordered(names, "nl") == expected
    assert ordered(names, "en") == expected


def test_unaccented_then_lower_case_come_first_when_letters_are_equal():
    assert ordered(["Café", "cafe", "Cafe", "café"], "nl") == ["cafe", "Cafe", "café", "Café"]


def test_case_and_spaces_do_not_override_letters():
    assert ordered(["de Blauwe", "Delta", "DE BLAUWE CLUSTER", "Chemelot"], "en") == \
        ["Chemelot", "de Blauwe", "DE BLAUWE CLUSTER", "Delta"]


def test_keys_tell_apart_every_different_text():
    names = ["Å", "Aa", "AA", "aa", "å"]
    assert len({collation_key(n, "nb") for n in names}) == len(names)


def test_order_does_not_depend_on_the_machine_locale():
    script = ("from builder.collation import sort_collated as s;"
              "print(s(['Ørsted','Zeeland','Åsgard','Émile','Aker'], 'nb', key=str))")
    outputs = set()
    for lc_all in ("C", "C.UTF-8", "nb_NO.UTF-8", "tr_TR.UTF-8"):
        env = {**os.environ, "PYTHONPATH": str(REPO), "LC_ALL": lc_all, "LANG": lc_all}
        outputs.add(subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                                   text=True, check=True).stdout)
    assert outputs == {"['Aker', 'Émile', 'Zeeland', 'Ørsted', 'Åsgard']\n"}
