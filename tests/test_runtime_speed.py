"""Speed (project rule): a module's content paints within 25 % of a minimal one-page SCO.

The minimal SCO shows the same content as the module's opening page (its heading and text,
taken from the built page) in a bare HTML page with no stylesheet, and initialises the LMS
from an inline script as it is parsed: the least a SCO showing that text can do. What the
test measures is then what the package adds (theme, runtime, the other pages, the data),
not how long the text itself takes to lay out: a minimal SCO with one short paragraph paints
10-15 ms sooner than one with the opening page's text, whatever the package around it.

Largest Contentful Paint is read inside the SCO's frame (its own document's timeline), with
both SCOs in the same test LMS and the same run, each load in a fresh browser context (cold
cache, as a learner's first launch).

Why this is not flaky on 2 shared, busy cores: the loads come in LOADS pairs (module and
minimal SCO back to back, the order swapped every pair), so that a burst of load from other
work hits both halves of a pair alike, and the test takes the median over the pairs of
`module - 1.25 x minimal`: a burst that slows one pair several-fold moves the median by one
place only. Medians of each SCO's loads taken separately drifted by ±20 ms between runs at a
load average of 8; the paired median stays within a few milliseconds. SLACK_MS absorbs what is
left (LCP times are coarsened to a few milliseconds, and a paint can slip by one frame) on an
idle machine, where both SCOs paint in a few tens of milliseconds and 25 % alone is a handful
of milliseconds. A real regression (one more render-blocking request, script work before the
first paint) costs tens of milliseconds, and more under load, so it still fails.
"""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
from lms_harness import ROOT, Site, add_package, build_packages, launch, real_module_ids
from lxml import html
from sco_fixtures import write_minimal_sco

pytestmark = pytest.mark.speed  # timed: run alone, not beside other workers

LOADS = 25
RATIO = 1.25
SLACK_MS = 10.0
MODULES = real_module_ids()[:1]

# The last LCP candidate of the SCO's frame (LCP entries are only given to a buffered
# PerformanceObserver) and first-contentful-paint, once the page has loaded and painted twice
# more: a static page has no later candidate.
PAINTS = """
() => new Promise((resolve) => {
  let last = null;
  new PerformanceObserver((list) => {
    const entries = list.getEntries();
    last = entries[entries.length - 1];
  }).observe({ type: "largest-contentful-paint", buffered: true });
  const began = performance.now();
  const read = () => {
    if (!last && performance.now() - began < 3000) {
      setTimeout(read, 50); // a busy machine can deliver the buffered entry late
      return;
    }
    const fcp = performance.getEntriesByName("first-contentful-paint");
    resolve({
      lcp: last ? last.startTime : null,
      fcp: fcp.length ? fcp[0].startTime : null,
      element: last && last.element ? last.element.tagName : null,
    });
  };
  const settle = () =>
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(read, 50)));
  if (document.readyState === "complete") settle();
  else addEventListener("load", settle);
})
"""


@pytest.fixture(scope="session")
def packages(tmp_path_factory) -> dict[str, Path]:
    """The course's packages, unzipped."""
    return build_packages(ROOT, tmp_path_factory.mktemp("packages"))


def opening_page(site: Site, name: str) -> str:
    """The cover (course, module title, facts, Start) and the opening page's content, as HTML
    without classes, ids or what the first paint hides."""
    tree = html.parse(str(site.root / "pkg" / name / "index.html"))
    parts = [tree.find(".//header"), *tree.find(".//section[@data-page='0']")]
    for element in parts:
        for node in list(element.iter()):
            if "hidden" in node.attrib and node.getparent() is not None:
                node.getparent().remove(node)
        for node in element.iter():
            node.attrib.clear()
    return "".join(html.tostring(part, encoding="unicode") for part in parts)


def paints(browser, site: Site, name: str, version: str) -> dict[str, float]:
    """LCP and FCP (ms from the SCO frame's navigation start) of one cold load."""
    context = browser.new_context()
    try:
        page = context.new_page()
        run = launch(page, site, name, version)
        return run.frame.evaluate(PAINTS)
    finally:
        context.close()


@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("module", MODULES)
def test_module_paints_within_25_percent_of_a_minimal_sco(
    browser, tmp_path, static_server, packages, module, version
):
    site = Site(tmp_path / "site", static_server)
    name = add_package(site, f"{module}@{version}", packages[f"{module}@{version}"])
    write_minimal_sco(site.package_dir("minimal"), version, opening_page(site, name))
    module_runs, minimal_runs = [], []
    for number in range(LOADS):
        pair = [(name, module_runs), ("minimal", minimal_runs)]
        for sco, runs in pair if number % 2 else reversed(pair):
            runs.append(paints(browser, site, sco, version))
    assert all(r["lcp"] is not None for r in module_runs + minimal_runs), "LCP was reported"
    excess = statistics.median(
        m["lcp"] - RATIO * n["lcp"] for m, n in zip(module_runs, minimal_runs, strict=True)
    )
    lcp_module = statistics.median(r["lcp"] for r in module_runs)
    lcp_minimal = statistics.median(r["lcp"] for r in minimal_runs)
    fcp_module = statistics.median(r["fcp"] for r in module_runs)
    print(
        f"\n{module}@{version}: LCP median {lcp_module:.1f} ms (FCP {fcp_module:.1f} ms, "
        f"element {module_runs[-1]['element']}); minimal SCO LCP median {lcp_minimal:.1f} ms; "
        f"ratio {lcp_module / lcp_minimal:.2f}; paired median of module - 1.25 x minimal "
        f"{excess:+.1f} ms (limit +{SLACK_MS:.0f} ms)"
    )
    assert excess <= SLACK_MS
