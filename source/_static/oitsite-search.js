/* oitsite-search.js: Thai search on search.html?q=… (index: oitsite-searchindex.js, see oitsite/site/search.py).
 *
 * The index was cut into words by PyThaiNLP at build time. Here the visitor's query is normalised
 * the same way (Thai digits → Arabic, lower case, no zero-width characters), segmented with
 * Intl.Segmenter('th'), and adjacent pieces are joined back into the longest word the index
 * knows — the index vocabulary is the shared dictionary, so both sides cut words alike.
 * A piece the index does not know is matched as the start of, then inside, indexed words
 * (partial words), or split into indexed words. Ranking: BM25 over weighted fields; pages that
 * have every query word come first; a query found whole in a page title ranks that page higher.
 * No inline code, no innerHTML with data (CSP: scripts only from the site).
 */
(function () {
  "use strict";
  /* Thai letters, vowels and tone marks — not ฯ ๆ ฿ (as in oitsite/site/search.py) */
  var THAI = /[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]/;
  var RUN = /[a-z0-9]+|[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e]+/g;
  var K1 = 1.2, B = 0.75, MAX_CANDIDATES = 60, MAX_SHOWN = 50;

  function norm(s) {
    return String(s).normalize("NFC").replace(/[\u200b\u200c\u200d\u2060\ufeff\u00ad]/g, "")
      .replace(/[\u0e50-\u0e59]/g, function (d) { return String(d.charCodeAt(0) - 0x0e50); })
      .toLowerCase();
  }

  var segmenter = null;
  try {
    if (typeof Intl !== "undefined" && Intl.Segmenter) segmenter = new Intl.Segmenter("th", { granularity: "word" });
  } catch (e) { segmenter = null; }

  function Searcher(index) {
    // postings arrive as [doc gap, weight×2, …] (oitsite/site/search.py _pack): decode once
    index.postings = index.postings.map(function (p) {
      var out = new Array(p.length), doc = 0;
      for (var i = 0; i < p.length; i += 2) { doc += p[i]; out[i] = doc; out[i + 1] = p[i + 1] / 2; }
      return out;
    });
    this.idx = index;
    this.terms = index.terms;
    this.N = index.docs.length;
    var total = 0;
    index.docs.forEach(function (d) { total += d.n; });
    this.avgdl = total / Math.max(1, this.N) || 1;
  }

  Searcher.prototype.lower = function (x) {
    var t = this.terms, lo = 0, hi = t.length;
    while (lo < hi) { var m = (lo + hi) >> 1; if (t[m] < x) lo = m + 1; else hi = m; }
    return lo;
  };
  Searcher.prototype.find = function (x) {
    var i = this.lower(x);
    return i < this.terms.length && this.terms[i] === x ? i : -1;
  };
  Searcher.prototype.isPrefix = function (x) {
    var i = this.lower(x);
    return i < this.terms.length && this.terms[i].lastIndexOf(x, 0) === 0;
  };

  /* Query → pieces: normalised, segmented by Intl.Segmenter (or spaces), kept as letter/digit runs. */
  Searcher.prototype.pieces = function (query) {
    var q = norm(query), segs = [], out = [];
    if (segmenter) {
      var it = segmenter.segment(q);
      for (var s of it) segs.push(s.segment);
    } else {
      segs = q.split(/\s+/);
    }
    segs.forEach(function (s) { (s.match(RUN) || []).forEach(function (r) { out.push(r); }); });
    return out;
  };

  /* Pieces → units: adjacent Thai pieces joined into the longest indexed word (or, at the end of
     the query, the start of one: the visitor may still be typing). */
  Searcher.prototype.units = function (pieces) {
    var units = [], i = 0, n = pieces.length;
    while (i < n) {
      var taken = 1;
      if (THAI.test(pieces[i])) {
        for (var j = Math.min(n, i + 8); j > i + 1; j--) {
          var ok = true;
          for (var k = i; k < j; k++) if (!THAI.test(pieces[k])) { ok = false; break; }
          if (!ok) continue;
          var joined = pieces.slice(i, j).join("");
          if (this.find(joined) >= 0 || (j === n && this.isPrefix(joined))) { taken = j - i; break; }
        }
      }
      units.push(pieces.slice(i, i + taken).join(""));
      i += taken;
    }
    return units;
  };

  /* Fewest indexed words that make up `word` (each ≥ 2 letters), or null. */
  Searcher.prototype.split = function (word) {
    var n = word.length, best = new Array(n + 1);
    best[0] = [0, 0];
    for (var i = 2; i <= n; i++) {
      for (var j = Math.max(0, i - 20); j <= i - 2; j++) {
        if (!best[j]) continue;
        if (this.find(word.slice(j, i)) >= 0 && (!best[i] || best[j][0] + 1 < best[i][0])) best[i] = [best[j][0] + 1, j];
      }
    }
    if (!best[n] || best[n][0] < 2) return null;
    var out = [], p = n;
    while (p > 0) { out.unshift(word.slice(best[p][1], p)); p = best[p][1]; }
    return out;
  };

  /* Indexed words a unit stands for, each with a weight: itself 1, words it starts 0.7,
     words it is inside 0.5. */
  Searcher.prototype.candidates = function (unit) {
    var out = [], t = this.terms, exact = this.find(unit);
    if (exact >= 0) out.push([exact, 1]);
    for (var i = this.lower(unit); i < t.length && out.length < MAX_CANDIDATES && t[i].lastIndexOf(unit, 0) === 0; i++) {
      if (i !== exact) out.push([i, 0.7]);
    }
    if (!out.length && unit.length >= 2) {
      for (var k = 0; k < t.length && out.length < MAX_CANDIDATES; k++) {
        if (t[k].indexOf(unit) > 0) out.push([k, 0.5]);
      }
    }
    return out;
  };

  Searcher.prototype.search = function (query) {
    var self = this, idx = this.idx, units = [];
    var pieces = this.pieces(query);
    this.units(pieces).forEach(function (u) {
      if (self.candidates(u).length || !THAI.test(u)) { units.push(u); return; }
      var parts = self.split(u);
      if (parts) parts.forEach(function (p) { units.push(p); }); else units.push(u);
    });
    if (!units.length) return [];
    var scores = {}, matched = {};
    function idfOf(term) {
      var df = idx.postings[term].length / 2;
      return Math.log(1 + (self.N - df + 0.5) / (df + 0.5));
    }
    units.forEach(function (u, ui) {
      var best = {}, cands = self.candidates(u);
      // a longer word the query only starts (or is inside of) is rarer, but must not count for
      // more than the word the visitor actually typed
      var cap = cands.length && cands[0][1] === 1 ? idfOf(cands[0][0]) : Infinity;
      cands.forEach(function (c) {
        var post = idx.postings[c[0]];
        var idf = Math.min(idfOf(c[0]), cap);
        for (var p = 0; p < post.length; p += 2) {
          var d = post[p], tf = post[p + 1], dl = idx.docs[d].n || 1;
          var s = c[1] * idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * dl / self.avgdl));
          if (!(d in best) || s > best[d]) best[d] = s;
        }
      });
      Object.keys(best).forEach(function (d) {
        scores[d] = (scores[d] || 0) + best[d];
        (matched[d] = matched[d] || {})[ui] = true;
      });
    });
    var whole = pieces.join("");
    var years = units.filter(function (u) { return /^25\d\d$/.test(u); }).map(Number);
    var results = Object.keys(scores).map(function (d) {
      var doc = idx.docs[d], hits = Object.keys(matched[d]).length;
      var s = scores[d] * Math.pow(hits / units.length, 2);
      // the title says what a page is: words of the query in it, and the query whole
      var inTitle = 0;
      units.forEach(function (u) { if (doc.tn.indexOf(u) >= 0) inTitle++; });
      s *= 1 + inTitle / units.length;
      if (whole && doc.tn.indexOf(whole) >= 0) s *= 2;
      // "ปี 2567": a year in the query picks that assessment year's pages
      if (doc.y && years.indexOf(doc.y) >= 0) s *= 1.5;
      else if (!years.length && idx.current && doc.y === idx.current) s *= 1.05;
      return { doc: doc, score: s, all: hits === units.length };
    });
    results.sort(function (a, b) { return (b.all - a.all) || (b.score - a.score) || (a.doc.u < b.doc.u ? -1 : 1); });
    return results;
  };

  function thaiYear(y) { return "ปี " + y; }

  function show(container, status, query, results) {
    while (container.firstChild) container.removeChild(container.firstChild);
    if (!query) { status.textContent = "พิมพ์คำที่ต้องการค้นหา เช่น จัดซื้อจัดจ้าง หรือ ข้อมูลผู้บริหาร"; return; }
    status.textContent = results.length
      ? "พบ " + results.length + " หน้าที่ตรงกับ “" + query + "”" + (results.length > MAX_SHOWN ? " (แสดง " + MAX_SHOWN + " หน้าแรก)" : "")
      : "ไม่พบหน้าที่ตรงกับ “" + query + "” — ลองใช้คำที่สั้นลงหรือคำอื่นที่มีความหมายใกล้เคียง";
    if (!results.length) return;
    var ul = document.createElement("ul");
    ul.className = "search";
    results.slice(0, MAX_SHOWN).forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r.doc.u;
      a.textContent = r.doc.t;
      li.appendChild(a);
      if (r.doc.y) {
        var y = document.createElement("span");
        y.className = "oit-search-year";
        y.textContent = thaiYear(r.doc.y);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(y);
      }
      if (r.doc.s) {
        var p = document.createElement("p");
        p.className = "context";
        p.textContent = r.doc.s;
        li.appendChild(p);
      }
      ul.appendChild(li);
    });
    container.appendChild(ul);
  }

  function run() {
    var container = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    if (!container || !status) return;
    var index = window.OITSITE_SEARCH_INDEX;
    if (!index) { status.textContent = "โหลดดัชนีการค้นหาไม่สำเร็จ"; return; }
    var searcher = new Searcher(index);
    window.oitsiteSearch = function (q) { return searcher.search(q).map(function (r) { return r.doc.u; }); };
    var q = new URLSearchParams(window.location.search).get("q") || "";
    var input = document.getElementById("oit-search-q");
    if (input) { input.value = q; if (!q) input.focus(); }
    show(container, status, q.trim(), q.trim() ? searcher.search(q) : []);
    container.setAttribute("data-ready", "true");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run); else run();
})();
