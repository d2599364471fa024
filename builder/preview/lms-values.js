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

   Six plain scripts, loaded in this order (EMULATOR in builder/preview_pages.py):
     lms-values.js     the value rules both versions share (this file)
     lms-model12.js    the SCORM 1.2 data model and error strings
     lms-model2004.js  the SCORM 2004 data model, error strings and interaction responses
     lms-runtime.js    what both APIs share: state, errors, SetValue/GetValue checks, storage
     lms-scorm12.js    the SCORM 1.2 API
     lms-scorm2004.js  the SCORM 2004 API
   Each adds its parts to `PreviewLMS`; the last leaves only Scorm12 and Scorm2004 there.
*/
(function (root) {
  "use strict";

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

  root.PreviewLMS = { RX, fail, maxLength, vocabulary, pattern, langString, langStringRule };
})(globalThis);
