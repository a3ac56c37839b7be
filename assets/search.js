/* Gazette search: exact Chinese matching on a Pagefind index, from a web server or file://.
 *
 * The index holds every Chinese character as a word of its own (see gazette/search.py); a query
 * is searched as a phrase of single characters, one phrase per space-separated term, and the
 * terms are ANDed here. The index is split into shards (gazette/search_index.py), searched newest
 * first: the first hits show as soon as the newest shard has answered, the count grows while the
 * older shards complete. Pagefind's data files are loaded through <script> tags (no fetch), so
 * the same page works from a USB stick.
 *
 * Plain ES2018 (no modules, no `?.`), so that older browsers run it; the supported browsers are
 * listed in the USB copy's README.txt (gazette/bundle.py). Facts shared with the Python side
 * (filters, title mark, doc number pattern, CJK ranges) come from the index's manifest,
 * pagefind/shards.js, written from gazette/search.py:browser_constants().
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var root = script.getAttribute("data-root") || "";
  var base = new URL(root + "pagefind/", location.href).href;
  var PAGE_SIZE = 20;
  var FIRST_BATCH = 5;
  var ALONE = 2;  // shards searched one at a time before the rest load together, unless one has hits first
  var SNIPPET_CHARS = 80;
  var C = null;  // the manifest: window.__gazetteSearch
  var CJK_RE, CJK_ONE, FULLWIDTH_RE, DOC_NUMBER_RE, TITLE_WORD_RE, PLAIN_RE;

  if (!Array.prototype.flat) {  // Chrome < 69; pagefind-classic.js uses it once
    Array.prototype.flat = function () { return [].concat.apply([], this); };
  }

  /* ---- Loading Pagefind's data through <script> tags ---- */
  var waiting = {};
  window.__gazettePagefind = function (path, b64) {
    var bin = atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    if (waiting[path]) waiting[path].resolve(gunzip(bytes));
  };
  /* Gzip data is unpacked by the browser itself, many times faster than Pagefind's JavaScript
     inflate (which it skips for data that already starts with its "pagefind_dcd" signature).
     Browsers without DecompressionStream (Chrome < 80, Firefox < 113) use that inflate, exposed
     by pagefind-classic.js as __gazetteGunzip (gazette/pagefind_bundle.py). */
  function gunzip(bytes) {
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Promise.resolve(bytes);
    if (typeof DecompressionStream === "undefined") {
      return runtime().then(function () { return window.__gazetteGunzip(bytes); });
    }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
  }
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.onload = function () { s.remove(); resolve(); };
      s.onerror = function () { reject(new Error("无法加载 " + src)); };
      document.head.appendChild(s);
    });
  }
  function loadData(path) {
    if (!waiting[path]) {
      var entry = {};
      entry.promise = new Promise(function (resolve, reject) { entry.resolve = resolve; entry.reject = reject; });
      waiting[path] = entry;
      loadScript(base + path + ".js").catch(function (e) { entry.reject(e); });
    }
    return waiting[path].promise;
  }
  window.__gazetteFetch = function (input) {
    var url = String(input && input.url ? input.url : input).split("?")[0];
    var path = url.indexOf(base) === 0 ? url.slice(base.length) : url.replace(/^.*\/pagefind\//, "");
    path = path.replace(/^[^\/]+\/(wasm\.[a-z-]+\.pagefind)$/, "$1");  // one WebAssembly for all shards
    return loadData(decodeURIComponent(path)).then(function (bytes) {
      var type = /\.json$/.test(path) ? "application/json" : "application/octet-stream";
      return new Response(bytes, { status: 200, headers: { "Content-Type": type } });
    });
  };

  /* ---- The manifest, the runtime and the shards (gazette/search_index.py) ---- */
  var manifestReady = null, runtimeReady = null;
  function manifest() {
    if (!manifestReady) {
      manifestReady = loadScript(base + "shards.js").then(function () {
        C = window.__gazetteSearch;
        CJK_RE = new RegExp("([" + C.cjk + "])", "gu");
        CJK_ONE = new RegExp("^[" + C.cjk + "]$", "u");
        FULLWIDTH_RE = new RegExp("[" + C.fullwidth + "]", "gu");
        DOC_NUMBER_RE = new RegExp(C.docNumber, "u");
        TITLE_WORD_RE = new RegExp("^" + C.titleMark + "[0-9x]+$");
        PLAIN_RE = new RegExp("^[" + C.presence.plain + "]+$", "u");
        C.shards.forEach(function (s) { s.has = new Set(Array.from(s.chars)); });
        return C;
      });
    }
    return manifestReady;
  }
  function runtime() {
    if (!runtimeReady) runtimeReady = loadScript(base + "pagefind-classic.js");
    return runtimeReady;
  }
  var OPTIONS = { baseUrl: "/", excerptLength: 40 };  // no ranking weights: hits are ordered here
  /* A shard's Pagefind instance, created on first use (skipped shards cost nothing); its facets
     load beside it (shard.facets), needed only for counting. */
  function open(shard) {
    if (!shard.ready) {
      shard.ready = runtime().then(function () {
        shard.pf = window.pagefind.createInstance(Object.assign({ basePath: base + shard.name + "/" }, OPTIONS));
        shard.facets = loadData(shard.name + "/facets.json.gz").then(function (bytes) {
          var facets = JSON.parse(new TextDecoder("utf-8").decode(bytes));
          shard.pairs = facets.filters;
          shard.order = facets.pages.map(function (p) { return p[0]; });  // newest first
          shard.values = {};
          shard.index = {};
          facets.pages.forEach(function (p) { shard.values[p[0]] = p[1]; });
          // 效力 is judged on the reader's day, not the build's (assets/validity.js).
          window.GazetteValidity.rejudgeFacets(shard.pairs, shard.values, window.GazetteValidity.today());
          shard.pairs.forEach(function (pair, k) { shard.index[pair[0] + "\u0001" + pair[1]] = k; });
        });
        return shard;
      });
    }
    return shard.ready;
  }

  /* ---- Queries: the same spacing rule as gazette/search.py:spaced ---- */
  function fold(text) {
    return text.replace(FULLWIDTH_RE, function (c) { return String.fromCharCode(c.charCodeAt(0) - C.fullwidthOffset); });
  }
  function spaced(text) {
    return fold(text).replace(CJK_RE, " $1 ")
      .replace(/\s+([^\p{L}\p{N}_\s])/gu, "$1")
      .replace(/([^\p{L}\p{N}_\s])(?=[\p{L}\p{N}_])/gu, "$1 ")
      .replace(/\s+/g, " ").trim();
  }
  function titleWord(word) {
    // A query word as gazette/search.py:title_word writes it: code points in digits.
    var chars = Array.from(word.replace(/[^\p{L}\p{N}]/gu, "").toLowerCase());
    return chars.length ? C.titleMark + chars.map(function (c) { return c.codePointAt(0); }).join("x") : "";
  }
  function hasWord(phrase) { return /[\p{L}\p{N}]/u.test(phrase); }
  /* Terms of a query: a doc number typed with spaces stays one term; otherwise spaces mean AND.
     Punctuation is dropped (the index ignores it; Pagefind finds nothing for some, such as "<"). */
  function words(text) {
    return spaced(text).replace(/[^\p{L}\p{N}_\s]+/gu, "").replace(/\s+/g, " ").trim();
  }
  function terms(query) {
    var q = fold(query).trim();
    var m = q.replace(/\s+/g, " ").match(DOC_NUMBER_RE);
    if (m) return [words(m[1] + " " + m[2] + " " + m[3] + "号")];
    return q.split(/\s+/).map(words).filter(hasWord);
  }
  /* Can the shard hold every term? Its manifest lists its Chinese characters. */
  function mayHold(shard, list) {
    return list.every(function (term) {
      return Array.from(term).every(function (c) { return !CJK_ONE.test(c) || shard.has.has(c); });
    });
  }

  /* ---- Presence keys: the same hashes as gazette/search_presence.py ---- */
  function wordHash(word) {  // FNV-1a over code points
    var h = 0x811C9DC5;
    Array.from(word).forEach(function (c) { h = Math.imul(h ^ c.codePointAt(0), 0x01000193) >>> 0; });
    return h;
  }
  function fmix(h) {
    h ^= h >>> 16; h = Math.imul(h, 0x85EBCA6B); h ^= h >>> 13; h = Math.imul(h, 0xC2B2AE35); h ^= h >>> 16;
    return h >>> 0;
  }
  /* The keys a shard must have to hold the terms: each plain word (Chinese characters, digits) and
     each two plain words in a row (Pagefind finds a phrase only at consecutive positions). */
  function presenceKeys(list) {
    var keys = [];
    list.forEach(function (term) {
      var hashes = term.split(" ").map(function (w) { return PLAIN_RE.test(w) ? wordHash(w) : null; });
      hashes.forEach(function (h, i) {
        if (h === null) return;
        keys.push(fmix(h));
        if (i && hashes[i - 1] !== null) keys.push(fmix((Math.imul(hashes[i - 1], 0x9E3779B1) ^ h) >>> 0));
      });
    });
    return keys;
  }
  /* Which shards (by manifest index) have every key: read from the presence files the keys fall in. */
  function shardsWith(keys) {
    var P = C.presence;
    var buckets = {};
    keys.forEach(function (k) { buckets[k >>> 24] = true; });
    return Promise.all(Object.keys(buckets).map(function (b) {
      var name = ("0" + Number(b).toString(16)).slice(-2);
      return loadData(P.dir + "/" + name).then(function (bytes) { buckets[b] = bytes; });
    })).then(function () {
      var width = Math.max(1, Math.ceil(C.shards.length / 8));
      var allowed = C.shards.map(function () { return true; });
      keys.forEach(function (key) {
        var bytes = buckets[key >>> 24];
        var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        var n = view.getUint32(0, true), lo = 0, hi = n;
        while (lo < hi) {
          var mid = (lo + hi) >>> 1;
          if (view.getUint32(4 + 4 * mid, true) < key) lo = mid + 1; else hi = mid;
        }
        var found = lo < n && view.getUint32(4 + 4 * lo, true) === key;
        allowed.forEach(function (ok, i) {
          if (ok && (!found || !(bytes[4 + 4 * n + lo * width + (i >> 3)] & (1 << (i & 7))))) allowed[i] = false;
        });
      });
      return allowed;
    });
  }

  /* ---- Searching ---- */
  function activeFilters(form) {
    var filters = {};
    C.filters.forEach(function (name) {
      var el = form.elements["f-" + name];
      if (el && el.value) filters[name] = el.value;
    });
    return filters;
  }

  /* Filters work on each shard's facets (page → filter values). A page is kept if it has every
     chosen value. A menu counts the pages that pass every *other* chosen filter, so after choosing
     2020年 the 年份 menu still offers the other years, with what choosing them would give. */
  function tally(counts, shard, ids, filters) {
    var pairs = shard.pairs, names = Object.keys(filters);
    var want = names.map(function (name) { return shard.index[name + "\u0001" + filters[name]]; });
    var kept = [];
    ids.forEach(function (id) {
      var values = shard.values[id] || [];
      var failed = names.filter(function (name, i) { return values.indexOf(want[i]) < 0; });
      if (failed.length > 1) return;
      if (!failed.length) kept.push(id);
      values.forEach(function (k) {
        var name = pairs[k][0];
        if (failed.length && failed[0] !== name) return;
        var into = counts[name] = counts[name] || {};
        into[pairs[k][1]] = (into[pairs[k][1]] || 0) + 1;
      });
    });
    return kept;
  }

  /* A page found by filters alone, shown from its Pagefind fragment (no excerpt: no words matched). */
  function browsed(shard, id) {
    return { id: id, data: function () {
      return loadData(shard.name + "/fragment/" + id + ".pf_fragment").then(function (bytes) {
        var fragment = JSON.parse(new TextDecoder("utf-8").decode(bytes.subarray(12)));  // after "pagefind_dcd"
        return { url: fragment.url, meta: fragment.meta, content: "", locations: [], sub_results: [] };
      });
    } };
  }

  /* The Pagefind searches for a term: its phrase of characters, and its title form for ranking. */
  function phrasesOf(term) {
    var marked = term.split(" ").map(titleWord).filter(Boolean).join(" ");
    return { text: '"' + term + '"', title: marked ? '"' + marked + '"' : null };
  }

  /* One shard: the terms' phrases ANDed (the exact set; ranking comes later, see rank). */
  async function runShard(shard, phrases) {
    var options = { sort: { date: "desc" } };
    var keep = null, results = [];
    for (var i = 0; i < phrases.length; i++) {
      var r = (await shard.pf.search(phrases[i].text, options)).results;
      if (!r.length) return [];
      if (i === 0) results = r;
      else {
        var ids = new Set(r.map(function (x) { return x.id; }));
        keep = keep ? new Set(Array.from(keep).filter(function (id) { return ids.has(id); })) : ids;
      }
    }
    return keep ? results.filter(function (x) { return keep.has(x.id); }) : results;
  }

  /* How many terms each hit's title or 文号 holds (the marked title words, see search.py). */
  async function inTitle(shard, phrases, found) {
    var options = { sort: { date: "desc" } };
    var ids = new Set(found.map(function (x) { return x.id; }));
    var counts = {};
    for (var i = 0; i < phrases.length; i++) {
      if (!phrases[i].title) continue;
      (await shard.pf.search(phrases[i].title, options)).results.forEach(function (x) {
        if (ids.has(x.id)) counts[x.id] = (counts[x.id] || 0) + 1;
      });
    }
    found.forEach(function (x) { x.inTitle = counts[x.id] || 0; });
  }

  function preload(shard, phrases, titles) {
    return open(shard).then(function () {
      return Promise.all(phrases.map(function (p) {
        return titles ? (p.title ? shard.pf.preload(p.title) : null) : shard.pf.preload(p.text);
      }));
    });
  }

  /* Search shard by shard, newest first; report({results, counts, counted, done}) after each
     shard (it may return a promise: the other shards start loading once the first hits are
     shown). Shards hold consecutive documents and each answers newest first, so their hits in
     shard order are newest first overall; until a shard has hits, up to ALONE shards load one at a
     time (the page has one thread: loading the next ones at once would hold the first hits back).
     When every shard has answered, the list and counts are exact (counted). Pagefind gives every
     exact-phrase hit the same score; then the documents whose title or 文号 contains a term are
     put first (their marked title words are looked up only now, for the shards with hits). */
  async function run(query, filters, report) {
    var list = terms(query);
    var browsing = !list.length;
    var phrases = list.map(phrasesOf);
    var allowed = browsing ? null : await shardsWith(presenceKeys(list));
    var todo = C.shards.filter(function (s, n) { return browsing || (mayHold(s, list) && allowed[n]); });
    var counts = {}, results = [], hits = [], shown = false;
    for (var i = 0; i < todo.length; i++) {
      var s = todo[i];
      if (!shown) {
        await preload(s, browsing ? [] : phrases, false);
      } else {
        await s.loading;
      }
      var found = [];
      if (browsing) {
        // No words: the facets alone give the pages, newest first (Pagefind would load its whole
        // index to answer a search by filters only).
        await s.facets;
        var pages = tally(counts, s, s.order, filters);
        if (Object.keys(filters).length) found = pages.map(function (id) { return browsed(s, id); });
      } else {
        found = await runShard(s, phrases);
        await s.facets;
        var kept = new Set(tally(counts, s, found.map(function (x) { return x.id; }), filters));
        found = found.filter(function (x) { return kept.has(x.id); });
        if (found.length) hits.push({ shard: s, found: found });
      }
      results = results.concat(found);
      if (i < todo.length - 1) {
        var answer = report({ results: results.slice(), terms: list, filterCounts: counts, counted: false, done: false });
        if (!shown && (results.length || browsing || i >= ALONE - 1)) {
          shown = true;
          await answer;
          todo.slice(i + 1).forEach(function (t) { t.loading = preload(t, browsing ? [] : phrases, false); });
        }
      }
    }
    if (results.length > 1 && phrases.some(function (p) { return p.title; })) {
      report({ results: results.slice(), terms: list, filterCounts: counts, counted: true, done: false });
      var ready = hits.map(function (h) { return preload(h.shard, phrases, true); });
      for (var k = 0; k < hits.length; k++) {
        await ready[k];
        await inTitle(hits[k].shard, phrases, hits[k].found);
      }
      results = results.map(function (x, n) { return [x, n]; }).sort(function (a, b) {
        return (b[0].inTitle || 0) - (a[0].inTitle || 0) || (a[1] - b[1]);
      }).map(function (pair) { return pair[0]; });
    }
    report({ results: results, terms: list, filterCounts: counts, counted: true, done: true });
  }

  /* ---- Snippets: ~80 characters around the best match, from the page's text ---- */
  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  /* A word of the index as the reader should see it: without the ". " Pagefind puts between
     blocks that end without punctuation (after a Chinese character or a closing mark); a space
     separates those blocks instead. */
  function visible(word) {
    if (/[^\x00-\x7f]\.$/.test(word)) return { text: word.slice(0, -1), gap: true };
    return { text: word, gap: false };
  }
  function joinWords(words) {
    // Undo the index's spacing: keep a space only between two Latin letters or digits, or
    // between two blocks of the page.
    var out = "";
    words.forEach(function (w, i) {
      if (i && (words[i - 1].gap || (/[A-Za-z0-9]$/.test(words[i - 1].text) && /^[A-Za-z0-9]/.test(w.text)))) out += " ";
      out += w.html || escapeHtml(w.text);
    });
    return out;
  }
  function snippet(content, locations) {
    var words = content.split(/[\r\n\s]+/g);
    var end = words.length;
    while (end > 0 && (TITLE_WORD_RE.test(words[end - 1]) || !words[end - 1])) end--;  // the marked title words
    var hits = (locations || []).filter(function (n) { return n < end; }).sort(function (a, b) { return a - b; });
    var first = hits.length ? hits[0] : 0;
    var marked = new Set(hits);
    // About a third of the room before the first match, the rest after it.
    var from = first, used = 0;
    while (from > 0 && used + words[from - 1].length <= SNIPPET_CHARS / 3) used += words[--from].length;
    var to = first;
    while (to < end && used + words[to].length <= SNIPPET_CHARS) used += words[to++].length;
    var parts = [];
    for (var i = from; i < to; i++) {
      var w = visible(words[i]);
      if (marked.has(i)) {
        // The match is the word's letters; punctuation glued to it stays outside the mark.
        var m = w.text.match(/^([\s\S]*?[\p{L}\p{N}_])([^\p{L}\p{N}_]*)$/u) || [w.text, w.text, ""];
        w.html = "<mark>" + escapeHtml(m[1]) + "</mark>" + escapeHtml(m[2]);
      }
      parts.push(w);
    }
    if (parts.length) parts[parts.length - 1].gap = false;
    var html = joinWords(parts).replace(/<\/mark><mark>/g, "");
    return (from > 0 ? "…" : "") + html + (to < end ? "…" : "");
  }

  /* ---- Showing results ---- */
  function pageUrl(url) {
    // Pagefind gives /2022-03/slug/#anchor; the site links to explicit files, relative to here.
    var parts = url.split("#");
    var path = parts[0].replace(/^\//, "");
    if (/\/$/.test(path) || path === "") path += "index.html";
    return root + path + (parts[1] ? "#" + parts[1] : "");
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function bestSection(data) {
    var best = null;
    (data.sub_results || []).forEach(function (s) {
      if (s.url.indexOf("#") < 0) return;
      var n = (s.locations || []).length;
      if (n && (!best || n > (best.locations || []).length)) best = s;
    });
    return best;
  }
  /* A result's list item, made once (a re-sorted list moves the same items). */
  function itemFor(result) {
    if (!result.item) result.item = renderItem(result);
    return result.item;
  }
  async function renderItem(result) {
    var data = await result.data();
    var li = el("li", "search-result");
    var section = bestSection(data);
    var a = el("a", "search-result-title", data.meta.title);
    a.href = pageUrl(section ? section.url : data.url);
    var h = el("h3");
    h.appendChild(a);
    li.appendChild(h);
    var meta = el("p", "search-result-meta");
    [data.meta.doc_number, data.meta.issue, data.meta.date].forEach(function (v, i) {
      if (!v) return;
      if (meta.childNodes.length) meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(el("span", ["doc-number", "issue", "date"][i], v));
    });
    var status = window.GazetteValidity.badge(data.meta.validity, window.GazetteValidity.today());
    if (status) { meta.appendChild(document.createTextNode(" ")); meta.appendChild(status); }
    li.appendChild(meta);
    if (section) {
      var where = el("p", "search-result-section");
      where.appendChild(document.createTextNode("相关段落："));
      var title = (section.title || "").split(/\s+/).filter(Boolean).map(visible);
      var sa = el("a");
      sa.innerHTML = joinWords(title);
      sa.href = pageUrl(section.url);
      where.appendChild(sa);
      li.appendChild(where);
    }
    if (data.content) {
      var ex = el("p", "search-result-excerpt");
      ex.innerHTML = snippet(data.content, section ? section.locations : data.locations);
      li.appendChild(ex);
    }
    li.setAttribute("data-url", data.url);
    return li;
  }

  function buildFilters(form) {
    var fieldset = form.querySelector(".search-filters");
    C.filters.forEach(function (name) {
      var label = el("label", "search-filter", name);
      var select = el("select");
      select.name = "f-" + name;
      label.appendChild(select);
      fieldset.appendChild(label);
    });
    var box = document.getElementById("search-filters-box");
    // Open on wide screens; on phones the menus would push the results below the first screen.
    box.open = !window.matchMedia || window.matchMedia("(min-width: 40em)").matches;
    box.hidden = false;
  }

  function fillFilters(form, counts, selected, growing) {
    C.filters.forEach(function (name) {
      var select = form.elements["f-" + name];
      if (!select) return;
      var values = Object.keys((counts && counts[name]) || {}).filter(function (v) { return counts[name][v] > 0 || selected[name] === v; }).sort(function (a, b) {
        return C.newestFirst.indexOf(name) >= 0 ? b.localeCompare(a, "zh-CN", { numeric: true }) : a.localeCompare(b, "zh-CN");
      });
      select.textContent = "";
      var any = el("option", null, "全部");
      any.value = "";
      select.appendChild(any);
      values.forEach(function (v) {
        var o = el("option", null, v + "（" + counts[name][v] + (growing ? "+" : "") + "）");
        o.value = v;
        if (selected[name] === v) o.selected = true;
        select.appendChild(o);
      });
      if (selected[name] && values.indexOf(selected[name]) < 0) {
        var o = el("option", null, selected[name]);
        o.value = selected[name];
        o.selected = true;
        select.appendChild(o);
      }
    });
  }

  /* 已筛选：类别＝县政府文件；年份＝2022年 ［清除］ */
  function showChips(chips, filters, clear) {
    var names = Object.keys(filters);
    chips.textContent = "";
    chips.hidden = !names.length;
    if (!names.length) return;
    chips.appendChild(document.createTextNode("已筛选：" + names.map(function (n) { return n + "＝" + filters[n]; }).join("；") + " "));
    var button = el("button", "search-clear", "［清除］");
    button.type = "button";
    button.addEventListener("click", clear);
    chips.appendChild(button);
  }

  async function init() {
    var form = document.getElementById("search-form");
    if (!form) return;
    var input = form.elements.q;
    var status = document.getElementById("search-status");
    var chips = document.getElementById("search-chips");
    var list = document.getElementById("search-list");
    var more = document.getElementById("search-more");
    runtime().catch(function () { /* reported by the search that needs it */ });  // beside the manifest
    try {
      await manifest();
    } catch (e) {
      status.textContent = "搜索暂时不可用：" + e.message;
      return;
    }
    buildFilters(form);
    var current = [];
    var shown = 0;
    var generation = 0;

    function fromAddress() {
      var params = new URLSearchParams(location.search);
      var selected = {};
      input.value = params.get("q") || "";
      C.filters.forEach(function (name) { if (params.get(name)) selected[name] = params.get(name); });
      fillFilters(form, {}, selected, false);  // so the search uses filters given in the address
    }

    /* Show `count` more results, or (reset) the first `count` in place of what is shown. */
    async function showMore(gen, reset, count) {
      var start = reset ? 0 : shown;
      var batch = current.slice(start, start + (count || PAGE_SIZE));
      if (!reset) shown += batch.length;  // (a second click while loading asks for the page after)
      var items = await Promise.all(batch.map(itemFor));
      if (gen !== generation) return;
      if (reset) {
        list.textContent = "";
        shown = batch.length;
      }
      items.forEach(function (li) { list.appendChild(li); });
      more.hidden = shown >= current.length;
    }

    function describe(r, query, filters) {
      var count = r.results.length;
      if (!r.counted) {
        return count ? "已找到 " + count + " 件文件，正在检索更早的文件…" : "正在搜索…";
      }
      return count
        ? "找到 " + count + " 件文件" + (r.terms.length ? "，包含“" + query.trim() + "”" : "") + "。"
        : "没有找到" + (r.terms.length ? "包含“" + query.trim() + "”的" : "符合条件的") + "文件。可以换一个关键词，或减少筛选条件。";
    }

    async function search(how) {
      // how: "push" (a new search: one history entry), "replace" (the address already says it), or "none".
      var gen = ++generation;
      var query = input.value;
      var filters = activeFilters(form);
      status.textContent = "正在搜索…";
      showChips(chips, filters, function () {
        C.filters.forEach(function (name) { var s = form.elements["f-" + name]; if (s) s.value = ""; });
        search("push");
      });
      if (how !== "none") {
        var p = new URLSearchParams();
        if (query.trim()) p.set("q", query.trim());
        Object.keys(filters).forEach(function (k) { p.set(k, filters[k]); });
        var address = "?" + p.toString();
        try {
          if (how === "push" && address !== location.search) history.pushState(null, "", address);
          else history.replaceState(null, "", address);
        } catch (e) { /* file:// may refuse */ }
      }
      // Each shard's answer updates the status and menus at once; showing results is queued
      // (fragments load meanwhile). While shards answer, the first few hits show once; the page
      // fills when the list is final (its order may still change, and loading fragments now
      // would hold the count back).
      var first = true;
      var rendering = Promise.resolve();
      function shownFirst() {
        if (first && gen === generation) form.setAttribute("data-search-first", String(gen));
        first = false;
      }
      function show(r) {
        if (gen !== generation) return;
        var before = current.slice(0, shown);
        current = r.results;
        if (!r.done) {
          if (first && current.length) return showMore(gen, true, FIRST_BATCH).then(shownFirst);
          more.hidden = shown >= current.length;
          return;
        }
        var same = before.length && before.every(function (x, i) { return current[i] === x; });
        // The first answer, or the final order moved what is shown: show the first page again.
        if (first || !same) return showMore(gen, true, PAGE_SIZE).then(shownFirst);
        if (shown < PAGE_SIZE && current.length > shown) return showMore(gen, false, PAGE_SIZE - shown);
        more.hidden = shown >= current.length;
      }
      try {
        await run(query, filters, function (r) {
          if (gen !== generation) return;
          if (!r.terms.length && !Object.keys(filters).length) {
            status.textContent = "请输入关键词、文号或部门名称，或选择筛选条件浏览文件。";
            list.textContent = "";
            current = [];
            shown = 0;
            more.hidden = true;
            return;
          }
          status.textContent = describe(r, query, filters);
          fillFilters(form, r.filterCounts, filters, !r.counted);
          if (r.counted) form.setAttribute("data-search-counted", String(gen));  // the exact count is shown
          rendering = rendering.then(function () { return show(r); });
          return rendering;  // run() waits for the first hits to be shown before loading more shards
        });
        await rendering;
      } catch (e) {
        status.textContent = "搜索暂时不可用：" + e.message;
      }
      if (gen !== generation) return;
      if (first) form.setAttribute("data-search-first", String(gen));
      form.setAttribute("data-search-counted", String(gen));
      form.setAttribute("data-search-done", String(gen));
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); search("push"); });
    C.filters.forEach(function (name) {
      var select = form.elements["f-" + name];
      if (select) select.addEventListener("change", function () { search("push"); });
    });
    more.addEventListener("click", function () { showMore(generation, false, PAGE_SIZE); });
    // Back and Forward step through the searches made on this page.
    window.addEventListener("popstate", function () { fromAddress(); search("none"); });
    fromAddress();
    search("none");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
