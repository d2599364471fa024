/* The LMS emulator's SCORM 2004 data model: each element's access and value rule, the
   learner responses and correct patterns of each interaction type, and the error strings
   (Moodle's datamodels/scorm_13.js). */
(function (shared) {
  "use strict";

  const { RX, fail, maxLength, vocabulary, pattern, langString, langStringRule } = shared;

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

  Object.assign(shared, { STRINGS_2004, RESPONSES, checkResponse, model2004 });
})(globalThis.PreviewLMS);
