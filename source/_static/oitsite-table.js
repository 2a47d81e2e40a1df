/* oitsite-table.js: filter and sort for large data tables (progressive enhancement).
 *
 * Enhances every div.oit-datatable (see oitsite/renderers/datatable.py):
 *   - a search box that hides rows not containing the text (Thai or Arabic digits alike);
 *   - sortable columns (numbers, Thai dates such as "31 มี.ค. 2567", then text);
 *   - when the page shows only the first rows (data-total > data-shown) and data-json names the
 *     JSON download, the search also looks through every record, fetched once on demand.
 * Without JavaScript the tables, the "ดูทั้งหมด" pages and the downloads work as they are.
 * No dependencies, no inline code (the site's CSP allows only script files from the site).
 */
(function () {
  "use strict";
  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";
  var MONTHS = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."];
  var MONTHS_LONG = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
    "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
  var MAX_MATCHES = 100;

  function arabic(s) {
    return String(s).replace(/[๐-๙]/g, function (d) { return String(THAI_DIGITS.indexOf(d)); });
  }
  function norm(s) { return arabic(s).toLowerCase().replace(/\s+/g, " ").trim(); }

  function sortKey(text) {
    var s = arabic(text).trim();
    var num = s.replace(/บาท|,|\s/g, "");
    if (/^-?\d+(\.\d+)?$/.test(num)) { return [0, parseFloat(num), ""]; }
    var m = /^(\d{1,2})\s+(\S+)\s+(\d{4})$/.exec(s);
    if (m) {
      var mon = MONTHS.indexOf(m[2]);
      if (mon < 0) { mon = MONTHS_LONG.indexOf(m[2]); }
      if (mon >= 0) { return [0, (+m[3]) * 10000 + (mon + 1) * 100 + (+m[1]), ""]; }
    }
    return [s === "" ? 2 : 1, 0, s];
  }
  function compare(a, b) {
    if (a[0] !== b[0]) { return a[0] - b[0]; }
    if (a[0] === 0) { return a[1] - b[1]; }
    return a[2].localeCompare(b[2], "th");
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function thaiDigits(s, useThai) {
    return useThai ? String(s).replace(/\d/g, function (d) { return THAI_DIGITS[+d]; }) : String(s);
  }
  function formatValue(field, v, useThai) {
    if (v === null || v === undefined || v === "") { return ""; }
    var t = field ? field.type : "text";
    if (t === "date" && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
      var p = v.split("-");
      return thaiDigits((+p[2]) + " " + MONTHS_LONG[(+p[1]) - 1] + " " + ((+p[0]) + 543), useThai);
    }
    if (t === "baht" && typeof v === "number") {
      return thaiDigits(v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + " บาท", useThai);
    }
    if ((t === "int" || t === "number") && typeof v === "number") { return thaiDigits(v.toLocaleString("en-US"), useThai); }
    if (t === "choice" && field.options && field.options[v]) { return field.options[v]; }
    if (t === "bool") { return v ? "ใช่" : "ไม่ใช่"; }
    return typeof v === "object" ? JSON.stringify(v) : String(v);
  }

  function enhance(box) {
    var table = box.querySelector("table");
    if (!table || !table.tBodies.length || box.getAttribute("data-oit-enhanced")) { return; }
    box.setAttribute("data-oit-enhanced", "1");
    var tbody = table.tBodies[0];
    var original = Array.prototype.slice.call(tbody.rows);
    var headers = Array.prototype.slice.call(table.tHead ? table.tHead.rows[0].cells : []);
    var total = parseInt(box.getAttribute("data-total") || "0", 10);
    var shown = parseInt(box.getAttribute("data-shown") || String(original.length), 10);
    var jsonUrl = box.getAttribute("data-json");
    var useThai = box.getAttribute("data-digits") === "thai";  // the agency's choice (agency.yaml digits)
    var all = null, loading = null;

    var bar = el("div", { "class": "oit-filter" });
    var id = "oit-filter-" + Math.random().toString(36).slice(2, 8);
    var label = el("label", { "for": id }, "ค้นหาในตาราง ");
    var input = el("input", { type: "search", id: id, placeholder: "พิมพ์คำค้น เช่น ชื่อโครงการ ผู้ประกอบการ",
      autocomplete: "off", enterkeyhint: "search" });
    var status = el("span", { "class": "oit-filter-status", role: "status", "aria-live": "polite" });
    label.appendChild(input);
    bar.appendChild(label);
    bar.appendChild(status);
    var scroll = table.closest(".oit-scroll") || table;
    scroll.parentNode.insertBefore(bar, scroll);

    function setRows(rows) {
      while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
      rows.forEach(function (r) { tbody.appendChild(r); });
    }

    function rowsFromJson(doc, query) {
      var fieldsByTitle = {};
      (doc.fields || []).forEach(function (f) { fieldsByTitle[norm(f.title)] = f; });
      var cols = headers.map(function (h) { return fieldsByTitle[norm(h.textContent)] || null; });
      var out = [], count = 0;
      (doc.records || []).forEach(function (rec, i) {
        var texts = cols.map(function (f) { return f ? formatValue(f, rec[f.key], useThai) : thaiDigits(i + 1, useThai); });
        if (query && norm(texts.join(" ")).indexOf(query) < 0) { return; }
        count += 1;
        if (out.length >= MAX_MATCHES) { return; }
        var tr = el("tr");
        texts.forEach(function (t, c) {
          var td = el("td", c < original[0].cells.length ? { "class": original[0].cells[c].className } : {});
          td.appendChild(el("p", {}, t));
          tr.appendChild(td);
        });
        out.push(tr);
      });
      return { rows: out, count: count };
    }

    function filterPage(query) {
      var n = 0;
      original.forEach(function (r) {
        var hit = !query || norm(r.textContent).indexOf(query) >= 0;
        r.hidden = !hit;
        if (hit) { n += 1; }
      });
      setRows(original);
      return n;
    }

    function run() {
      var query = norm(input.value);
      if (query && jsonUrl && total > shown && query.length >= 2) {
        if (all) {
          var res = rowsFromJson(all, query);
          setRows(res.rows);
          status.textContent = " พบ " + thaiDigits(res.count.toLocaleString("en-US"), useThai) + " รายการจากทั้งหมด " +
            thaiDigits(total.toLocaleString("en-US"), useThai) + (res.count > MAX_MATCHES ? " (แสดง " + thaiDigits(MAX_MATCHES, useThai) + " รายการแรก)" : "");
          return;
        }
        status.textContent = " กำลังโหลดข้อมูลทั้งหมด…";
        if (!loading && window.fetch) {
          loading = fetch(jsonUrl).then(function (r) { return r.json(); }).then(function (doc) { all = doc; run(); })
            .catch(function () { jsonUrl = null; run(); });
        }
        return;
      }
      var n = filterPage(query);
      status.textContent = query ? " พบ " + thaiDigits(n, useThai) + " รายการในหน้านี้" : "";
    }
    var timer = null;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 200); });

    headers.forEach(function (th, c) {
      var btn = el("button", { type: "button", "class": "oit-sort", title: "เรียงตามคอลัมน์นี้" });
      // keeps the header's word breaks
      var label = th.querySelector("p") || th;
      while (label.firstChild) { btn.appendChild(label.firstChild); }
      th.textContent = "";
      th.appendChild(btn);
      th.setAttribute("aria-sort", "none");
      btn.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(tbody.rows);
        var keyed = rows.map(function (r, i) { return [sortKey(r.cells[c] ? r.cells[c].textContent : ""), i, r]; });
        keyed.sort(function (a, b) { return (asc ? compare(a[0], b[0]) : compare(b[0], a[0])) || a[1] - b[1]; });
        setRows(keyed.map(function (k) { return k[2]; }));
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("div.oit-datatable"), enhance);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
