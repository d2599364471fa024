/*
 * A minimal LMS for the benchmark: an in-memory SCORM 1.2 (window.API) and 2004
 * (window.API_1484_11) API that accepts every value and counts calls and commits.
 * Query: ?sco=<launch page URL>&v=1.2|2004. Read the counts from window.lms.
 */
"use strict";

(() => {
  const params = new URLSearchParams(location.search);
  const v12 = params.get("v") !== "2004";
  const data = v12
    ? {
        "cmi.core.lesson_status": "not attempted",
        "cmi.core.entry": "ab-initio",
        "cmi.core.lesson_mode": "normal",
        "cmi.core.credit": "credit",
        "cmi.core.student_id": "learner1",
        "cmi.core.student_name": "Learner, Test",
        "cmi.core.lesson_location": "",
        "cmi.suspend_data": "",
        "cmi.launch_data": "",
        "cmi.student_data.mastery_score": "",
      }
    : {
        "cmi.completion_status": "unknown",
        "cmi.success_status": "unknown",
        "cmi.entry": "ab-initio",
        "cmi.mode": "normal",
        "cmi.credit": "credit",
        "cmi.learner_id": "learner1",
        "cmi.learner_name": "Learner, Test",
        "cmi.location": "",
        "cmi.suspend_data": "",
        "cmi.launch_data": "",
        "cmi.scaled_passing_score": "",
      };
  const lms = { calls: [], commits: 0, finished: false, data };
  window.lms = lms;

  function count(element) {
    const prefix = element.slice(0, -"_count".length);
    const indices = new Set();
    for (const key of Object.keys(data)) {
      if (!key.startsWith(prefix)) continue;
      const m = /^(\d+)[._]/.exec(key.slice(prefix.length));
      if (m) indices.add(m[1]);
    }
    return String(indices.size);
  }

  function call(method, fn) {
    return (...args) => {
      lms.calls.push([method, ...args.map(String)]);
      return fn(...args);
    };
  }

  const get = (element) => {
    const name = String(element);
    if (name.endsWith("._count") || name.endsWith("_count")) return count(name);
    return name in data ? data[name] : "";
  };
  const set = (element, value) => {
    data[String(element)] = String(value);
    return "true";
  };
  const commit = () => {
    lms.commits += 1;
    return "true";
  };
  const finish = () => {
    lms.finished = true;
    return "true";
  };
  const ok = () => "true";
  const noError = () => "0";
  const text = () => "";

  if (v12) {
    window.API = {
      LMSInitialize: call("LMSInitialize", ok),
      LMSFinish: call("LMSFinish", finish),
      LMSGetValue: call("LMSGetValue", get),
      LMSSetValue: call("LMSSetValue", set),
      LMSCommit: call("LMSCommit", commit),
      LMSGetLastError: call("LMSGetLastError", noError),
      LMSGetErrorString: call("LMSGetErrorString", text),
      LMSGetDiagnostic: call("LMSGetDiagnostic", text),
    };
  } else {
    window.API_1484_11 = {
      Initialize: call("Initialize", ok),
      Terminate: call("Terminate", finish),
      GetValue: call("GetValue", get),
      SetValue: call("SetValue", set),
      Commit: call("Commit", commit),
      GetLastError: call("GetLastError", noError),
      GetErrorString: call("GetErrorString", text),
      GetDiagnostic: call("GetDiagnostic", text),
    };
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.getElementById("sco").src = params.get("sco");
  });
})();
