"""Fill a catalog's empty translations from a YAML file of msgid -> msgstr (used by maintainers).

    python tools/fill_catalog.py locales/nl/LC_MESSAGES/messages.po locales/nl.yaml
"""
from __future__ import annotations

import sys

import yaml
from babel.messages.pofile import read_po, write_po


def main(po_path: str, yaml_path: str) -> None:
    with open(yaml_path, encoding="utf-8") as handle:
        table = yaml.safe_load(handle) or {}
    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
        if key in table:
            value = table[key]
            message.string = tuple(value) if isinstance(message.id, (list, tuple)) else value
            message.flags.discard("fuzzy")
    with open(po_path, "wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, ignore_obsolete=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
