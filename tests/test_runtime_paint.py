"""What keeps a module's first paint fast, checked without timing it: nothing blocks the first
paint, the largest paint is the cover (in the HTML, painted without script), and the runtime
makes its first LMS call only once that paint is on the screen (or, in a frame that is never
drawn, after a second).

The speed rule itself (LCP within 25 % of a minimal SCO) is a budget measured by
`bench/run.py`, not here: timings move with the machine. What is asserted here is order, not
duration, so it holds on a slow or busy machine too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lms_harness import ROOT, VERSIONS, Site, add_package, build_packages, launch, real_module_ids

MODULE = real_module_ids()[0]

# The SCO frame's paints and requests, read once it has started: FCP and the largest paint
# (its element inside the cover or not), and each resource with its render-blocking status.
FRAME = """
() => new Promise((resolve) => {
  new PerformanceObserver((list, observer) => {
    observer.disconnect();
    const largest = list.getEntries().at(-1);
    resolve({
      origin: performance.timeOrigin,
      fcp: performance.getEntriesByName("first-contentful-paint")[0].startTime,
      largestInCover: Boolean(largest.element && largest.element.closest("header")),
      resources: performance.getEntriesByType("resource").map(
        (entry) => [new URL(entry.name).pathname.split("/").slice(3).join("/"),
                    entry.renderBlockingStatus]),
    });
  }).observe({ type: "largest-contentful-paint", buffered: true });
})
"""
# The test LMS with its player frame not drawn (display: none), from before the SCO paints.
HIDE_PLAYER = """
if (window === window.top) {
  document.addEventListener("DOMContentLoaded", () => {
    const style = document.createElement("style");
    style.textContent = "#player iframe { display: none }";
    document.head.append(style);
  });
}
"""
# Paint times are coarsened to a few milliseconds: a call that comes right after the paint can
# read up to this much before it.
COARSE_MS = 4


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    return build_packages(ROOT, tmp_path_factory.mktemp("paint"), only=MODULE)


@pytest.mark.parametrize("version", VERSIONS)
def test_nothing_blocks_the_cover_and_the_runtime_starts_after_it_is_painted(
    page, static_server, tmp_path, packages, version
):
    site = Site(tmp_path / "site", static_server)
    name = add_package(site, f"{MODULE}@{version}", packages[f"{MODULE}@{version}"])
    run = launch(page, site, name, version)
    frame = run.frame.evaluate(FRAME)
    assert frame["resources"] == [["assets/runtime.js", "non-blocking"]]
    assert frame["largestInCover"], "the largest paint is the cover, painted without script"
    first_call = page.evaluate("harness.origin + harness.calls[0].t")
    painted = frame["origin"] + frame["fcp"]
    assert first_call >= painted - COARSE_MS, (
        f"the runtime called the LMS {painted - first_call:.0f} ms before the first paint"
    )


def test_a_frame_that_is_never_drawn_starts_after_a_second(page, static_server, tmp_path, packages):
    site = Site(tmp_path / "site", static_server)
    name = add_package(site, f"{MODULE}@1.2", packages[f"{MODULE}@1.2"])
    page.add_init_script(HIDE_PLAYER)
    run = launch(page, site, name, "1.2")
    assert run.frame.evaluate("performance.getEntriesByType('paint').length") == 0
    first_call = page.evaluate("harness.origin + harness.calls[0].t")
    assert first_call - run.frame.evaluate("performance.timeOrigin") >= 1000
    assert not run.errors()
