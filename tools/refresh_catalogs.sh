#!/usr/bin/env bash
# Refresh the catalogs from the templates and fill them from locales/<locale>.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/builder i18n update --site .
for locale in nl nb; do
  .venv/bin/python tools/fill_catalog.py "locales/$locale/LC_MESSAGES/messages.po" "locales/$locale.yaml"
done
