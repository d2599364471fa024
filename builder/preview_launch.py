"""What Moodle reads from a package's `imsmanifest.xml` and gives the SCO at launch."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Launch:
    """What Moodle reads from one package's manifest and gives the SCO at launch."""

    href: str
    mastery_score: str
    launch_data: str
    scaled_passing_score: str
    completion_threshold: str
    objectives: tuple[str, ...]  # 2004: every objectiveID, preloaded into cmi.objectives.n.id


def _local_name(tag: str) -> str:
    """A tag or attribute name without namespace or prefix, lower case (as Moodle matches)."""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def read_launch(manifest: Path) -> Launch:
    """The launch URL and the values Moodle's parser keeps from `imsmanifest.xml`."""
    root = ElementTree.parse(manifest).getroot()
    found: dict[str, str] = {}
    objectives: list[str] = []
    href = ""
    for element in root.iter():
        name = _local_name(element.tag)
        text = (element.text or "").strip()
        if name == "resource" and not href:
            attributes = {_local_name(key): value for key, value in element.attrib.items()}
            href = attributes.get("base", "") + attributes.get("href", "")
        elif name in ("masteryscore", "datafromlms") and text not in ("", "0"):
            found.setdefault(name, text)
        elif name in ("primaryobjective", "objective") and element.attrib.get("objectiveID"):
            objectives.append(element.attrib["objectiveID"])
        elif name == "minnormalizedmeasure" and text:
            found["scaled"] = text
        elif name == "completionthreshold":
            found.setdefault("threshold", element.attrib.get("minProgressMeasure", "1.0"))
    return Launch(
        href or "index.html",
        found.get("masteryscore", ""),
        found.get("datafromlms", ""),
        found.get("scaled", ""),
        found.get("threshold", ""),
        tuple(objectives),
    )
