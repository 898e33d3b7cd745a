"""Append proposed UI translations ({nl: {...}, nb: {...}}) to locales/<locale>.yaml.

    python tools/merge_strings.py proposals.yaml
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml


def main(proposals: str) -> None:
    data = yaml.safe_load(Path(proposals).read_text(encoding="utf-8"))
    for locale, table in data.items():
        target = Path("locales") / f"{locale}.yaml"
        known = yaml.safe_load(target.read_text(encoding="utf-8")) or {}
        lines = [f"{json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
                 for k, v in table.items() if k not in known]
        if lines:
            with target.open("a", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
