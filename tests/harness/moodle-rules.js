/*
 * Moodle 4.5's SetValue/GetValue checks that are stricter than scorm-again 3.4.3
 * (docs: /work/shared/reference/moodle-scorm.md §2.3-§2.6, from mod/scorm/datamodels/scorm_12.js
 * and scorm_13.js). Each check returns null when Moodle accepts the call, else
 * {code, message} with the error code Moodle's JavaScript API would set.
 */
"use strict";

(() => {
  const rx = {
    // SCORM 1.2 (scorm_12.js)
    status12: /^(passed|completed|failed|incomplete|browsed)$/,
    objStatus12: /^(passed|completed|failed|incomplete|browsed|not attempted)$/,
    exit12: /^(time-out|suspend|logout|)$/,
    score12: /^-?[0-9]{0,3}(\.[0-9]*)?$/,
    timespan12: /^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,2})?$/,
    time12: /^([0-2][0-9]):([0-5][0-9]):([0-5][0-9])(\.[0-9]{1,2})?$/,
    id12: /^[\u0021-\u007E]{0,255}$/,
    type12: /^(true-false|choice|fill-in|matching|performance|sequencing|likert|numeric)$/,
    result12: /^(correct|wrong|unanticipated|neutral|-?[0-9]{1,4}(\.[0-9]*)?)$/,
    decimal12: /^-?[0-9]{1,4}(\.[0-9]*)?$/,
    // SCORM 2004 (scorm_13.js)
    decimal: /^-?([0-9]{1,5})(\.[0-9]{1,18})?$/,
    time: new RegExp(
      "^(19[7-9][0-9]|20[0-2][0-9]|203[0-8])" +
        "(-(0[1-9]|1[0-2])" +
        "(-(0[1-9]|[12][0-9]|3[01])" +
        "(T([01][0-9]|2[0-3])" +
        "(:[0-5][0-9]" +
        "(:[0-5][0-9]" +
        "(\\.[0-9]{1,2}(Z|[+-]([01][0-9]|2[0-3])(:[0-5][0-9])?)?" +
        ")?)?)?)?)?)?$",
    ),
    timespan: /^P(\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/,
    longId: /^(urn:[\w-]{1,31}:[^\s]{1,4000}|[^\s]{1,4000})$/,
    shortId: /^[\w.]{1,250}$/,
    completion: /^(completed|incomplete|not attempted|unknown)$/,
    success: /^(passed|failed|unknown)$/,
    exit: /^(time-out|suspend|logout|normal|)$/,
    type: /^(true-false|choice|fill-in|long-fill-in|matching|performance|sequencing|likert|numeric|other)$/,
    result: /^(correct|incorrect|unanticipated|neutral|-?([0-9]{1,5})(\.[0-9]{1,18})?)$/,
  };

  const fail = (code, message) => ({ code: String(code), message });

  /** Limits of 1.2 strings: 255/4096 with "standards mode" on, 64000 without. */
  const limit12 = (standards, small) => (standards ? small : 64000);

  /**
   * SCORM 1.2 LMSSetValue. `state.count(n)` gives the interaction count known to the LMS.
   */
  function set12(element, value, state) {
    const v = String(value);
    const bad = (what) => fail(405, `${element}: ${what} (${JSON.stringify(v).slice(0, 80)})`);
    const std = state.standards;
    let m;
    switch (element) {
      case "cmi.core.lesson_status":
        return rx.status12.test(v) ? null : bad("not in passed|completed|failed|incomplete|browsed");
      case "cmi.core.exit":
        return rx.exit12.test(v) ? null : bad("not in time-out|suspend|logout|''");
      case "cmi.core.session_time":
        return rx.timespan12.test(v) ? null : bad("not HH:MM:SS[.SS]");
      case "cmi.core.lesson_location":
        return v.length <= limit12(std, 255) ? null : bad(`longer than ${limit12(std, 255)}`);
      case "cmi.suspend_data":
        return v.length <= limit12(std, 4096) ? null : bad(`longer than ${limit12(std, 4096)}`);
      case "cmi.comments":
        return v.length <= limit12(std, 4096) ? null : bad(`longer than ${limit12(std, 4096)}`);
      case "cmi.core.score.raw":
      case "cmi.core.score.min":
      case "cmi.core.score.max":
        if (v === "") return bad("empty score (Moodle stores 0)");
        if (!rx.score12.test(v) || Number(v) < 0 || Number(v) > 100) return bad("not a score 0-100");
        return null;
      default:
        break;
    }
    if ((m = /^cmi\.objectives\.(\d+)\.(.+)$/.exec(element))) {
      const field = m[2];
      if (field === "id") return rx.id12.test(v) ? null : bad("not printable ASCII without spaces, ≤255");
      if (field === "status") return rx.objStatus12.test(v) ? null : bad("not a status");
      if (/^score\.(raw|min|max)$/.test(field)) {
        return rx.score12.test(v) && v !== "" && Number(v) >= 0 && Number(v) <= 100 ? null : bad("not a score 0-100");
      }
      return null;
    }
    if ((m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(element))) {
      const n = Number(m[1]);
      const field = m[2];
      if (n > state.count()) return fail(201, `${element}: index ${n} beyond _count ${state.count()}`);
      if (field === "id" || /^objectives\.\d+\.id$/.test(field)) {
        return rx.id12.test(v) ? null : bad("not printable ASCII without spaces, ≤255");
      }
      if (field === "time") return rx.time12.test(v) ? null : bad("not a time of day HH:MM:SS[.SS]");
      if (field === "type") return rx.type12.test(v) ? null : bad("not a SCORM 1.2 interaction type");
      if (field === "result") return rx.result12.test(v) ? null : bad("not correct|wrong|unanticipated|neutral|decimal");
      if (field === "latency") return rx.timespan12.test(v) ? null : bad("not HH:MM:SS[.SS]");
      if (field === "weighting") {
        return rx.decimal12.test(v) && Number(v) >= -100 && Number(v) <= 100 ? null : bad("not a decimal -100..100");
      }
      if (field === "student_response" || /^correct_responses\.\d+\.pattern$/.test(field)) {
        return v.length <= limit12(std, 255) ? null : bad(`longer than ${limit12(std, 255)}`);
      }
    }
    return null;
  }

  /** SCORM 1.2 LMSGetValue: elements Moodle makes write-only. */
  function get12(element) {
    if (element === "cmi.core.exit" || element === "cmi.core.session_time") {
      return fail(404, `${element} is write-only`);
    }
    if (/^cmi\.interactions\.\d+\./.test(element)) return fail(404, `${element} is write-only`);
    return null;
  }

  /** A 2004 response or pattern for `type` (scorm_13.js:109-120). */
  function response2004(type, v) {
    if (type === "true-false") return /^(true|false)$/.test(v) ? null : "not true|false";
    if (type === "choice" || type === "sequencing") {
      if (v === "" && type === "choice") return null;
      const tokens = v.split("[,]");
      if (tokens.length > 36) return "more than 36 choices";
      if (!tokens.every((t) => rx.shortId.test(t))) return "tokens must be [A-Za-z0-9_.] joined by [,]";
      if (type === "choice" && new Set(tokens).size !== tokens.length) return "duplicate choices";
      return null;
    }
    if (type === "likert") return rx.shortId.test(v) ? null : "not a short identifier";
    if (type === "matching") {
      const ok = v.split("[,]").every((p) => {
        const pair = p.split("[.]");
        return pair.length === 2 && pair.every((t) => rx.shortId.test(t));
      });
      return ok ? null : "not src[.]tgt pairs of short identifiers";
    }
    if (type === "fill-in" || type === "long-fill-in") return /[\r\n]/.test(v) ? "contains a newline" : null;
    if (type === "numeric") return null;
    return v.length <= 4000 ? null : "longer than 4000";
  }

  /**
   * SCORM 2004 SetValue. `state.interaction(n)` gives {id, type} known so far for index n
   * (from preloaded data or earlier successful SetValue calls).
   */
  function set2004(element, value, state) {
    const v = String(value);
    const bad = (what, code = 406) => fail(code, `${element}: ${what} (${JSON.stringify(v).slice(0, 80)})`);
    let m;
    switch (element) {
      case "cmi.completion_status":
        return rx.completion.test(v) ? null : bad("not completed|incomplete|not attempted|unknown");
      case "cmi.success_status":
        return rx.success.test(v) ? null : bad("not passed|failed|unknown");
      case "cmi.exit":
        return rx.exit.test(v) ? null : bad("not time-out|suspend|logout|normal|''");
      case "cmi.location":
        return v.length <= 1000 ? null : bad("longer than 1000");
      case "cmi.suspend_data":
        return v.length <= 64000 ? null : bad("longer than 64000");
      case "cmi.session_time":
        return rx.timespan.test(v) ? null : bad("not a CMITimespan with ≤2 fractional digits");
      case "cmi.score.raw":
      case "cmi.score.min":
      case "cmi.score.max":
        return rx.decimal.test(v) ? null : bad("not a CMIDecimal");
      case "cmi.score.scaled":
        if (!rx.decimal.test(v)) return bad("not a CMIDecimal");
        return Number(v) >= -1 && Number(v) <= 1 ? null : bad("not in -1..1", 407);
      case "cmi.progress_measure":
        if (!rx.decimal.test(v)) return bad("not a CMIDecimal");
        return Number(v) >= 0 && Number(v) <= 1 ? null : bad("not in 0..1", 407);
      default:
        break;
    }
    if ((m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(element))) {
      const known = state.interaction(Number(m[1]));
      const field = m[2];
      if (field === "id") return rx.longId.test(v) ? null : bad("not a long identifier (no whitespace)");
      if (!known.id) return bad("set before the interaction's id", 408);
      if (field === "type") return rx.type.test(v) ? null : bad("not an interaction type");
      if (field === "description") {
        if (/[\r\n]/.test(v)) return bad("not one line");
        if (v.length > 250) return bad("longer than 250");
        if (v.startsWith("{") && !/^\{lang=[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*\}/.test(v)) return bad("starts with {");
        return null;
      }
      if (field === "learner_response" || /^correct_responses\.\d+\.pattern$/.test(field)) {
        if (!known.type) return bad("set before the interaction's type", 408);
        const why = response2004(known.type, v);
        return why ? bad(why) : null;
      }
      if (field === "result") return rx.result.test(v) ? null : bad("not correct|incorrect|unanticipated|neutral|decimal");
      if (field === "timestamp") return rx.time.test(v) ? null : bad("not a Moodle CMITime");
      if (field === "latency") return rx.timespan.test(v) ? null : bad("not a CMITimespan with ≤2 fractional digits");
      if (field === "weighting") return rx.decimal.test(v) ? null : bad("not a CMIDecimal");
      if (/^objectives\.\d+\.id$/.test(field)) return rx.longId.test(v) ? null : bad("not a long identifier");
      return null;
    }
    if ((m = /^cmi\.objectives\.(\d+)\.(.+)$/.exec(element))) {
      const field = m[2];
      if (field === "id") return rx.longId.test(v) ? null : bad("not a long identifier");
      if (field === "description") return v.length <= 250 && !/[\r\n]/.test(v) ? null : bad("not one line ≤250");
      if (field === "success_status") return rx.success.test(v) ? null : bad("not a success status");
      if (field === "completion_status") return rx.completion.test(v) ? null : bad("not a completion status");
      if (/^score\.(raw|min|max)$/.test(field)) return rx.decimal.test(v) ? null : bad("not a CMIDecimal");
      return null;
    }
    if ((m = /^cmi\.comments_from_learner\.(\d+)\.(.+)$/.exec(element))) {
      const field = m[2];
      if (field === "comment") return v.length <= 4000 ? null : bad("longer than 4000");
      if (field === "location") return v.length <= 250 ? null : bad("longer than 250");
      if (field === "timestamp") return rx.time.test(v) ? null : bad("not a Moodle CMITime");
    }
    return null;
  }

  window.MoodleRules = { set12, get12, set2004 };
})();
