/* The LMS emulator's SCORM 2004 API (`window.API_1484_11`): Initialize … GetDiagnostic, with
   Moodle's reload on resume, its preloaded objectives, completion threshold and total time.
   The last of the emulator's scripts: it leaves only the two APIs in `PreviewLMS`. */
(function (shared) {
  "use strict";

  const { fail, collections, modelOf, Runtime, RESPONSES, checkResponse } = shared;

  /* ----------------------------------------- times ----------------------------------------- */

  function seconds2004(text) {
    const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text || "");
    if (!m) return 0;
    const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part || 0));
    return ((((y * 365 + mo * 30 + d) * 24 + h) * 60 + mi) * 60) + s;
  }

  function format2004(seconds) {
    const whole = Math.floor(seconds);
    const fraction = Math.round((seconds - whole) * 100);
    const s = whole % 60 + (fraction ? fraction / 100 : 0);
    return `PT${Math.floor(whole / 3600)}H${Math.floor(whole / 60) % 60}M${s}S`;
  }

  class Scorm2004 extends Runtime {
    constructor(options) {
      super(options, "2004");
      this.lmsWritten = ["cmi.completion_status", "cmi.total_time"];
    }

    /** Moodle's get_scorm_default(): stored values come back only if the last exit was suspend. */
    load() {
      const o = this.options;
      const tracks = o.tracks || {};
      const resume = tracks["cmi.exit"] === "suspend";
      if (resume) {
        for (const [element, value] of Object.entries(tracks)) {
          if (this.model[modelOf(element)] && element !== "cmi.session_time") this.restore(element, value);
        }
      } else {
        // The rows stay in Moodle's database; they are only overwritten one by one.
        for (const [element, value] of Object.entries(tracks)) this.committed.set(element, value);
      }
      const lms = {
        "cmi.learner_id": o.learnerId || "learner",
        "cmi.learner_name": o.learnerName || "Learner, Preview",
        "cmi.mode": o.mode,
        "cmi.credit": this.credit,
        "cmi.entry": resume ? "resume" : "ab-initio",
        "cmi.completion_status": (resume && tracks["cmi.completion_status"]) || "unknown",
        "cmi.success_status": (resume && tracks["cmi.success_status"]) || "unknown",
        "cmi.total_time": (resume && tracks["cmi.total_time"]) || "PT0H0M0S",
        "cmi.learner_preference.audio_level": (resume && tracks["cmi.learner_preference.audio_level"]) || "1",
        "cmi.learner_preference.delivery_speed": (resume && tracks["cmi.learner_preference.delivery_speed"]) || "1",
        "cmi.learner_preference.audio_captioning": (resume && tracks["cmi.learner_preference.audio_captioning"]) || "0",
        "cmi.learner_preference.language": (resume && tracks["cmi.learner_preference.language"]) || "",
        "cmi.launch_data": o.launchData || "",
        "adl.nav.request": "_none_",
      };
      const optional = {
        "cmi.scaled_passing_score": o.scaledPassingScore,
        "cmi.completion_threshold": o.completionThreshold,
      };
      for (const [element, value] of Object.entries(optional)) if (value) lms[element] = value;
      (o.objectives || []).forEach((id, index) => {
        if (!this.data.has(`cmi.objectives.${index}.id`)) this.restore(`cmi.objectives.${index}.id`, id);
      });
      for (const [element, value] of Object.entries(lms)) {
        this.data.set(element, value);
        if (!this.committed.has(element)) this.committed.set(element, value);
      }
    }

    /** Index order and dependencies: id before anything else, type before responses. */
    checkOrder(element, value) {
      const model = modelOf(element);
      const [outer, inner] = collections(element);
      if (!outer) return null;
      if (Number(outer.index) > this.count(outer.path)) {
        return fail(351, `index ${outer.index} skips ahead: write ${outer.path}.${this.count(outer.path)} first`);
      }
      const creating = Number(outer.index) === this.count(outer.path);
      const base = `${outer.path}.${outer.index}`;
      if (outer.path === "cmi.interactions" || outer.path === "cmi.objectives") {
        if (creating && !model.endsWith(".n.id")) return fail(408, `set ${base}.id first`);
        if (creating && inner) return fail(408, `set ${base}.id first`);
      }
      if (model === "cmi.objectives.n.id" || model === "cmi.interactions.n.id") {
        const before = this.data.get(element);
        if (before !== undefined && before !== value) return fail(351, `the id was already set to "${before}" and cannot change`);
        for (let i = 0; model === "cmi.objectives.n.id" && i < this.count(outer.path); i++) {
          if (String(i) !== outer.index && this.data.get(`${outer.path}.${i}.id`) === value) {
            return fail(351, `objective id "${value}" is already used at index ${i}`);
          }
        }
      }
      if (inner) {
        if (Number(inner.index) > this.count(inner.path)) {
          return fail(351, `index ${inner.index} skips ahead: write ${inner.path}.${this.count(inner.path)} first`);
        }
        const innerCreating = Number(inner.index) === this.count(inner.path);
        if (model === "cmi.interactions.n.objectives.n.id") {
          for (let i = 0; i < this.count(inner.path); i++) {
            if (String(i) !== inner.index && this.data.get(`${inner.path}.${i}.id`) === value) {
              return fail(351, `objective id "${value}" is already listed for this interaction`);
            }
          }
        } else if (innerCreating && !model.endsWith(".n.pattern")) {
          return fail(408, `set ${inner.path}.${inner.index} first`);
        }
      }
      if (model === "cmi.interactions.n.learner_response" || model === "cmi.interactions.n.correct_responses.n.pattern") {
        const type = this.data.get(`${base}.type`);
        if (type === undefined) return fail(408, `set ${base}.type first`);
        const isPattern = model.endsWith(".pattern");
        const problem = checkResponse(type, value, isPattern);
        if (problem) return problem;
        if (isPattern) {
          const path = `${base}.correct_responses`;
          const limit = RESPONSES[type].limit;
          if (limit && Number(inner.index) >= limit) return fail(351, `a ${type} interaction takes only ${limit} correct response`);
          for (let i = 0; i < this.count(path); i++) {
            if (String(i) !== inner.index && this.data.get(`${path}.${i}.pattern`) === value) {
              return fail(351, "this correct response pattern is already set");
            }
          }
        }
      }
      return null;
    }

    store(element, value) {
      super.store(element, value);
      if (/^cmi\.objectives\.\d+\.id$/.test(element)) {
        const base = element.slice(0, -3);
        for (const field of ["success_status", "completion_status"]) {
          if (!this.data.has(`${base}.${field}`)) this.data.set(`${base}.${field}`, "unknown");
        }
      }
    }

    Initialize(param) {
      const fn = "Initialize";
      if (param !== "" && param !== undefined) return this.reply(fn, "", String(param), "false", 201, "the argument must be an empty string");
      if (this.state === "running") return this.reply(fn, "", "", "false", 103, "already initialised", this.rollback());
      if (this.state === "done") return this.reply(fn, "", "", "false", 104, "terminated: Moodle never lets this API start again in the same player page");
      this.state = "running";
      return this.reply(fn, "", "", "true", 0);
    }

    Terminate(param) {
      const fn = "Terminate";
      if (param !== "" && param !== undefined) return this.reply(fn, "", String(param), "false", 201, "the argument must be an empty string");
      if (this.state === "new") return this.reply(fn, "", "", "false", 112, "not initialised");
      if (this.state === "done") return this.reply(fn, "", "", "false", 113, "already terminated");
      const threshold = this.data.get("cmi.completion_threshold");
      const progress = this.data.get("cmi.progress_measure");
      if (this.options.mode === "normal" && Number(threshold) && Number(progress)) {
        const result = Number(progress) >= Number(threshold) ? "completed" : "incomplete";
        const before = this.data.get("cmi.completion_status");
        this.data.set("cmi.completion_status", result);
        if (before !== result) {
          this.notice(`Terminate: completion threshold ${threshold} with progress ${progress} changes completion_status from "${before}" to "${result}"`);
        }
      }
      const session = this.data.get("cmi.session_time");
      if (session) {
        this.data.set("cmi.total_time", format2004(seconds2004(this.data.get("cmi.total_time")) + seconds2004(session)));
      } else {
        this.notice("Terminate: no cmi.session_time was set, so no time is recorded");
      }
      for (const element of ["cmi.completion_status", "cmi.success_status"]) {
        if (this.data.get(element) === "unknown") {
          this.notice(`Terminate: ${element} is still "unknown": Moodle never sets it for you`);
        }
      }
      if (this.data.get("cmi.exit") === "logout") this.notice('Terminate: cmi.exit is "logout": Moodle will not reload this data (use "suspend" to resume)');
      const ok = this.send(true);
      this.state = ok ? "done" : this.state;
      return this.reply(fn, "", "", ok ? "true" : "false", ok ? 0 : 101, ok ? "" : "the server did not store the data");
    }

    GetValue(element) {
      const fn = "GetValue";
      element = String(element === undefined ? "" : element);
      if (this.state === "new") return this.reply(fn, element, "", "", 122, "not initialised");
      if (this.state === "done") return this.reply(fn, element, "", "", 123, "terminated");
      if (element === "") return this.reply(fn, element, "", "", 301, "no element given");
      return this.getChecked(fn, element);
    }

    SetValue(element, value) {
      const fn = "SetValue";
      element = String(element === undefined ? "" : element);
      if (this.state === "new") return this.reply(fn, element, String(value), "false", 132, "not initialised");
      if (this.state === "done") return this.reply(fn, element, String(value), "false", 133, "terminated");
      if (element === "") return this.reply(fn, element, String(value), "false", 351, "no element given");
      return this.setChecked(fn, element, value);
    }

    Commit(param) {
      const fn = "Commit";
      if (param !== "" && param !== undefined) return this.reply(fn, "", String(param), "false", 201, "the argument must be an empty string");
      if (this.state === "new") return this.reply(fn, "", "", "false", 142, "not initialised");
      if (this.state === "done") return this.reply(fn, "", "", "false", 143, "terminated");
      const ok = this.send(false);
      return this.reply(fn, "", "", ok ? "true" : "false", ok ? 0 : 101, ok ? "" : "the server did not store the data");
    }

    GetLastError() {
      return this.lastError;
    }

    GetErrorString(code) {
      return this.errorString(code);
    }

    GetDiagnostic(code) {
      return code === "" || code === undefined ? this.diagnostic || this.lastError : this.errorString(code);
    }
  }

  globalThis.PreviewLMS = { Scorm12: shared.Scorm12, Scorm2004 };
})(globalThis.PreviewLMS);
