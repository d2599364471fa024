/*
 * The test LMS. Loads scorm-again, installs it as window.API (1.2) or window.API_1484_11 (2004)
 * behind a recording wrapper that also enforces Moodle's stricter value rules
 * (moodle-rules.js), then opens the SCO in an iframe as Moodle's player does.
 *
 * Configuration: ?cfg=<JSON> on this page's URL, keys:
 *   version   "1.2" | "2004"                     (default "1.2")
 *   sco       URL of the package's launch page    (required)
 *   preload   {"cmi.element": "value", ...}       flattened CMI loaded before Initialize (resume)
 *   mode      "normal" | "review" | "browse"      (default "normal")
 *   credit    "credit" | "no-credit"              (default "credit")
 *   standards true: 1.2 limits 255/4096 (Moodle "standards mode"); false: 64000 (default true)
 *   noApi     true: install no API at all (the SCO must fall back to preview mode)
 *   faults    {commitFalse, setValueError, throws: true | ["Commit", ...], commitDelayMs}
 *   masteryScore        1.2: the manifest's adlcp:masteryscore ("" when none)
 *   scaledPassingScore  2004: the primary objective's minNormalizedMeasure ("" when none)
 *
 * Exposed to Playwright as window.harness: calls (every API call), stored (what Moodle's
 * database would hold after the successful commits), violations, cmi() (scorm-again's state),
 * finished (true once Finish/Terminate was called), closeSco() (removes the iframe: pagehide).
 *
 * At LMSFinish (1.2) the harness also does what Moodle's scorm_12.js does to the status
 * (reference §2.4): "not attempted" becomes "completed" ("browsed" in browse mode), and with a
 * mastery score, in normal mode with credit, a stored score.raw turns the status into
 * passed/failed. Such changes are logged as method "moodle".
 */
"use strict";

(() => {
  const params = new URLSearchParams(location.search);
  const config = Object.assign(
    {
      version: "1.2",
      preload: {},
      mode: "normal",
      credit: "credit",
      standards: true,
      faults: {},
      masteryScore: "",
      scaledPassingScore: "",
    },
    JSON.parse(params.get("cfg") || "{}"),
  );
  const is12 = config.version === "1.2";
  const t0 = performance.now();

  const NAMES = is12
    ? {
        init: "LMSInitialize",
        finish: "LMSFinish",
        get: "LMSGetValue",
        set: "LMSSetValue",
        commit: "LMSCommit",
        lastError: "LMSGetLastError",
        errorString: "LMSGetErrorString",
        diagnostic: "LMSGetDiagnostic",
      }
    : {
        init: "Initialize",
        finish: "Terminate",
        get: "GetValue",
        set: "SetValue",
        commit: "Commit",
        lastError: "GetLastError",
        errorString: "GetErrorString",
        diagnostic: "GetDiagnostic",
      };

  const harness = {
    config,
    origin: performance.timeOrigin + t0, // calls[i].t is ms after this (epoch ms)
    calls: [],
    violations: [],
    stored: {},
    pending: {},
    commits: 0,
    initialized: false,
    finished: false,
    api: null,
    scoLoaded: false,
    cmi: () => (harness.api ? harness.api.renderCMIToJSONObject() : null),
    flatCmi: () => (harness.api ? harness.api.getFlattenedCMI() : null),
    closeSco: () => {
      const frame = document.querySelector("#player iframe");
      if (frame) frame.remove();
    },
  };
  window.harness = harness;

  /** Interactions Moodle knows of: preloaded plus those set this session. */
  const interactions = [];
  for (const [key, value] of Object.entries(config.preload)) {
    const m = /^cmi\.interactions\.(\d+)\.(id|type)$/.exec(key);
    if (m) {
      interactions[Number(m[1])] = interactions[Number(m[1])] || {};
      interactions[Number(m[1])][m[2]] = value;
    }
  }
  const ruleState = {
    standards: config.standards,
    count: () => interactions.length,
    interaction: (n) => interactions[n] || {},
  };

  function busyWait(ms) {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      /* a synchronous XHR to datamodel.php blocks like this */
    }
  }

  function faultThrows(method) {
    const throws = config.faults.throws;
    return throws === true || (Array.isArray(throws) && throws.includes(method));
  }

  /** What Moodle's LMSFinish does to the stored 1.2 status (scorm_12.js:620-642). */
  function moodleFinish12(record) {
    const stored = harness.stored;
    const before = stored["cmi.core.lesson_status"] || "not attempted";
    let status = before;
    if (config.mode === "browse") {
      if (status === "not attempted") status = "browsed";
    } else {
      if (status === "not attempted") status = "completed";
      const raw = stored["cmi.core.score.raw"];
      const graded = config.mode === "normal" && config.credit === "credit";
      if (graded && config.masteryScore !== "" && raw) {
        status = Number(raw) >= Number(config.masteryScore) ? "passed" : "failed";
      }
    }
    if (status !== before) {
      stored["cmi.core.lesson_status"] = status;
      record("moodle", "cmi.core.lesson_status", status, "true", "0");
    }
  }

  /** Builds the wrapper installed where the SCO looks for the API. */
  function wrap(inner) {
    let override = null; // Moodle error code set by the wrapper for the last call
    const innerError = () => String(inner[NAMES.lastError]());

    function record(method, element, value, result, error, violation) {
      const entry = {
        i: harness.calls.length,
        t: Math.round(performance.now() - t0),
        method,
        element,
        value,
        result: result === undefined ? undefined : String(result),
        error: String(error),
        violation: violation || null,
      };
      harness.calls.push(entry);
      if (violation) harness.violations.push(entry);
      return entry;
    }

    function store(into) {
      Object.assign(into, harness.pending);
      harness.pending = {};
    }

    const api = {};
    api[NAMES.init] = function (arg) {
      if (faultThrows(NAMES.init)) throw new Error("test LMS fault: Initialize throws");
      override = null;
      const result = inner[NAMES.init](arg);
      if (result === "true" || result === true) harness.initialized = true;
      record(NAMES.init, null, arg, result, innerError());
      return result;
    };
    api[NAMES.finish] = function (arg) {
      if (faultThrows(NAMES.finish)) throw new Error("test LMS fault: Finish throws");
      override = null;
      if (config.faults.commitDelayMs) busyWait(config.faults.commitDelayMs);
      const result = inner[NAMES.finish](arg);
      record(NAMES.finish, null, arg, result, innerError());
      if (String(result) === "true") {
        store(harness.stored);
        if (is12) moodleFinish12(record);
        harness.finished = true;
      }
      return result;
    };
    api[NAMES.commit] = function (arg) {
      if (faultThrows(NAMES.commit)) throw new Error("test LMS fault: Commit throws");
      override = null;
      if (config.faults.commitDelayMs) busyWait(config.faults.commitDelayMs);
      let result = inner[NAMES.commit](arg);
      if (config.faults.commitFalse && String(result) === "true") {
        result = "false";
        override = "101"; // Moodle: the POST to datamodel.php failed
      }
      if (String(result) === "true") {
        store(harness.stored);
        harness.commits += 1;
      }
      record(NAMES.commit, null, arg, result, override || innerError());
      return result;
    };
    api[NAMES.get] = function (element) {
      if (faultThrows(NAMES.get)) throw new Error("test LMS fault: GetValue throws");
      override = null;
      const violation = is12 && harness.initialized ? MoodleRules.get12(String(element)) : null;
      if (violation) {
        override = violation.code;
        record(NAMES.get, element, null, "", override, violation.message);
        return "";
      }
      const result = inner[NAMES.get](element);
      record(NAMES.get, element, null, result, innerError());
      return result;
    };
    api[NAMES.set] = function (element, value) {
      if (faultThrows(NAMES.set)) throw new Error("test LMS fault: SetValue throws");
      override = null;
      const name = String(element);
      if (config.faults.setValueError) {
        override = is12 ? "101" : "351";
        record(NAMES.set, element, value, "false", override);
        return "false";
      }
      const violation = harness.initialized
        ? is12
          ? MoodleRules.set12(name, value, ruleState)
          : MoodleRules.set2004(name, value, ruleState)
        : null;
      if (violation) {
        override = violation.code;
        record(NAMES.set, element, value, "false", override, violation.message);
        return "false";
      }
      const result = inner[NAMES.set](element, value);
      const error = innerError();
      if (String(result) === "true") {
        harness.pending[name] = String(value);
        const m = /^cmi\.interactions\.(\d+)\.(id|type)$/.exec(name);
        if (m) {
          interactions[Number(m[1])] = interactions[Number(m[1])] || {};
          interactions[Number(m[1])][m[2]] = String(value);
        }
      }
      record(NAMES.set, element, value, result, error);
      return result;
    };
    api[NAMES.lastError] = function () {
      if (faultThrows(NAMES.lastError)) throw new Error("test LMS fault: GetLastError throws");
      const code = override !== null ? override : innerError();
      record(NAMES.lastError, null, null, code, "0");
      return code;
    };
    api[NAMES.errorString] = function (code) {
      if (faultThrows(NAMES.errorString)) throw new Error("test LMS fault: GetErrorString throws");
      const result = inner[NAMES.errorString](code);
      record(NAMES.errorString, null, code, result, "0");
      return result;
    };
    api[NAMES.diagnostic] = function (code) {
      if (faultThrows(NAMES.diagnostic)) throw new Error("test LMS fault: GetDiagnostic throws");
      const result = inner[NAMES.diagnostic](code);
      record(NAMES.diagnostic, null, code, result, "0");
      return result;
    };
    return api;
  }

  function launch() {
    if (!config.noApi) {
      const Api = is12 ? window.Scorm12API : window.Scorm2004API;
      const inner = new Api({
        autocommit: false,
        lmsCommitUrl: false,
        logLevel: 5,
        // Moodle sets nothing at finish when the SCO did not; keep scorm-again from doing so.
        autoCompleteLessonStatus: false,
      });
      const prefix = is12 ? "cmi.core." : "cmi.";
      const base = {};
      base[`${prefix}${is12 ? "student_id" : "learner_id"}`] = "learner1";
      base[`${prefix}${is12 ? "student_name" : "learner_name"}`] = "Learner, Test";
      base[`${prefix}${is12 ? "lesson_mode" : "mode"}`] = config.mode;
      base[`${prefix}credit`] = config.credit;
      if (is12 && config.masteryScore !== "") {
        base["cmi.student_data.mastery_score"] = config.masteryScore;
      }
      if (!is12 && config.scaledPassingScore !== "") {
        base["cmi.scaled_passing_score"] = config.scaledPassingScore;
      }
      inner.loadFromFlattenedJSON(Object.assign(base, config.preload));
      harness.api = inner;
      harness.stored = Object.assign({}, config.preload);
      const wrapper = wrap(inner);
      if (is12) window.API = wrapper;
      else window.API_1484_11 = wrapper;
    }
    const frame = document.createElement("iframe");
    frame.title = "Course content";
    frame.name = "scorm_object";
    frame.addEventListener("load", () => {
      harness.scoLoaded = true;
    });
    frame.src = config.sco;
    document.getElementById("player").appendChild(frame);
  }

  if (config.noApi) {
    launch();
  } else {
    const script = document.createElement("script");
    script.src = `../scorm-again/${is12 ? "scorm12.js" : "scorm2004.js"}`;
    script.addEventListener("load", launch);
    document.head.appendChild(script);
  }
})();
