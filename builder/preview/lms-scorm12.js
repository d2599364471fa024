/* The LMS emulator's SCORM 1.2 API (`window.API`): LMSInitialize … LMSGetDiagnostic, with
   Moodle's reload of stored data, its mastery override and its total time. */
(function (shared) {
  "use strict";

  const { RX, fail, collections, modelOf, Runtime } = shared;

  /* ----------------------------------------- times ----------------------------------------- */

  function hundredths12(text) {
    const m = RX.timespan12.exec(text || "");
    if (!m) return 0;
    return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 100 + Math.round(Number(m[4] || 0) * 100);
  }

  function format12(hundredths) {
    const pad = (n) => String(n).padStart(2, "0");
    const seconds = Math.floor(hundredths / 100);
    const rest = hundredths % 100;
    const text = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
    return rest ? `${text}.${pad(rest)}` : text;
  }

  class Scorm12 extends Runtime {
    constructor(options) {
      super(options, "1.2");
      this.lmsWritten = ["cmi.core.lesson_status", "cmi.core.total_time"];
    }

    /** Moodle's get_scorm_default(): every stored value comes back, whatever the last exit. */
    load() {
      const o = this.options;
      const tracks = o.tracks || {};
      for (const [element, value] of Object.entries(tracks)) {
        if (this.model[modelOf(element)] && element !== "cmi.core.session_time") this.restore(element, value);
      }
      const status = tracks["cmi.core.lesson_status"] || "";
      const entry = status === "" ? "ab-initio" : tracks["cmi.core.exit"] === "suspend" ? "resume" : "";
      const lms = {
        "cmi.core.student_id": o.learnerId || "learner",
        "cmi.core.student_name": o.learnerName || "Learner, Preview",
        "cmi.core.credit": this.credit,
        "cmi.core.entry": entry,
        "cmi.core.lesson_mode": o.mode,
        "cmi.launch_data": o.launchData || "",
        "cmi.student_data.mastery_score": o.masteryScore || "",
        "cmi.student_data.max_time_allowed": "",
        "cmi.student_data.time_limit_action": "",
        "cmi.comments_from_lms": "",
        "cmi.core.total_time": tracks["cmi.core.total_time"] || "00:00:00",
      };
      for (const [element, value] of Object.entries(lms)) this.restore(element, value);
    }

    read(element) {
      if (element === "cmi.core.lesson_status") return this.data.get(element) || "not attempted";
      return this.data.get(element);
    }

    store(element, value, notes) {
      if (element === "cmi.comments") value = (this.data.get(element) || "") + value;
      if (/^cmi\.(core|objectives\.\d+)\.score\.(raw|min|max)$/.test(element) && value === "") {
        value = "0";
        notes.push("Moodle stores an empty score as 0");
      }
      super.store(element, value);
    }

    checkOrder(element) {
      for (const { path, index } of collections(element)) {
        if (Number(index) > this.count(path)) {
          return fail(201, `index ${index} skips ahead: write ${path}.${this.count(path)} first`);
        }
      }
      return null;
    }

    LMSInitialize(param) {
      const fn = "LMSInitialize";
      if (param !== "" && param !== undefined) return this.reply(fn, "", String(param), "false", 201, "the argument must be an empty string");
      if (this.state === "running") return this.reply(fn, "", "", "false", 101, "already initialised", this.rollback());
      if (this.state === "done") {
        return this.reply(fn, "", "", "false", 101, "already finished", [
          "Moodle would initialise again here and, once interactions were committed, throw a TypeError: one LMSInitialize per launch",
        ]);
      }
      this.state = "running";
      return this.reply(fn, "", "", "true", 0);
    }

    LMSFinish(param) {
      const fn = "LMSFinish";
      if (param !== "" && param !== undefined) return this.reply(fn, "", String(param), "false", 201, "the argument must be an empty string");
      if (this.state !== "running") return this.reply(fn, "", "", "false", 301, "not initialised");
      this.state = "done";
      const status = this.read("cmi.core.lesson_status");
      if (status === "not attempted") {
        this.data.set("cmi.core.lesson_status", "completed");
        this.notice('LMSFinish: lesson_status was "not attempted", so Moodle sets "completed"');
      }
      const raw = this.data.get("cmi.core.score.raw") || "";
      const mastery = this.options.masteryScore || "";
      if (this.options.mode === "normal" && this.options.masteryOverride && mastery !== "" && raw !== "") {
        const result = Number(raw) >= Number(mastery) ? "passed" : "failed";
        const before = this.read("cmi.core.lesson_status");
        this.data.set("cmi.core.lesson_status", result);
        if (before !== result) {
          this.notice(`LMSFinish: mastery override (score ${raw}, mastery score ${mastery}) changes lesson_status from "${before}" to "${result}"`);
        }
      }
      const session = this.data.get("cmi.core.session_time");
      if (session) {
        const total = format12(hundredths12(this.data.get("cmi.core.total_time")) + hundredths12(session));
        this.data.set("cmi.core.total_time", total);
      } else {
        this.notice("LMSFinish: no cmi.core.session_time was set, so no time is recorded");
      }
      const ok = this.send(true);
      return this.reply(fn, "", "", ok ? "true" : "false", ok ? 0 : 101, ok ? "" : "the server did not store the data");
    }

    LMSGetValue(element) {
      const fn = "LMSGetValue";
      element = String(element === undefined ? "" : element);
      if (this.state !== "running") return this.reply(fn, element, "", "", 301, "not initialised");
      if (element === "") return this.reply(fn, element, "", "", 201, "no element given");
      return this.getChecked(fn, element);
    }

    LMSSetValue(element, value) {
      const fn = "LMSSetValue";
      element = String(element === undefined ? "" : element);
      if (this.state !== "running") return this.reply(fn, element, String(value), "false", 301, "not initialised");
      if (element === "") return this.reply(fn, element, String(value), "false", 201, "no element given");
      return this.setChecked(fn, element, value);
    }

    LMSCommit(param) {
      const fn = "LMSCommit";
      if (param !== "" && param !== undefined) return this.reply(fn, "", String(param), "false", 201, "the argument must be an empty string");
      if (this.state !== "running") return this.reply(fn, "", "", "false", 301, "not initialised");
      const ok = this.send(false);
      return this.reply(fn, "", "", ok ? "true" : "false", ok ? 0 : 101, ok ? "" : "the server did not store the data");
    }

    LMSGetLastError() {
      return this.lastError;
    }

    LMSGetErrorString(code) {
      return this.errorString(code);
    }

    LMSGetDiagnostic(code) {
      return code === "" || code === undefined ? this.diagnostic || this.lastError : this.errorString(code);
    }
  }

  shared.Scorm12 = Scorm12;
})(globalThis.PreviewLMS);
