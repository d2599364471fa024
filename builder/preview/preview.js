/* Every preview page: show build problems and reload after a good rebuild (Server-Sent Events). */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("preview-config").textContent);
  const box = document.getElementById("build-problems");

  function showProblems(problems) {
    box.replaceChildren();
    if (!problems.length) {
      box.hidden = true;
      return;
    }
    const heading = document.createElement("h2");
    heading.textContent = "The build failed: still showing the last good build";
    const list = document.createElement("ul");
    for (const problem of problems) {
      const item = document.createElement("li");
      const code = document.createElement("code");
      code.textContent = problem;
      item.append(code);
      list.append(item);
    }
    const hint = document.createElement("p");
    hint.textContent = "Fix the file and save: the page reloads by itself.";
    box.append(heading, list, hint);
    box.hidden = false;
  }

  /** Pages hook in here to unload the module cleanly before a reload. */
  window.previewReload = () => window.location.reload();

  showProblems(config.problems || []);
  const events = new EventSource("/events");
  events.addEventListener("build", (event) => {
    const status = JSON.parse(event.data);
    if (status.ok && status.generation !== config.generation) {
      events.close();
      window.previewReload();
    } else {
      showProblems(status.problems);
    }
  });
  window.addEventListener("pagehide", () => events.close());
})();
