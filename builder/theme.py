"""The course's look: its colour and font from course.yml, checked for contrast at build.

`colour` is the course colour: links on white and on the pale grey of notices, white text on
buttons, the progress bar and the accents of callouts. It must give 4.5:1 against each
(WCAG 2.2 AA for text; 3:1 is enough for the bar and borders, and follows). `font` picks one
of the system font stacks in FONTS: nothing is downloaded, so nothing slows the first paint.
`palette_problems` checks the stylesheet's own colours (`--name: #rrggbb` in assets/style.css)
the same way (tests/test_theme.py), so a change to the theme cannot lower contrast unnoticed.
"""

from __future__ import annotations

import re

FONTS = {
    "system": 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    "humanist": 'Seravek, "Gill Sans Nova", Ubuntu, Calibri, "DejaVu Sans", source-sans-pro, '
    "sans-serif",
    "rounded": 'ui-rounded, "Hiragino Maru Gothic ProN", Quicksand, Comfortaa, Manjari, '
    '"Arial Rounded MT", "Arial Rounded MT Bold", Calibri, source-sans-pro, sans-serif',
    "serif": 'Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, serif',
}
DEFAULT_FONT = "system"
WHITE = "#ffffff"
SOFT = "#f3f4f5"  # --soft in assets/style.css: the grey behind notices and feedback
TEXT_RATIO = 4.5
UI_RATIO = 3.0
HEX = re.compile(r"#[0-9a-f]{6}")
VARIABLE = re.compile(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})\s*;")
# (foreground, background, ratio, where): the stylesheet's pairs that must keep their contrast
PALETTE_PAIRS = [
    ("text", "white", TEXT_RATIO, "body text"),
    ("text", "soft", TEXT_RATIO, "text on the pale grey of notices and feedback"),
    ("muted", "white", TEXT_RATIO, "secondary text"),
    ("muted", "soft", TEXT_RATIO, "secondary text on the pale grey"),
    ("good", "white", TEXT_RATIO, "“Correct” marks and white text on their tags"),
    ("bad", "white", TEXT_RATIO, "“Not quite” marks and warnings"),
    ("line", "white", UI_RATIO, "borders of options and tables"),
    ("brand-default", "white", TEXT_RATIO, "links and buttons without a course colour"),
]


def luminance(colour: str) -> float:
    """WCAG relative luminance of `#rrggbb`."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two `#rrggbb` colours (1 to 21)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def darker(colour: str, background: str, ratio: float) -> str:
    """`colour` darkened in steps of 5 % until it has `ratio` against `background`."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    candidate = colour
    while contrast(candidate, background) < ratio and any(rgb):
        rgb = [int(v * 0.95) for v in rgb]
        candidate = "#" + "".join(f"{v:02x}" for v in rgb)
    return candidate


def colour_problems(colour: str) -> list[str]:
    """Why the course colour cannot be used as the theme's accent (empty when it can)."""
    colour = colour.lower()
    against = min((WHITE, SOFT), key=lambda background: contrast(colour, background))
    ratio = contrast(colour, against)
    if ratio >= TEXT_RATIO:
        return []
    where = "white" if against == WHITE else f"the pale grey {SOFT} of notices"
    return [
        f"`colour` {colour} has {ratio:.1f}:1 contrast with {where}; links and button text need "
        f"{TEXT_RATIO}:1: use a darker colour, such as {darker(colour, against, TEXT_RATIO)}"
    ]


def palette(css: str) -> dict[str, str]:
    """The `--name: #rrggbb;` colours a stylesheet defines, by name."""
    return {name: value.lower() for name, value in VARIABLE.findall(css)}


def palette_problems(css: str) -> list[str]:
    """Pairs of the stylesheet's colours with too little contrast, one message each."""
    colours = palette(css) | {"white": WHITE}
    problems = [] if colours.get("soft") == SOFT else [f"--soft must be {SOFT} (builder.theme)"]
    for foreground, background, ratio, where in PALETTE_PAIRS:
        if foreground not in colours or background not in colours:
            problems.append(f"define --{foreground} and --{background} as #rrggbb ({where})")
            continue
        found = contrast(colours[foreground], colours[background])
        if found < ratio:
            problems.append(
                f"--{foreground} {colours[foreground]} on {background} {colours[background]} "
                f"has {found:.1f}:1 contrast; {where}: {ratio}:1 needed"
            )
    return problems


def theme_css(colour: str | None, font: str) -> str:
    """The custom properties the builder appends to the inlined stylesheet."""
    brand = f":root {{ --brand-colour: {colour}; }}\n" if colour else ""
    return f"\n:root {{ --font: {FONTS[font]}; }}\n{brand}"
