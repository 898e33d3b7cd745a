"""`make screenshots`: the example site's home, an article and the directory at phone and desktop width.

Writes docs/screenshots/<page>-<width>.png (shown in the README). Runs Debian's
Chromium through Playwright, like the browser tests.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from tests.visitor import REPO, chromium, page_urls, serve

WIDTHS = {"phone": (375, 812), "desktop": (1280, 800)}
PAGES = ("home", "article", "directory")
TARGET = REPO / "docs/screenshots"


def build_example(out: Path) -> None:
    """The repository's example site, as `make site` builds it."""
    subprocess.run([sys.executable, "-m", "builder", "build", "--site", str(REPO), "--out", str(out)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def take_screenshots(out: Path, lang: str = "en") -> list[Path]:
    urls = page_urls(REPO, out)
    TARGET.mkdir(parents=True, exist_ok=True)
    written = []
    with serve(out) as origin, chromium() as browser:
        for label, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
            tab = context.new_page()
            for kind in PAGES:
                tab.goto(origin + urls[kind][lang], wait_until="load")
                path = TARGET / f"{kind}-{label}.png"
                tab.screenshot(path=str(path))
                written.append(path)
            context.close()
    return written


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "public"
        build_example(out)
        for path in take_screenshots(out):
            print(f"wrote {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
