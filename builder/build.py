"""The build: course.yml and modules/*.md → one zip per module and SCORM version."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import jinja2

from builder.check import check_module
from builder.course import load_course
from builder.errors import BuildError, Problem, display_path
from builder.manifest import build_manifest
from builder.model import Course, Module
from builder.moodle_notes import moodle_notes
from builder.package import StagedWriter, Staging, source_timestamp, stale_files
from builder.render import LAUNCH_PAGE, render_launch_page
from builder.resources import asset_files, templates_dir
from builder.theme import theme_css
from builder.trainer_pack import trainer_pack, trainer_pack_name
from builder.workers import Workers

RUNTIME = "assets/runtime.js"  # the one script of every package (runtime_script)


@dataclass(frozen=True)
class BuiltPackage:
    """One zip written by the build."""

    path: Path
    module: Module
    scorm: str
    size: int


def _styles(course: Course) -> list[str]:
    """The runtime's stylesheets, to be inlined in the launch page (the text paints without
    waiting for another request), with the course colour and font from course.yml appended."""
    styles = [
        path.read_text(encoding="utf-8")
        for name, path in asset_files().items()
        if name.endswith(".css")
    ]
    if styles:
        styles[-1] += theme_css(course.config.colour, course.config.font)
    return styles


def package_files(course: Course, module: Module, scorm: str) -> dict[str, bytes | Path]:
    """Every file of the package (package path → bytes, or the file to copy: linked files
    are never read into memory), manifest included."""
    files: dict[str, bytes | Path] = {
        name: path.read_bytes()
        for name, path in asset_files().items()
        if not name.endswith((".css", ".js"))  # stylesheets inlined, scripts joined
    }
    files[RUNTIME] = runtime_script()
    files.update(module.media)
    logo = None
    if course.config.logo:
        logo = f"logo{course.config.logo.suffix.lower()}"
        files[logo] = course.config.logo
    page = render_launch_page(course, module, scorm, [RUNTIME], _styles(course), logo)
    files[LAUNCH_PAGE] = page.encode()
    files["imsmanifest.xml"] = build_manifest(course, module, scorm, LAUNCH_PAGE, files)
    return files


@cache
def runtime_script() -> bytes:
    """The runtime's scripts joined in load order into one file: each is a plain script on
    `window.SB`, and one request paints sooner than a dozen (each a request in Moodle)."""
    parts = [
        f"/* {name} */\n".encode() + path.read_bytes()
        for name, path in asset_files().items()
        if name.endswith(".js")
    ]
    return b"\n".join(parts)


def _stage(
    course: Course,
    versions: list[str],
    staging: Staging,
    workers: Workers,
    progress: Callable[[int, int, Module], None] | None,
) -> tuple[list[Problem], list[Problem], list[BuiltPackage]]:
    """Every module's packages staged (by the workers, in course order): the quality check's
    warnings, the template problems, and the packages."""
    checked: list[Problem] = []
    problems: list[Problem] = []
    built = []
    alone = replace(course, modules=[], warnings=[])  # what each worker needs of the course
    results = workers.map(_package, course.modules, alone, versions, staging.writer)
    pairs = zip(course.modules, results, strict=True)
    for number, (module, (warnings, result)) in enumerate(pairs, 1):
        if progress:
            progress(number, len(course.modules), module)
        checked += warnings
        for staged in result:
            if isinstance(staged, Problem):
                problems.append(staged)
                continue
            staging.add(staged.names)
            built.append(
                BuiltPackage(staging.out / staged.names[0], module, staged.scorm, staged.size)
            )
    return checked, problems, built


@dataclass(frozen=True)
class _Staged:
    """The files staged for one package: the zip first, then the notes and trainer pack."""

    scorm: str
    names: tuple[str, ...]
    size: int


def _package(
    module: Module, course: Course, versions: list[str], writer: StagedWriter
) -> tuple[list[Problem], list[_Staged | Problem]]:
    """The question-quality check's warnings, and one module's packages staged, one per
    version (run in a worker process); a problem in the templates instead of a package."""
    staged: list[_Staged | Problem] = []
    timestamp = source_timestamp(_sources(course, module))
    for scorm in versions:
        name = package_name(course, module, scorm)
        try:
            files = package_files(course, module, scorm)
            notes = moodle_notes(course, module, scorm, name)
            pack = trainer_pack(course, module, scorm, name)
        except jinja2.TemplateError as error:
            line = getattr(error, "lineno", None)
            where = getattr(error, "filename", None) or "templates/"
            staged.append(Problem(display_path(Path(where)), line, f"template: {error}"))
            continue
        names = (name, notes_name(name), trainer_pack_name(name))
        size = writer.zip(name, files, timestamp)
        writer.text(names[1], notes.encode())
        writer.text(names[2], pack)
        staged.append(_Staged(scorm, names, size))
    return check_module(module).warnings, staged


def write_package_dir(course: Course, module: Module, scorm: str, dest: Path) -> None:
    """The unzipped package (what the zip would hold) into `dest`."""
    for name, data in package_files(course, module, scorm).items():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Path):
            shutil.copyfile(data, target)
        else:
            target.write_bytes(data)


def package_name(course: Course, module: Module, scorm: str) -> str:
    """`<course-id>-<module-id>-scorm12.zip` (or `-scorm2004.zip`)."""
    return f"{course.config.id}-{module.id}-scorm{scorm.replace('.', '')}.zip"


def notes_name(zip_name: str) -> str:
    """The Moodle settings text written beside a zip: `<zip stem>.moodle.txt`."""
    return zip_name.removesuffix(".zip") + ".moodle.txt"


def _sources(course: Course, module: Module) -> list[Path]:
    config = [course.root / "course.yml", *([course.config.logo] if course.config.logo else [])]
    return [module.source, *config, *module.media.values(), *_tool_files()]


@cache
def _tool_files() -> tuple[Path, ...]:
    """The runtime's files and the templates: sources of every package."""
    templates = sorted(p for p in templates_dir().rglob("*") if p.is_file())
    return (*asset_files().values(), *templates)


def build_course(
    project: Path,
    out: Path,
    versions: Sequence[str],
    modules_dir: Path | None = None,
    progress: Callable[[int, int, Module], None] | None = None,
    strict: bool = False,
    warnings: list[Problem] | None = None,
    stale: list[Path] | None = None,
    clean: bool = False,
    jobs: int | None = 1,
) -> list[BuiltPackage]:
    """Build every module for each version (the course's default when none are given).

    Beside each zip goes `<name>.moodle.txt`: the Moodle settings that suit the package.
    Every file is written into a staging folder beside `out` and moved into `out` only when
    all are written, so a problem anywhere (Ctrl-C, a full disk) leaves `out` untouched.
    Files of this course in `out` that the build no longer produces are appended to `stale`;
    with `clean` they are removed (in the same all-or-nothing move).
    Warnings (the sources' and the question-quality check's) are appended to `warnings`;
    with `strict` they fail the build. Modules are parsed and packaged in `jobs` processes
    (1: this one; None: one per core for a large course, see `builder.workers`: a script that
    asks for more than one needs the `if __name__ == "__main__":` guard that `spawn` needs).
    """
    with Workers(jobs) as workers:
        course = load_course(project, modules_dir, workers)
        versions = list(versions) or [course.config.scorm]
        with Staging(out) as staging:
            try:
                checked, problems, built = _stage(course, versions, staging, workers, progress)
            finally:
                workers.close()  # before the staging folder goes: no worker writes in it now
            found = course.warnings + checked
            if strict and found:
                raise BuildError(found)
            if warnings is not None:
                warnings += found
            if problems:
                raise BuildError(problems)
            old = stale_files(out, course.config.id, staging.names)
            staging.commit(old if clean else ())
    if stale is not None:
        stale += [out / name for name in old]
    return built
