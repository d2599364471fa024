/* The LMS emulator's SCORM 1.2 data model: each element's access and value rule, and the
   error strings (Moodle's datamodels/scorm_12.js). */
(function (shared) {
  "use strict";

  const { RX, fail, maxLength, vocabulary, pattern } = shared;

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

  Object.assign(shared, { STRINGS_12, model12 });
})(globalThis.PreviewLMS);
