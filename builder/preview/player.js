/* The player page: installs the LMS emulator as Moodle's player does, launches the package in
   the iframe, and shows every API call and the data Moodle would store. */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("preview-config").textContent);
  const v12 = config.scorm === "1.2";
  const stateUrl = `/api/state/${config.scorm}/${encodeURIComponent(config.module)}`;
  const frame = document.getElementById("sco");
  const logBody = document.querySelector("#log tbody");
  const logScroll = document.getElementById("log-scroll");
  const showQueries = document.getElementById("show-queries");
  const QUERIES = v12
    ? ["LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic"]
    : ["GetLastError", "GetErrorString", "GetDiagnostic"];
  const MAX_ROWS = 2000;
  let api = null;
  let stored = {};
  let unloading = false;
  let refreshQueued = false;

  /* ---- storage: Moodle posts with a synchronous request, or a beacon while the page unloads ---- */

  function store(changes, final) {
    const body = JSON.stringify({ changes, final });
    let ok;
    if (unloading) {
      ok = navigator.sendBeacon(stateUrl, new Blob([body], { type: "text/plain" }));
    } else {
      const request = new XMLHttpRequest();
      request.open("POST", stateUrl, false);
      request.setRequestHeader("Content-Type", "application/json");
      try {
        request.send(body);
        ok = request.status === 200;
      } catch (error) {
        ok = false;
      }
    }
    if (ok) Object.assign(stored, changes);
    return ok;
  }

  function loadTracks() {
    const request = new XMLHttpRequest();
    request.open("GET", stateUrl, false);
    request.send();
    return JSON.parse(request.responseText).tracks;
  }

  /* ------------------------------------------------ the log ------------------------------------------------ */

  function cell(row, text, className) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    row.append(td);
    return td;
  }

  function errorText(code) {
    if (code === "" || code === "0") return code === "0" ? "0" : "";
    return `${code} ${api ? api.errorString(code) : ""}`.trim();
  }

  function logCall(record) {
    const row = document.createElement("tr");
    if (record.fn === "LMS") {
      row.className = "lms";
      const td = cell(row, `LMS: ${record.notes.join(" ")}`);
      td.colSpan = 5;
    } else {
      const failed = record.error !== "0" && record.error !== "";
      if (failed) row.className = "failed";
      if (QUERIES.includes(record.fn)) row.classList.add("query");
      cell(row, record.fn);
      cell(row, record.element, "mono");
      cell(row, record.value.length > 200 ? `${record.value.slice(0, 200)}… (${record.value.length} characters)` : record.value, "mono");
      cell(row, String(record.result).length > 200 ? `${String(record.result).slice(0, 200)}…` : String(record.result), "mono");
      const error = cell(row, errorText(record.error));
      const notes = [record.why, ...record.notes].filter(Boolean);
      if (notes.length) {
        const detail = document.createElement("span");
        detail.className = "why";
        detail.textContent = notes.join(" · ");
        error.append(detail);
      }
      if (record.notes.length) row.classList.add("warned");
    }
    const atEnd = logScroll.scrollTop + logScroll.clientHeight >= logScroll.scrollHeight - 4;
    logBody.append(row);
    while (logBody.rows.length > MAX_ROWS) logBody.deleteRow(0);
    if (atEnd) logScroll.scrollTop = logScroll.scrollHeight;
    queueRefresh();
  }

  /** Wraps the emulator so GetLastError & co. are logged too (the emulator logs the rest). */
  function instrument(target) {
    for (const name of QUERIES) {
      const original = target[name].bind(target);
      target[name] = (argument) => {
        const result = original(argument);
        logCall({ fn: name, element: "", value: argument === undefined ? "" : String(argument), result, error: "", why: "", notes: [] });
        return result;
      };
    }
    return target;
  }

  showQueries.addEventListener("change", () => {
    document.getElementById("log").classList.toggle("show-queries", showQueries.checked);
  });
  document.getElementById("clear-log").addEventListener("click", () => logBody.replaceChildren());

  /* --------------------------------------------- current data --------------------------------------------- */

  function queueRefresh() {
    if (refreshQueued) return;
    refreshQueued = true;
    requestAnimationFrame(() => {
      refreshQueued = false;
      refresh();
    });
  }

  function refresh() {
    if (!api) return;
    refreshStored();
    const { data } = api.snapshot();
    const get = (element) => (data[element] === undefined ? "" : data[element]);
    const suspend = get("cmi.suspend_data").length;
    const rows = v12
      ? [
          ["Status", get("cmi.core.lesson_status") || "not attempted", "cmi.core.lesson_status"],
          ["Score", score(get("cmi.core.score.raw"), get("cmi.core.score.min"), get("cmi.core.score.max")), "cmi.core.score.raw"],
          ["Location", get("cmi.core.lesson_location"), "cmi.core.lesson_location"],
          ["Exit", get("cmi.core.exit"), "cmi.core.exit"],
          ["Session time", get("cmi.core.session_time"), "cmi.core.session_time"],
          ["Total time", get("cmi.core.total_time"), "cmi.core.total_time"],
        ]
      : [
          ["Completion", get("cmi.completion_status"), "cmi.completion_status"],
          ["Success", get("cmi.success_status"), "cmi.success_status"],
          ["Progress", get("cmi.progress_measure"), "cmi.progress_measure"],
          ["Score", score(get("cmi.score.raw"), get("cmi.score.min"), get("cmi.score.max"), get("cmi.score.scaled")), "cmi.score.raw"],
          ["Location", get("cmi.location"), "cmi.location"],
          ["Exit", get("cmi.exit"), "cmi.exit"],
          ["Session time", get("cmi.session_time"), "cmi.session_time"],
          ["Total time", get("cmi.total_time"), "cmi.total_time"],
        ];
    rows.push(["Suspend data", `${suspend} of ${config.suspendLimit} characters`, "cmi.suspend_data"]);
    const pending = api.pending();
    rows.push(["Committed", pending ? `no: ${pending} change${pending === 1 ? "" : "s"} not sent yet` : "yes", ""]);
    const list = document.getElementById("cmi");
    list.replaceChildren();
    for (const [label, value, element] of rows) {
      const dt = document.createElement("dt");
      dt.textContent = label;
      if (element) dt.title = element;
      const dd = document.createElement("dd");
      dd.textContent = value === "" ? "—" : value;
      dd.dataset.element = element;
      if (element === "cmi.suspend_data" && suspend > config.suspendLimit) dd.className = "over";
      list.append(dt, dd);
    }
    const data12 = v12 ? "student_response" : "learner_response";
    const body = document.querySelector("#interactions tbody");
    body.replaceChildren();
    const count = Number(api.snapshot().counts["cmi.interactions"] || 0);
    for (let i = 0; i < count; i++) {
      const base = `cmi.interactions.${i}.`;
      const patterns = [];
      for (let j = 0; data[`${base}correct_responses.${j}.pattern`] !== undefined; j++) {
        patterns.push(data[`${base}correct_responses.${j}.pattern`]);
      }
      const row = document.createElement("tr");
      for (const text of [
        String(i),
        get(`${base}id`),
        get(`${base}type`),
        get(base + data12),
        patterns.join(" | "),
        get(`${base}result`),
        get(`${base}${v12 ? "time" : "timestamp"}`),
        get(`${base}latency`),
      ]) {
        cell(row, text, "mono");
      }
      if (!v12 && data[`${base}description`]) row.cells[1].title = data[`${base}description`];
      body.append(row);
    }
  }

  function refreshStored() {
    const elements = Object.keys(stored).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    document.getElementById("stored-count").textContent = String(elements.length);
    const body = document.querySelector("#stored-table tbody");
    body.replaceChildren();
    for (const element of elements) {
      const row = document.createElement("tr");
      cell(row, element, "mono");
      const value = stored[element];
      cell(row, value.length > 200 ? `${value.slice(0, 200)}… (${value.length} characters)` : value, "mono");
      body.append(row);
    }
  }

  function score(raw, min, max, scaled) {
    if (raw === "" && !scaled) return "";
    const range = min !== "" || max !== "" ? ` (${min || "?"}–${max || "?"})` : "";
    return `${raw}${range}${scaled ? `, scaled ${scaled}` : ""}`;
  }

  /* ------------------------------------------------ launching ------------------------------------------------ */

  /** Moodle reopens a finished attempt in review mode (scorm_check_mode), without credit. */
  function modeFor(tracks) {
    const finished = v12
      ? ["completed", "passed", "failed"].includes(tracks["cmi.core.lesson_status"])
      : tracks["cmi.completion_status"] === "completed";
    return finished ? "review" : "normal";
  }

  function launch() {
    const tracks = loadTracks();
    stored = { ...tracks };
    const mode = modeFor(tracks);
    const options = {
      tracks,
      mode,
      masteryScore: config.masteryScore,
      launchData: config.launchData,
      scaledPassingScore: config.scaledPassingScore,
      completionThreshold: config.completionThreshold,
      objectives: config.objectives,
      learnerId: "learner",
      learnerName: "Learner, Preview",
      standards: true,
      store,
      onCall: logCall,
    };
    api = instrument(v12 ? new window.PreviewLMS.Scorm12(options) : new window.PreviewLMS.Scorm2004(options));
    delete window.API;
    delete window.API_1484_11;
    window[v12 ? "API" : "API_1484_11"] = api;
    const entry = api.snapshot().data[v12 ? "cmi.core.entry" : "cmi.entry"];
    const attempt = document.getElementById("attempt");
    attempt.textContent =
      mode === "review"
        ? "Mode: review, no credit. The attempt is finished, so Moodle reopens it in review mode and still saves what the module writes. Reset the attempt to start a new one."
        : `Mode: normal, credit. Entry: ${entry || "(empty)"}.${v12 && config.masteryScore ? ` Mastery score ${config.masteryScore}: Moodle sets passed or failed from the score at LMSFinish.` : ""}`;
    attempt.textContent += v12
      ? " SCORM standards mode is on: strings up to 255 characters, suspend data up to 4096."
      : " Moodle reloads the stored data only if the module left with cmi.exit = suspend.";
    logCall({ fn: "LMS", notes: [`launch ${Object.keys(tracks).length ? "with the stored data" : "with no stored data"} (entry "${entry}", mode ${mode})`] });
    frame.src = config.launch;
  }

  /** Unload the module first (it finishes through the API), then run `next`. */
  function unloadThen(next) {
    frame.addEventListener("load", () => next(), { once: true });
    frame.src = "about:blank";
  }

  document.getElementById("relaunch").addEventListener("click", () => unloadThen(launch));
  document.getElementById("reset").addEventListener("click", () => {
    unloadThen(() => {
      const request = new XMLHttpRequest();
      request.open("DELETE", stateUrl, false);
      request.send();
      logBody.replaceChildren();
      launch();
    });
  });
  document.getElementById("switch").addEventListener("click", (event) => {
    event.preventDefault();
    const target = event.currentTarget.href;
    unloadThen(() => window.location.assign(target));
  });
  window.previewReload = () => unloadThen(() => window.location.reload());
  window.addEventListener("pagehide", () => {
    unloading = true;
  });

  launch();
})();
