"""Audio and video in a module: `![Title](clip.mp4)` plays in the browser's own player.

An image link whose file is audio or video becomes a `<figure>` with a native `<video>` or
`<audio>` (controls, no autoplay), its WebVTT captions as a `<track>`, and the transcript
(the captions' text) in a `<details>` below it. The WebVTT file must sit beside the media
file with the same name (`clip.mp4` → `clip.vtt`): without it the build fails and says so.
"""

from __future__ import annotations

import html
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

if TYPE_CHECKING:
    from builder.renderer import Context, ModuleRenderer

VIDEO = (".mp4", ".m4v", ".webm")
AUDIO = (".mp3", ".m4a", ".ogg", ".oga", ".wav")
VTT_MAX = 1_000_000  # characters read from a captions file
CUE_TAG = re.compile(r"<[^>]*>")


class MediaTreeprocessor(Treeprocessor):
    """Turns image links to audio or video files into players with captions and transcript."""

    def __init__(self, md: Markdown, renderer: ModuleRenderer, context: Context) -> None:
        super().__init__(md)
        self.renderer = renderer
        self.context = context

    def run(self, root: ET.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for image in list(root.iter("img")):
            url = html.unescape(image.get("src", "").replace(AMP_SUBSTITUTE, "&")).strip()
            path = unquote(urlsplit(url).path).lower()
            kind = "video" if path.endswith(VIDEO) else "audio" if path.endswith(AUDIO) else None
            if kind:
                self._player(image, parents, kind, url)

    def _player(
        self, image: ET.Element, parents: dict[ET.Element, ET.Element], kind: str, url: str
    ) -> None:
        line = self.context.line_of(image.get("src", ""), claim=True)
        title = image.get("alt", "").strip()
        paragraph = parents.get(image)
        holder = parents.get(paragraph) if paragraph is not None else None
        alone = paragraph is not None and len(paragraph) == 1 and not (paragraph.text or "").strip()
        problem = self.renderer.problem
        if urlsplit(url).scheme or url.startswith("//"):
            problem(line, f"{kind} {url} is not a file in the project; save it and link it by path")
        elif not title:
            problem(line, f"give the {kind} a title: ![What it shows]({url})")
        elif holder is None or not alone:
            problem(line, f"put the {kind} {url} on a line of its own")
        else:
            source = (self.renderer.path.parent / unquote(urlsplit(url).path)).resolve()
            name = self.renderer.media_path(url, line)
            captions = source.with_suffix(".vtt")
            transcript = _transcript(captions, self.renderer, line, kind, url) if name else []
            if transcript:
                relative = Path(os.path.relpath(captions, self.renderer.path.parent)).as_posix()
                track = self.renderer.media_path(relative, line)
                if track:
                    holder.insert(
                        list(holder).index(paragraph),
                        _figure(kind, name, track, title, transcript, paragraph.tail),
                    )
        if paragraph is not None and holder is not None:
            holder.remove(paragraph)


def _figure(
    kind: str, name: str, track: str, title: str, transcript: list[str], tail: str | None
) -> ET.Element:
    """The player, its caption line and the transcript on request."""
    figure = ET.Element("figure", {"class": f"media media-{kind}"})
    player = ET.SubElement(figure, kind, {"controls": "controls", "preload": "none", "src": name})
    player.set("aria-label", title)
    attributes = {"kind": "captions", "src": track, "label": "Captions", "default": "default"}
    ET.SubElement(player, "track", attributes)
    ET.SubElement(player, "p").text = f"Your browser cannot play this {kind}."
    ET.SubElement(figure, "figcaption").text = title
    details = ET.SubElement(figure, "details", {"class": "transcript"})
    ET.SubElement(details, "summary").text = f"Transcript: {title}"
    for text in transcript:
        ET.SubElement(details, "p").text = text
    figure.tail = tail
    return figure


def _transcript(
    captions: Path, renderer: ModuleRenderer, line: int, kind: str, name: str
) -> list[str]:
    """The cue texts of a WebVTT file, one paragraph per cue, or a problem."""
    if not captions.is_file():
        renderer.problem(
            line,
            f"the {kind} {name} has no captions: save them as WebVTT in {captions.name} beside it "
            "(learners who cannot hear it read them, and its transcript is made from them)",
        )
        return []
    with captions.open(encoding="utf-8", errors="replace") as file:
        text = file.read(VTT_MAX).replace("\r\n", "\n").lstrip("\ufeff")
    if not text.startswith("WEBVTT"):
        renderer.problem(line, f"{captions.name} is not WebVTT: its first line must be WEBVTT")
        return []
    cues: list[str] = []
    for block in re.split(r"\n{2,}", text)[1:]:
        lines = block.strip().split("\n")
        timing = next((i for i, item in enumerate(lines) if "-->" in item), None)
        if timing is None or lines[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        cue = " ".join(CUE_TAG.sub("", item).strip() for item in lines[timing + 1 :]).strip()
        if cue:
            cues.append(cue)
    if not cues:
        renderer.problem(line, f"{captions.name} has no captions in it: add the cues")
    return cues
