/* The LMS emulator of `scorm-builder preview`: the SCORM 1.2 (`window.API`) and SCORM 2004
   (`window.API_1484_11`) run-time APIs, strict about the data models and about Moodle 4.5's
   stricter value rules (docs: ../shared/reference/moodle-scorm.md §2). Plain JS, no dependencies.

   new PreviewLMS.Scorm12(options) / new PreviewLMS.Scorm2004(options), options:
     tracks       {element: value} the LMS stored for this attempt (what Moodle would reload)
     mode         "normal" | "review" | "browse" (credit is "credit" only in normal mode)
     masteryScore (1.2) adlcp:masteryscore; scaledPassingScore, completionThreshold (2004)
     launchData   adlcp:dataFromLMS
     objectives   (2004) the manifest's objectiveIDs, which Moodle preloads into cmi.objectives
     standards    1.2 "SCORM standards mode": strings ≤255 and ≤4096 (else 64000)
     masteryOverride  Moodle's "Mastery score overrides status" (on by default)
     store(changes, final) → boolean   Commit/Finish: the changed elements, as Moodle posts them
     onCall(record)   every API call: {fn, element, value, result, error, why, notes}
*/
(function (root) {
  "use strict";

  const STRINGS_12 = {
    0: "No error",
    101: "General exception",
    201: "Invalid argument error",
    202: "Element cannot have children",
    203: "Element not an array - cannot have count",
    301: "Not initialized",
    401: "Not implemented error",
    402: "Invalid set value, element is a keyword",
    403: "Element is read only",
    404: "Element is write only",
    405: "Incorrect data type",
  };
  const STRINGS_2004 = {
    0: "No error",
    101: "General exception",
    102: "General initialization failure",
    103: "Already initialized",
    104: "Content instance terminated",
    111: "General termination failure",
    112: "Termination before initialization",
    113: "Termination after termination",
    122: "Retrieve data before initialization",
    123: "Retrieve data after termination",
    132: "Store data before initialization",
    133: "Store data after termination",
    142: "Commit before initialization",
    143: "Commit after termination",
    201: "General argument error",
    301: "General get failure",
    351: "General set failure",
    391: "General commit failure",
    401: "Undefined data model element",
    402: "Unimplemented data model element",
    403: "Data model element value not initialized",
    404: "Data model element is read only",
    405: "Data model element is write only",
    406: "Data model element type mismatch",
    407: "Data model element value out of range",
    408: "Data model dependency not established",
  };

  /* ---- value rules (Moodle's regular expressions, datamodels/scorm_12.js and scorm_13.js) ---- */

  const RX = {
    decimal12: /^-?[0-9]{0,3}(\.[0-9]*)?$/,
    sinteger: /^-?[0-9]+$/,
    identifier12: /^[\u0021-\u007E]{0,255}$/,
    time12: /^([0-2][0-9]):([0-5][0-9]):([0-5][0-9])(\.[0-9]{1,2})?$/,
    timespan12: /^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,2})?$/,
    result12: /^(correct|wrong|unanticipated|neutral|[0-9]{0,3}(\.[0-9]*)?)$/,
    decimal: /^-?[0-9]{1,5}(\.[0-9]{1,18})?$/,
    time: new RegExp(
      "^(19[7-9][0-9]|20[0-2][0-9]|203[0-8])((-(0[1-9]|1[0-2]))((-(0[1-9]|[1-2][0-9]|3[0-1]))" +
        "(T([0-1][0-9]|2[0-3])((:[0-5][0-9])((:[0-5][0-9])((\\.[0-9]{1,2})((Z|([+-]([0-1][0-9]|2[0-3])))" +
        "(:[0-5][0-9])?)?)?)?)?)?)?)?$",
    ),
    timespan: /^P(\d+Y)?(\d+M)?(\d+D)?(T(((\d+H)(\d+M)?(\d+(\.\d{1,2})?S)?)|((\d+M)(\d+(\.\d{1,2})?S)?)|((\d+(\.\d{1,2})?S))))?$/,
    longIdentifier: /^(?:(?!urn:)\S{1,4000}|urn:[A-Za-z0-9-]{1,31}:\S{1,4000})$/,
    shortIdentifier: /^[A-Za-z0-9_.]{1,250}$/,
    language: /^(([a-zA-Z]{2,3}|i|x)(-[a-zA-Z0-9-]{2,8})?)?$/,
    langPrefix: /^\{lang=([a-zA-Z]{2,3}|i|x)(-[a-zA-Z0-9-]{2,8})?\}/,
    result: /^(correct|incorrect|unanticipated|neutral|-?[0-9]{1,4}(\.[0-9]{1,18})?)$/,
    navRequest: /^(previous|continue|exit|exitAll|abandon|abandonAll|suspendAll|_none_|jump|\{target=\S{0,200}[a-zA-Z0-9]\}(choice|jump))$/,
  };

  const fail = (code, why) => ({ code: String(code), why });
  const quoted = (words) => words.map((w) => (w === "" ? '""' : `"${w}"`)).join(", ");

  /** A string of at most `max` characters (UTF-16 units, as Moodle's `{0,max}` counts them). */
  const maxLength = (code, max) => (v) =>
    v.length <= max ? null : fail(code, `${v.length} characters, over the limit of ${max}`);
  const vocabulary = (code, words) => (v) =>
    words.includes(v) ? null : fail(code, `must be one of ${quoted(words)} (case-sensitive)`);
  const pattern = (code, rx, what) => (v) => (rx.test(v) ? null : fail(code, what));

  /** Moodle's CMILangString250/4000: optional {lang=xx}, then one line not starting with "{". */
  function langString(v, max) {
    const prefix = RX.langPrefix.exec(v);
    const rest = prefix ? v.slice(prefix[0].length) : v;
    if (rest === "") return true;
    return rest[0] !== "{" && !/[\n\r\u2028\u2029]/.test(rest) && rest.length <= max + 1;
  }
  const langStringRule = (max) => (v) =>
    langString(v, max)
      ? null
      : fail(406, `must be one line of at most ${max} characters, not starting with "{" (an optional {lang=xx} prefix is allowed)`);

  /* ---------------------------------------- SCORM 1.2 ---------------------------------------- */

  function model12(options) {
    const s256 = options.standards ? 255 : 64000;
    const s4096 = options.standards ? 4096 : 64000;
    const decimal = (lo, hi) => (v) => {
      if (!RX.decimal12.test(v)) return fail(405, "must be a decimal number with at most 3 integer digits");
      const n = Number(v);
      return Number.isNaN(n) || n < lo || n > hi ? fail(405, `must be between ${lo} and ${hi}`) : null;
    };
    const sinteger = (lo, hi) => (v) =>
      RX.sinteger.test(v) && Number(v) >= lo && Number(v) <= hi
        ? null
        : fail(405, `must be a whole number from ${lo} to ${hi}`);
    const status = ["passed", "completed", "failed", "incomplete", "browsed"];
    const identifier = pattern(405, RX.identifier12, "must be printable ASCII with no spaces, at most 255 characters");
    const timespan = pattern(405, RX.timespan12, "must be HH:MM:SS or HH:MM:SS.SS (Moodle rejects other forms, e.g. PT5M or 0:05:00)");
    const K = (value) => ({ access: "r", keyword: true, value });
    const R = { access: "r" };
    const rw = (check) => ({ access: "rw", check });
    const w = (check) => ({ access: "w", check });
    return {
      "cmi._children": K("core,suspend_data,launch_data,comments,objectives,student_data,student_preference,interactions"),
      "cmi._version": K("3.4"),
      "cmi.core._children": K("student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time"),
      "cmi.core.student_id": R,
      "cmi.core.student_name": R,
      "cmi.core.lesson_location": rw(maxLength(405, s256)),
      "cmi.core.credit": R,
      "cmi.core.lesson_status": rw(vocabulary(405, status)),
      "cmi.core.entry": R,
      "cmi.core.score._children": K("raw,min,max"),
      "cmi.core.score.raw": rw(decimal(0, 100)),
      "cmi.core.score.min": rw(decimal(0, 100)),
      "cmi.core.score.max": rw(decimal(0, 100)),
      "cmi.core.total_time": R,
      "cmi.core.lesson_mode": R,
      "cmi.core.exit": w(vocabulary(405, ["time-out", "suspend", "logout", ""])),
      "cmi.core.session_time": w(timespan),
      "cmi.suspend_data": rw(maxLength(405, s4096)),
      "cmi.launch_data": R,
      "cmi.comments": rw(maxLength(405, s4096)),
      "cmi.comments_from_lms": R,
      "cmi.objectives._children": K("id,score,status"),
      "cmi.objectives._count": K(),
      "cmi.objectives.n.id": rw(identifier),
      "cmi.objectives.n.score._children": K("raw,min,max"),
      "cmi.objectives.n.score.raw": rw(decimal(0, 100)),
      "cmi.objectives.n.score.min": rw(decimal(0, 100)),
      "cmi.objectives.n.score.max": rw(decimal(0, 100)),
      "cmi.objectives.n.status": rw(vocabulary(405, [...status, "not attempted"])),
      "cmi.student_data._children": K("mastery_score,max_time_allowed,time_limit_action"),
      "cmi.student_data.mastery_score": R,
      "cmi.student_data.max_time_allowed": R,
      "cmi.student_data.time_limit_action": R,
      "cmi.student_preference._children": K("audio,language,speed,text"),
      "cmi.student_preference.audio": rw(sinteger(-1, 100)),
      "cmi.student_preference.language": rw(maxLength(405, s256)),
      "cmi.student_preference.speed": rw(sinteger(-100, 100)),
      "cmi.student_preference.text": rw(sinteger(-1, 1)),
      "cmi.interactions._children": K("id,objectives,time,type,correct_responses,weighting,student_response,result,latency"),
      "cmi.interactions._count": K(),
      "cmi.interactions.n.id": w(identifier),
      "cmi.interactions.n.objectives._count": K(),
      "cmi.interactions.n.objectives.n.id": w(identifier),
      "cmi.interactions.n.time": w(pattern(405, RX.time12, "must be a time of day HH:MM:SS[.SS]")),
      "cmi.interactions.n.type": w(vocabulary(405, ["true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert", "numeric"])),
      "cmi.interactions.n.correct_responses._count": K(),
      "cmi.interactions.n.correct_responses.n.pattern": w(maxLength(405, s256)),
      "cmi.interactions.n.weighting": w(decimal(-100, 100)),
      "cmi.interactions.n.student_response": w(maxLength(405, s256)),
      "cmi.interactions.n.result": w((v) =>
        v !== "" && RX.result12.test(v) ? null : fail(405, 'must be "correct", "wrong", "unanticipated", "neutral" or a number (Moodle rejects "incorrect")'),
      ),
      "cmi.interactions.n.latency": w(timespan),
      "nav.event": w(vocabulary(405, ["previous", "continue"])),
    };
  }

  /* ---------------------------------------- SCORM 2004 ---------------------------------------- */

  function splitNodes(value, delimiter) {
    return delimiter ? value.split(delimiter) : [value];
  }

  const SHORT = (node) => RX.shortIdentifier.test(node);
  const RESPONSES = {
    "true-false": { max: 1, node: (n) => n === "true" || n === "false", limit: 1 },
    choice: { max: 36, delimiter: "[,]", node: SHORT, unique: true },
    "fill-in": { max: 10, delimiter: "[,]", node: (n) => langString(n, 250), prefixes: true },
    "long-fill-in": { max: 1, node: (n) => langString(n, 4000), prefixes: true },
    matching: { max: 36, delimiter: "[,]", pair: [SHORT, SHORT], prefixes: true },
    performance: {
      max: 250,
      delimiter: "[,]",
      pair: [(n) => n === "" || SHORT(n), (n) => n === "" || SHORT(n) || RX.decimal.test(n)],
      prefixes: true,
    },
    sequencing: { max: 36, delimiter: "[,]", node: SHORT, prefixes: true },
    likert: { max: 1, node: SHORT, limit: 1 },
    numeric: { max: 1, node: (n) => RX.decimal.test(n), limit: 1 },
    other: { max: 1, node: (n) => n.length <= 4000, limit: 1 },
  };
  const RESPONSE_HELP = {
    "true-false": 'must be "true" or "false"',
    choice: "must be identifiers of [A-Za-z0-9_.] joined by [,], each once (Moodle rejects a,b and choice-a)",
    "fill-in": "must be at most 10 one-line strings joined by [,]",
    "long-fill-in": "must be one string with no line break",
    matching: "must be source[.]target pairs of [A-Za-z0-9_.] identifiers joined by [,]",
    performance: "must be step[.]answer pairs joined by [,]",
    sequencing: "must be identifiers of [A-Za-z0-9_.] joined by [,]",
    likert: "must be one identifier of [A-Za-z0-9_.]",
    numeric: "must be a decimal number",
    other: "must be at most 4000 characters",
  };

  /** Strip {case_matters=…}{order_matters=…}{lang=…} from a correct-response node. */
  function stripPrefixes(node) {
    let match;
    while ((match = /^\{(lang|case_matters|order_matters)=([^}]+)\}/.exec(node))) {
      if (match[1] === "lang") {
        if (!RX.langPrefix.test(node)) return null;
        node = node.slice(match[0].length);
        continue;
      }
      if (match[2] !== "true" && match[2] !== "false") return null;
      node = node.slice(match[0].length);
    }
    return node;
  }

  /** The nodes of a learner response or correct pattern for `type`; a failure or null. */
  function checkResponse(type, value, isPattern) {
    const rule = RESPONSES[type];
    if (isPattern && type === "numeric") {
      const parts = value.split("[:]");
      const ok = parts.length <= 2 && parts.every((p) => p === "" || RX.decimal.test(p));
      if (!ok) return fail(406, "must be min[:]max with decimal numbers");
      if (parts.length === 2 && parts[0] !== "" && parts[1] !== "" && Number(parts[0]) > Number(parts[1]))
        return fail(406, "minimum above maximum");
      return null;
    }
    if (isPattern && value === "" && type !== "true-false") return null;
    const nodes = splitNodes(value, rule.delimiter);
    if (nodes.length > rule.max) return fail(351, `more than ${rule.max} items`);
    for (let i = 0; i < nodes.length; i++) {
      let node = nodes[i];
      if (isPattern && rule.prefixes) {
        node = stripPrefixes(node);
        if (node === null) return fail(406, "bad {case_matters}, {order_matters} or {lang} prefix");
      }
      if (rule.pair) {
        const sides = node.split("[.]");
        if (sides.length !== 2 || !rule.pair[0](sides[0]) || !rule.pair[1](sides[1]))
          return fail(406, RESPONSE_HELP[type]);
      } else if (!rule.node(node)) {
        return fail(406, RESPONSE_HELP[type]);
      }
      if (rule.unique && nodes.indexOf(node) !== i) return fail(406, "an identifier appears twice");
    }
    return null;
  }

  function model2004() {
    const decimal = pattern(406, RX.decimal, "must be a decimal number: at most 5 integer digits, no exponent, no leading point");
    const ranged = (lo, hi) => (v) => {
      if (!RX.decimal.test(v)) return fail(406, "must be a decimal number");
      const n = Number(v);
      return n < lo || (hi !== null && n > hi) ? fail(407, `must be ${hi === null ? `at least ${lo}` : `between ${lo} and ${hi}`}`) : null;
    };
    const time = pattern(406, RX.time, "must be YYYY-MM-DDThh:mm:ss, optionally with .s or .ss and then a zone; years 1970–2038 (Moodle rejects toISOString())");
    const timespan = pattern(406, RX.timespan, "must be an ISO 8601 duration such as PT1M30S, at most 2 decimals on seconds");
    const longId = pattern(406, RX.longIdentifier, "must be an identifier with no spaces");
    const cstatus = vocabulary(406, ["completed", "incomplete", "not attempted", "unknown"]);
    const sstatus = vocabulary(406, ["passed", "failed", "unknown"]);
    const R = { access: "r" };
    const K = (value) => ({ access: "r", keyword: true, value });
    const rw = (check) => ({ access: "rw", check });
    return {
      "cmi._children": K("_version,comments_from_learner,comments_from_lms,completion_status,completion_threshold,credit,entry,exit,interactions,launch_data,learner_id,learner_name,learner_preference,location,max_time_allowed,mode,objectives,progress_measure,scaled_passing_score,score,session_time,success_status,suspend_data,time_limit_action,total_time"),
      "cmi._version": K("1.0"),
      "cmi.comments_from_learner._children": K("comment,timestamp,location"),
      "cmi.comments_from_learner._count": K(),
      "cmi.comments_from_learner.n.comment": rw(langStringRule(4000)),
      "cmi.comments_from_learner.n.location": rw(maxLength(406, 250)),
      "cmi.comments_from_learner.n.timestamp": rw(time),
      "cmi.comments_from_lms._children": K("comment,timestamp,location"),
      "cmi.comments_from_lms._count": K(),
      "cmi.comments_from_lms.n.comment": R,
      "cmi.comments_from_lms.n.location": R,
      "cmi.comments_from_lms.n.timestamp": R,
      "cmi.completion_status": rw(cstatus),
      "cmi.completion_threshold": R,
      "cmi.credit": R,
      "cmi.entry": R,
      "cmi.exit": { access: "w", check: vocabulary(406, ["time-out", "suspend", "logout", "normal", ""]) },
      "cmi.interactions._children": K("id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description"),
      "cmi.interactions._count": K(),
      "cmi.interactions.n.id": rw(longId),
      "cmi.interactions.n.type": rw(vocabulary(406, ["true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing", "likert", "numeric", "other"])),
      "cmi.interactions.n.objectives._count": K(),
      "cmi.interactions.n.objectives.n.id": rw(longId),
      "cmi.interactions.n.timestamp": rw(time),
      "cmi.interactions.n.correct_responses._count": K(),
      "cmi.interactions.n.correct_responses.n.pattern": rw(null),
      "cmi.interactions.n.weighting": rw(decimal),
      "cmi.interactions.n.learner_response": rw(null),
      "cmi.interactions.n.result": rw(pattern(406, RX.result, 'must be "correct", "incorrect", "unanticipated", "neutral" or a number (not "wrong")')),
      "cmi.interactions.n.latency": rw(timespan),
      "cmi.interactions.n.description": rw(langStringRule(250)),
      "cmi.launch_data": R,
      "cmi.learner_id": R,
      "cmi.learner_name": R,
      "cmi.learner_preference._children": K("audio_level,audio_captioning,delivery_speed,language"),
      "cmi.learner_preference.audio_level": rw(ranged(0, null)),
      "cmi.learner_preference.language": rw(pattern(406, RX.language, "must be a language code such as en-GB")),
      "cmi.learner_preference.delivery_speed": rw(ranged(0, null)),
      "cmi.learner_preference.audio_captioning": rw((v) =>
        ["-1", "0", "1"].includes(v) ? null : RX.sinteger.test(v) ? fail(407, "must be -1, 0 or 1") : fail(406, "must be -1, 0 or 1"),
      ),
      "cmi.location": rw(maxLength(406, 1000)),
      "cmi.max_time_allowed": R,
      "cmi.mode": R,
      "cmi.objectives._children": K("progress_measure,completion_status,success_status,description,score,id"),
      "cmi.objectives._count": K(),
      "cmi.objectives.n.id": rw(longId),
      "cmi.objectives.n.score._children": K("max,raw,scaled,min"),
      "cmi.objectives.n.score.scaled": rw(ranged(-1, 1)),
      "cmi.objectives.n.score.raw": rw(decimal),
      "cmi.objectives.n.score.min": rw(decimal),
      "cmi.objectives.n.score.max": rw(decimal),
      "cmi.objectives.n.success_status": rw(sstatus),
      "cmi.objectives.n.completion_status": rw(cstatus),
      "cmi.objectives.n.progress_measure": rw(ranged(0, 1)),
      "cmi.objectives.n.description": rw(langStringRule(250)),
      "cmi.progress_measure": rw(ranged(0, 1)),
      "cmi.scaled_passing_score": R,
      "cmi.score._children": K("max,raw,scaled,min"),
      "cmi.score.scaled": rw(ranged(-1, 1)),
      "cmi.score.raw": rw(decimal),
      "cmi.score.min": rw(decimal),
      "cmi.score.max": rw(decimal),
      "cmi.session_time": { access: "w", check: timespan },
      "cmi.success_status": rw(sstatus),
      "cmi.suspend_data": rw(maxLength(406, 64000)),
      "cmi.time_limit_action": R,
      "cmi.total_time": R,
      "adl.nav.request": rw(pattern(406, RX.navRequest, "must be a navigation request such as continue or previous")),
    };
  }

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

  /* ---------------------------------------- the API ---------------------------------------- */

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

  root.PreviewLMS = { Scorm12, Scorm2004 };
})(typeof window !== "undefined" ? window : globalThis);
