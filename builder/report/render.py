"""The report page: `templates/report.html`, one self-contained file (inline CSS and SVG,
no script, nothing fetched from anywhere)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from builder.errors import display_path
from builder.model import Course
from builder.report import tables
from builder.report.charts import Bar, bar_chart
from builder.report.stats import MIN_R, ItemStats, ModuleStats
from builder.resources import templates_dir

TEMPLATE = "report.html"


@dataclass(frozen=True)
class ModuleView:
    """What the template shows of one module."""

    stats: ModuleStats
    summary: list[tuple[str, str]]
    scorm: str
    chart: Markup
    items: list[tuple[ItemStats, Markup, list[list[str]]]]  # stats, option chart, option rows
    learners: tables.Table | None


def render_report(
    course: Course,
    modules: list[ModuleStats],
    sources: list[Path],
    skipped: list[tuple[Path, str]],
    names: bool,
) -> str:
    """The HTML of the report."""
    environment = Environment(
        loader=FileSystemLoader(templates_dir()),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    views = [_view(stats, names) for stats in modules]
    reteach = [(view, tables.reteach(view.stats)) for view in views]
    return environment.get_template(TEMPLATE).render(
        course=course.config,
        modules=views,
        reteach=reteach,
        sources=[(display_path(p), p.name) for p in sources],
        skipped=[(display_path(p), reason) for p, reason in skipped],
        names=names,
        percent=tables.percent,
        discrimination=tables.discrimination,
        none=tables.NONE,
        min_r=MIN_R,
    )


def _view(stats: ModuleStats, names: bool) -> ModuleView:
    module = stats.data.key
    scorm = tables.version(stats)
    facility = bar_chart(
        f"chart-{module}",
        f"Facility of each question of {stats.data.title}: the table below gives the same figures",
        [Bar(i.item.title, (i.facility_first, i.facility_final)) for i in stats.items],
        ("right at the first try", "right in the end"),
    )
    every = {table.name: table for table in tables.module_tables(stats, names)}
    by_item: dict[str, list[list[str]]] = {}
    for row in every["options"].rows:
        by_item.setdefault(row[1], []).append(row[2:])
    items = []
    for number, item_stats in enumerate(stats.items, 1):
        rows = by_item.get(item_stats.item.title, [])
        chart = bar_chart(
            f"chart-{module}-{number}",
            f"Share choosing each option of {item_stats.item.title} at the first try: the "
            "table beside gives the same figures",
            [
                Bar(
                    f"{row[0]}{' (right)' if row[2] == 'yes' else ''}" if row[0] else row[1],
                    (int(row[3]) / item_stats.answered if item_stats.answered else None,),
                )
                for row in rows
            ],
            ("chosen at the first try",),
        )
        items.append((item_stats, Markup(chart), rows))
    learners = every.get("learners")
    return ModuleView(stats, tables.summary(stats), scorm, Markup(facility), items, learners)
