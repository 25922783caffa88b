"""Social cards: an image per statement and edition, for ``og:image``: the statement's title in
its own script and direction, its author, the site's name. Made with Pillow at the end of an
edition's HTML build, shaped by libraqm (Arabic letters joined, right to left), in the fonts
the print PDFs use.

Where Pillow cannot shape text (no libraqm), no card is made and no page names one: a card
with Arabic letters unjoined, or in the wrong order, is worse than none.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import languages
from ..site.pages import card_name
from ..storage import write_if_changed

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

#: The size link previews show best (Open Graph's and Twitter's large card: 1.91 : 1).
SIZE = (1200, 630)
MARGIN = 80
_TOP = 90  # where the title starts
PAPER, INK, MUTED, ACCENT = "#fffdf9", "#1d1d1f", "#5b5b66", "#9b1c1c"
#: Fonts by script (fontconfig names): Arabic script in Amiri, the others in DejaVu.
_ARABIC_SCRIPT = {"ar", "fa", "ur", "ps", "ckb", "sd", "ug"}
_FONTS = {"arabic": ("Amiri:bold", "Amiri"), "other": ("DejaVu Serif:bold", "DejaVu Sans")}


#: Changed with the drawing below, so that every card is drawn again.
LAYOUT = 2
_SAID = "editions-card"


@functools.cache
def unavailable() -> str:
    """Why no card can be made here ("" if one can)."""
    from PIL import features

    if not features.check("raqm"):
        return "social cards left out: Pillow has no libraqm to shape text (install libraqm0)"
    missing = [name for pair in _FONTS.values() for name in pair if not font_file(name)]
    if missing:
        return (f"social cards left out: no font for {', '.join(missing)} (Debian: "
                "apt-get install fonts-hosny-amiri fonts-dejavu-core fonts-dejavu-extra)")
    return ""


@functools.cache
def font_file(name: str) -> str:
    """The file of a font fontconfig knows by ``name`` ("" if it has no such family)."""
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return ""
    found = subprocess.run([fc_match, "--format=%{family}\n%{file}", name],
                           capture_output=True, text=True, check=False).stdout.split("\n")
    family = name.split(":")[0].lower()
    return found[1] if len(found) > 1 and family in found[0].lower() else ""


@dataclass(frozen=True)
class _Pen:
    """What writes on one card: its surface, the language's direction, and the side lines
    start on."""

    draw: ImageDraw.ImageDraw
    direction: str
    lang: str
    edge: int
    anchor: str

    def fits(self, text: str, face: ImageFont.FreeTypeFont) -> bool:
        width = SIZE[0] - 2 * MARGIN
        return self.draw.textlength(text, face, direction=self.direction,
                                    language=self.lang) <= width

    def lines_of(self, text: str, face: ImageFont.FreeTypeFont) -> list[str]:
        """Words to lines; a word wider than a line (a title in Chinese, written without
        spaces) is cut between its characters."""
        lines: list[str] = []
        for word in text.split():
            trial = f"{lines[-1]} {word}" if lines else word
            if lines and self.fits(trial, face):
                lines[-1] = trial
                continue
            while not self.fits(word, face) and len(word) > 1:
                cut = max(1, next(n for n in range(len(word), 0, -1)
                                  if self.fits(word[:n], face) or n == 1))
                lines.append(word[:cut])
                word = word[cut:]
            lines.append(word)
        return lines

    def write(self, y: int, text: str, face: ImageFont.FreeTypeFont, fill: str) -> None:
        self.draw.text((self.edge, y), text, font=face, fill=fill, anchor=self.anchor + "a",
                       direction=self.direction, language=self.lang)


def render_card(title: str, author: str, site: str, language: str, said: str = "") -> bytes:
    """The PNG of one card (see ``unavailable`` first); ``said``, if given, is kept in it as
    text (what ``write_cards`` compares)."""
    from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

    script = "arabic" if language.split("_")[0] in _ARABIC_SCRIPT else "other"
    bold, regular = (font_file(name) for name in _FONTS[script])
    rtl = languages.direction(language) == "rtl"
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, SIZE[0], 14), fill=ACCENT)
    pen = _Pen(draw, "rtl" if rtl else "ltr", languages.hreflang(language),
               *((SIZE[0] - MARGIN, "r") if rtl else (MARGIN, "l")))

    def font(path: str, size: int) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.RAQM)

    # The title as large as fits, with the author, above the site's name.
    room = SIZE[1] - 150 - _TOP - (70 if author else 0)
    y = _write_title(pen, title, functools.partial(font, bold), room,
                     1.45 if script == "arabic" else 1.2)
    if author:
        author_font = font(regular, 38)
        pen.write(y + 20, (pen.lines_of(author, author_font) or [""])[0], author_font, MUTED)
    _write_site(draw, site, font(font_file(_FONTS["other"][1]), 30), rtl)
    buffer = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    if said:
        info.add_itxt(_SAID, said)
    # zlib's default level: a card is made for every page of every edition, and the
    # strongest level took three times as long for a file 5 % smaller.
    image.save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def _write_title(pen: _Pen, title: str, font: Callable[[int], ImageFont.FreeTypeFont],
                 room: int, leading: float) -> int:
    """The title in the largest size that fits ``room`` (or cut short, saying so); return
    where the line below it starts."""
    for size in (76, 68, 60, 54, 48, 42, 36):
        title_font = font(size)
        title_lines = pen.lines_of(title, title_font)
        if len(title_lines) * size * leading <= room:
            break
    step = int(title_font.size * leading)
    shown = max(1, int(room // step))
    if len(title_lines) > shown:  # cut short, and saying so
        title_lines = title_lines[:shown]
        last = title_lines[-1]
        while " " in last and not pen.fits(last + " …", title_font):
            last = last.rsplit(" ", 1)[0]
        title_lines[-1] = last + " …"
    y = _TOP
    for line in title_lines:
        pen.write(y, line, title_font, INK)
        y += step
    return y


def _write_site(draw: ImageDraw.ImageDraw, site: str, face: ImageFont.FreeTypeFont,
                rtl: bool) -> None:
    """The site's name and mark along the bottom, on the side the text starts."""
    mark = (SIZE[0] - MARGIN - 44, SIZE[1] - 104) if rtl else (MARGIN, SIZE[1] - 104)
    draw.rounded_rectangle((*mark, mark[0] + 44, mark[1] + 44), radius=8, fill=ACCENT)
    draw.rectangle((mark[0] + 10, mark[1] + 12, mark[0] + 20, mark[1] + 32), fill=PAPER)
    draw.rectangle((mark[0] + 24, mark[1] + 12, mark[0] + 34, mark[1] + 32), fill=PAPER)
    site_x = mark[0] - 18 if rtl else mark[0] + 62
    draw.text((site_x, mark[1] + 22), site, font=face, fill=MUTED,
              anchor=("r" if rtl else "l") + "m")


def write_cards(outdir: Path, statements: dict[str, dict[str, str]], site: str,
                language: str) -> list[Path]:
    """Write each statement's card where it is missing or would say something else (its
    words are kept in the PNG, so an unchanged card is not drawn again); return those
    written."""
    from PIL import Image

    written = []
    for slug, statement in statements.items():
        path = outdir / card_name(slug)
        said = json.dumps([LAYOUT, statement["title"], statement["author"], site, language],
                          ensure_ascii=False)
        if path.exists():
            # (``info``, not ``text``: the words are written before the image, and ``text``
            # decodes the whole image to look for more after it, 20 ms a card.)
            with contextlib.suppress(OSError, ValueError), Image.open(path) as image:
                if image.info.get(_SAID) == said:
                    continue
        data = render_card(statement["title"], statement["author"], site, language, said)
        if write_if_changed(path, data):
            written.append(path)
    return written
