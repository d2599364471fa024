"""The course as the builder reads it: course.yml and every module file → `Course`, with
every problem found (in several processes for a large course: `builder.workers`)."""

from __future__ import annotations

import re
from pathlib import Path

from builder.config import CourseConfig, load_config
from builder.errors import BuildError, Problem, display_path, errors_only
from builder.model import Course, Module
from builder.parse import parse_module
from builder.resources import asset_files, unordered_assets
from builder.suspend import LIMIT, module_worst_case
from builder.workers import Workers

SAFE_NAME = re.compile(r"[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*")
# Markdown and text extensions that are not `.md`: such a file in modules/ is a problem.
ODD_EXTENSIONS = (".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn", ".mdtext", ".txt", ".text")
FALLBACK = CourseConfig("course", "Course", "", "en-GB", 80, "1.2", None, None)


def load_course(
    project: Path, modules_dir: Path | None = None, workers: Workers | None = None
) -> Course:
    """Read and check course.yml and every module (in the `workers`' processes, else in this
    one); raises BuildError with every problem when there is an error. Warnings go to
    `Course.warnings`."""
    project = project.resolve()
    folder = (modules_dir or project / "modules").resolve()
    problems: list[Problem] = []
    config = load_config(project / "course.yml", problems)
    sources = module_files(folder, problems)
    if not sources:
        problems.append(
            Problem(
                display_path(folder),
                None,
                'no module files (*.md) found: create one with scorm-builder new "Module title"',
            )
        )
    modules: list[Module] = []
    seen: dict[str, Path] = {}
    parsing = workers or Workers(jobs=1)
    parsed_sources = list(parsing.map(_parse, sources, config or FALLBACK, project))
    for source, (parsed, found) in zip(sources, parsed_sources, strict=True):
        problems += found
        if parsed is None:
            continue
        module, id_line = parsed
        if module.id in seen:
            problems.append(
                Problem(
                    display_path(source),
                    id_line,
                    f"duplicate module id {module.id!r} (also used by "
                    f"{display_path(seen[module.id])}): give each module its own id",
                )
            )
        seen.setdefault(module.id, source)
        problems += _suspend_problems(module)
        modules.append(module)
    for name, path in asset_files().items():
        if not SAFE_NAME.fullmatch(name):
            problems.append(Problem(name, None, "rename it: package file names must be ASCII"))
        if name.endswith(".css") and "</style" in path.read_text(encoding="utf-8").lower():
            problems.append(Problem(name, None, "remove `</style`: stylesheets are inlined"))
    for name in unordered_assets():
        problems.append(
            Problem(name, None, "give it a place in the load order (builder/resources.py)")
        )
    problems = _in_file_order(problems)
    if errors_only(problems):
        raise BuildError(problems)
    assert config
    return Course(config, modules, project, warnings=problems)


def _parse(
    source: Path, config: CourseConfig, project: Path
) -> tuple[tuple[Module, int] | None, list[Problem]]:
    """`parse_module` with the problems it found (run in a worker process)."""
    problems: list[Problem] = []
    return parse_module(source, config, project, problems), problems


def module_files(folder: Path, problems: list[Problem]) -> list[Path]:
    """The module files in `folder` (`*.md`, any case), by name; a file with another Markdown
    or text extension is a problem (it would otherwise be left out without a word)."""
    if not folder.is_dir():
        return []
    files = sorted(path for path in folder.iterdir() if path.is_file())
    for path in files:
        if path.suffix.lower() in ODD_EXTENSIONS:
            problems.append(
                Problem(
                    display_path(path),
                    None,
                    f"module files end in .md, not {path.suffix}: rename it to "
                    f"{path.stem}.md, or move it out of {display_path(folder)}/",
                )
            )
    return [path for path in files if path.suffix.lower() == ".md"]


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    """Problems grouped by file (in the order files were read), by line within a file."""
    order = {path: index for index, path in reversed(list(enumerate(p.path for p in problems)))}
    return sorted(problems, key=lambda p: (order[p.path], p.line or 0))


def _suspend_problems(module: Module) -> list[Problem]:
    options = [len(question.options) for question in module.questions]
    length = module_worst_case(module)
    if length <= LIMIT:
        return []
    return [
        Problem(
            display_path(module.source),
            None,
            f"saved progress can reach {length} characters, over SCORM 1.2's limit of {LIMIT} "
            f"({len(module.pages)} pages, {len(options)} questions, {sum(options)} options): "
            "split the module into smaller ones",
        )
    ]
