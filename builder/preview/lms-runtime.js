/* The LMS emulator's core, shared by both APIs: the attempt's state and data in memory, the
   checks of SetValue and GetValue against the data model, the error codes, and what Commit
   and Finish post (storage) and Initialize reloads. */
(function (shared) {
  "use strict";

  const { STRINGS_12, STRINGS_2004, model12, model2004 } = shared;

  /** Collections in `element`: [{path, index}] for each numeric segment, outermost first. */
  function collections(element) {
    const parts = element.split(".");
    const found = [];
    for (let i = 1; i < parts.length; i++) {
      if (/^\d+$/.test(parts[i])) found.push({ path: parts.slice(0, i).join("."), index: parts[i] });
    }
    return found;
  }

  const modelOf = (element) => element.split(".").map((part) => (/^\d+$/.test(part) ? "n" : part)).join(".");

  class Runtime {
    constructor(options, version) {
      this.options = Object.assign({ mode: "normal", standards: true, masteryOverride: true, tracks: {} }, options);
      this.version = version;
      this.state = "new"; // "running", "done"
      this.lastError = "0";
      this.diagnostic = "";
      this.data = new Map();
      this.counts = new Map();
      this.committed = new Map();
      this.model = version === "1.2" ? model12(this.options) : model2004();
      this.load();
    }

    get credit() {
      return this.options.mode === "normal" ? "credit" : "no-credit";
    }

    /** Put a stored value in memory, growing the collections it belongs to. */
    restore(element, value) {
      this.data.set(element, String(value));
      this.committed.set(element, String(value));
      for (const { path, index } of collections(element)) {
        this.counts.set(path, Math.max(this.counts.get(path) || 0, Number(index) + 1));
      }
    }

    count(path) {
      return this.counts.get(path) || 0;
    }

    /** Record the call for the inspector, set the error code and return `result`. */
    reply(fn, element, value, result, code, why, notes) {
      this.lastError = String(code);
      this.diagnostic = why || "";
      if (this.options.onCall) {
        this.options.onCall({ fn, element, value, result, error: this.lastError, why: this.diagnostic, notes: notes || [] });
      }
      return result;
    }

    /** What Commit and Finish post: every writable element whose value changed. */
    changes() {
      const changed = {};
      for (const [element, value] of this.data) {
        if (this.committed.get(element) === value || element === "cmi.core.session_time") continue;
        const spec = this.model[modelOf(element)];
        if (spec && spec.access === "r" && !this.lmsWritten.includes(element)) continue;
        changed[element] = value;
      }
      return changed;
    }

    send(final) {
      const changed = this.changes();
      const ok = this.options.store ? this.options.store(changed, final) !== false : true;
      if (ok) for (const [element, value] of Object.entries(changed)) this.committed.set(element, value);
      return ok;
    }

    /** Elements not yet committed (for the inspector). */
    pending() {
      return Object.keys(this.changes()).length;
    }

    /** The in-memory data, including write-only elements (for the inspector). */
    snapshot() {
      return { data: Object.fromEntries(this.data), counts: Object.fromEntries(this.counts) };
    }

    errorString(code) {
      const table = this.version === "1.2" ? STRINGS_12 : STRINGS_2004;
      return table[String(code)] || "";
    }

    /** Shared checks of SetValue after the state and element checks. */
    setChecked(fn, element, value) {
      const v = String(value);
      const model = modelOf(element);
      const spec = this.model[model];
      const v12 = this.version === "1.2";
      if (!spec) {
        if (v12) return this.reply(fn, element, v, "false", 201, "not an element of the SCORM 1.2 data model");
        return this.reply(fn, element, v, "false", 401, "not an element of the SCORM 2004 data model");
      }
      if (collections(element).some(({ index }) => /^0\d/.test(index))) {
        return this.reply(fn, element, v, "false", v12 ? 201 : 351, "an index must not start with 0");
      }
      if (spec.access === "r") {
        if (v12) return this.reply(fn, element, v, "false", spec.keyword ? 402 : 403, "read-only element");
        return this.reply(fn, element, v, "false", 404, "read-only element");
      }
      const problem = spec.check ? spec.check(v) : null;
      if (problem) return this.reply(fn, element, v, "false", problem.code, problem.why);
      const order = this.checkOrder(element, v);
      if (order) return this.reply(fn, element, v, "false", order.code, order.why);
      const notes = this.notesForSet(element, v);
      this.store(element, v, notes);
      return this.reply(fn, element, v, "true", 0, "", notes);
    }

    /** Set the value and create the collection items it implies. */
    store(element, value) {
      for (const { path, index } of collections(element)) {
        if (Number(index) === this.count(path)) this.counts.set(path, Number(index) + 1);
      }
      this.data.set(element, value);
    }

    /** Moodle re-runs initdatamodel() on every Initialize: what was not committed is lost. */
    rollback() {
      const lost = this.pending();
      this.data = new Map([...this.data].filter(([element]) => this.committed.has(element)));
      for (const [element, value] of this.committed) if (this.data.has(element)) this.data.set(element, value);
      this.counts = new Map();
      for (const element of this.data.keys()) {
        for (const { path, index } of collections(element)) {
          this.counts.set(path, Math.max(this.count(path), Number(index) + 1));
        }
      }
      return lost ? [`Moodle reloads its data model first: ${lost} uncommitted change${lost === 1 ? " is" : "s are"} lost`] : [];
    }

    notesForSet(element, value) {
      const notes = [];
      if (this.options.mode !== "normal") {
        notes.push(`Moodle saves this although the mode is ${this.options.mode}: content should not write in review or browse mode`);
      }
      const rank = { "not attempted": 0, unknown: 0, browsed: 1, incomplete: 1, failed: 2, completed: 3, passed: 3 };
      const statusElements = ["cmi.core.lesson_status", "cmi.completion_status", "cmi.success_status"];
      if (statusElements.includes(element)) {
        const before = this.data.get(element);
        if (before !== undefined && rank[value] < rank[before] && !(element === "cmi.success_status" && before === "failed")) {
          notes.push(`status goes down from "${before}" to "${value}": Moodle stores it and the learner can lose completion`);
        }
      }
      return notes;
    }

    /** GetValue after the state checks. */
    getChecked(fn, element) {
      const v12 = this.version === "1.2";
      const model = modelOf(element);
      const spec = this.model[model];
      if (!spec) {
        const suffix = /\._(children|count)$/.exec(model);
        const parent = suffix ? model.slice(0, -suffix[0].length) : "";
        if (suffix && (this.model[parent] || this.model[`${parent}._children`])) {
          if (v12) return this.reply(fn, element, "", "", suffix[1] === "children" ? 202 : 203, `this element has no ${suffix[1]}`);
          return this.reply(fn, element, "", "", 301, `this element has no ${suffix[1]}`);
        }
        const nav = /^adl\.nav\.request_valid\.(continue|previous|choice\.\{target=\S+\}|jump\.\{target=\S+\})$/;
        if (!v12 && nav.test(element)) return this.reply(fn, element, "", "unknown", 0);
        if (v12) return this.reply(fn, element, "", "", 201, "not an element of the SCORM 1.2 data model");
        return this.reply(fn, element, "", "", 401, "not an element of the SCORM 2004 data model");
      }
      if (spec.access === "w") {
        return this.reply(fn, element, "", "", v12 ? 404 : 405, "write-only element");
      }
      for (const { path, index } of collections(element)) {
        if (Number(index) >= this.count(path) || /^0\d/.test(index)) {
          return this.reply(fn, element, "", "", v12 ? 201 : 301, `index ${index} is beyond ${path}._count (${this.count(path)})`);
        }
      }
      if (model.endsWith("._count")) return this.reply(fn, element, "", String(this.count(element.slice(0, -7))), 0);
      if (spec.value !== undefined) return this.reply(fn, element, "", spec.value, 0);
      const value = this.read(element);
      if (value === undefined) {
        if (v12) return this.reply(fn, element, "", "", 0);
        return this.reply(fn, element, "", "", 403, "not set yet");
      }
      return this.reply(fn, element, "", value, 0);
    }

    read(element) {
      return this.data.get(element);
    }

    notice(text) {
      if (this.options.onCall) this.options.onCall({ fn: "LMS", element: "", value: "", result: "", error: "", why: "", notes: [text] });
    }
  }

  Object.assign(shared, { collections, modelOf, Runtime });
})(globalThis.PreviewLMS);
