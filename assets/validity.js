/* Validity (效力) on the reader's own day, on the website and from file://.
 *
 * The build works out each document's whole timeline (gazette/validity.py: the rule lives there
 * only) and writes it as "@试行 2024-07-14@已失效": a status from the beginning, then each change
 * with the day it starts. Here we only look the reader's date up in it:
 *   - on a document page, every element with data-timeline shows the wording of the status in
 *     force today (the page holds a <… data-status> for each) and 截至 says today's date;
 *   - the search page turns each document's 效力 filter values (its timeline) into today's status,
 *     and shows that status on each result.
 * Without JavaScript the page shows the status on the day it was built, with that date.
 */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* The reader's date, YYYY-MM-DD, by the device's clock and time zone. */
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  /* "@试行 2024-07-14@已失效" → [{start: "", status: "试行"}, {start: "2024-07-14", status: "已失效"}],
     in order of start (search facets list the changes in any order). */
  function parse(code) {
    return String(code || "").split(/\s+/).filter(Boolean).map(function (part) {
      var at = part.indexOf("@");
      return { start: part.slice(0, at), status: part.slice(at + 1) };
    }).sort(function (a, b) { return a.start < b.start ? -1 : a.start > b.start ? 1 : 0; });
  }

  /* The status in force on a day: the last change that has started (ISO dates compare as text). */
  function statusOn(changes, day) {
    var status = "";
    changes.forEach(function (c) { if (!c.start || c.start <= day) status = c.status; });
    return status;
  }

  function cnDate(day) {
    var p = day.split("-");
    return Number(p[0]) + "年" + Number(p[1]) + "月" + Number(p[2]) + "日";
  }

  /* Show, in every data-timeline element under root, the wording of the status in force on day. */
  function apply(root, day) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-timeline]"), function (box) {
      var status = statusOn(parse(box.getAttribute("data-timeline")), day);
      box.setAttribute("data-current", status);
      Array.prototype.forEach.call(box.querySelectorAll("[data-status]"), function (el) {
        el.hidden = el.getAttribute("data-status") !== status;
      });
      Array.prototype.forEach.call(box.querySelectorAll("time.validity-day"), function (t) {
        t.setAttribute("datetime", day);
        t.textContent = cnDate(day);
      });
      Array.prototype.forEach.call(box.querySelectorAll(".validity-basis"), function (el) {
        el.textContent = "浏览时本机日期";
      });
    });
  }

  /* Search facets (gazette/pagefind_bundle.py): pairs = [[filter, value], …], values = page → [pair
     index, …]. A page's 效力 values are its timeline; replace them by one value, its status on day. */
  function rejudgeFacets(pairs, values, day) {
    var added = {};
    Object.keys(values).forEach(function (page) {
      var codes = [], kept = [];
      values[page].forEach(function (k) {
        if (pairs[k][0] === "效力" && pairs[k][1].indexOf("@") >= 0) codes.push(pairs[k][1]);
        else kept.push(k);
      });
      if (!codes.length) return;
      var status = statusOn(parse(codes.join(" ")), day);
      if (!(status in added)) { added[status] = pairs.length; pairs.push(["效力", status]); }
      kept.push(added[status]);
      values[page] = kept;
    });
  }

  /* A status badge for a search result, cloned from the page's <template id="status-badges">. */
  function badge(code, day) {
    var status = statusOn(parse(code), day);
    var source = document.getElementById("status-badges");
    var found = source && source.content.querySelector('[data-status="' + status + '"]');
    return found ? found.cloneNode(true) : null;
  }

  window.GazetteValidity = { today: today, parse: parse, statusOn: statusOn, apply: apply,
                             rejudgeFacets: rejudgeFacets, badge: badge };
  if (document.querySelector("[data-timeline]")) apply(document, today());
})();
