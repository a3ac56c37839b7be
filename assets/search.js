/* Gazette search: exact Chinese matching on a Pagefind index, from a web server or file://.
 *
 * The index holds every Chinese character as a word of its own (see gazette/search.py); a query
 * is searched as a phrase of single characters, one phrase per space-separated term, and the
 * terms are ANDed here. Pagefind's data files are loaded through <script> tags (no fetch), so the
 * same page works from a USB stick. Plain ES2017, no modules, no network beyond the site folder.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var root = script.getAttribute("data-root") || "";
  var base = new URL(root + "pagefind/", location.href).href;
  var PAGE_SIZE = 20;
  var FILTERS = ["年份", "期次", "发文机关", "类别", "主题分类", "部门", "效力"];
  var TITLE_MARK = "qz";
  var CJK = "[\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{2ffff}]";
  var CJK_RE = new RegExp("(" + CJK + ")", "gu");
  var DOC_NUMBER_RE = /^([\u4e00-\u9fff]{1,12}?)\s*[〔\[［(（【]?\s*((?:19|20)\d\d)\s*[〕\]］)）】]?\s*第?\s*(\d{1,4})\s*号$/u;

  /* ---- Loading Pagefind's data through <script> tags ---- */
  var waiting = {};
  window.__gazettePagefind = function (path, b64) {
    var bin = atob(b64);
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    if (waiting[path]) waiting[path].resolve(gunzip(bytes));
  };
  /* Gzip data is unpacked by the browser itself, many times faster than Pagefind's JavaScript
     inflate (which it skips for data that already starts with its "pagefind_dcd" signature). */
  function gunzip(bytes) {
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Promise.resolve(bytes);
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

  /* ---- The index: one Pagefind instance per shard, newest first (gazette/search_index.py) ---- */
  var OPTIONS = { baseUrl: "/", excerptLength: 40 };  // no ranking weights: hits are ordered here
  var ready = null;
  function shards() {
    if (!ready) {
      // (The search page of an archive without documents, which has no index, does not load this.)
      ready = Promise.all([loadScript(base + "shards.js"), loadScript(base + "pagefind-classic.js")]).then(function () {
        // Instances start loading when created; they share one WebAssembly (pagefind_bundle.py).
        // A search may start at once (Pagefind waits for its index); counts wait for s.ready.
        var list = (window.__gazetteShards || []).map(function (name) { return { name: name }; });
        list.forEach(function (s) {
          s.pf = window.pagefind.createInstance(Object.assign({ basePath: base + s.name + "/" }, OPTIONS));
          s.ready = loadData(s.name + "/facets.json.gz").then(function (bytes) {
            var facets = JSON.parse(new TextDecoder("utf-8").decode(bytes));
            s.pairs = facets.filters;
            s.order = facets.pages.map(function (p) { return p[0]; });  // newest first
            s.values = {};
            s.index = {};
            facets.pages.forEach(function (p) { s.values[p[0]] = p[1]; });
            // 效力 is judged on the reader's day, not the build's (assets/validity.js).
            window.GazetteValidity.rejudgeFacets(s.pairs, s.values, window.GazetteValidity.today());
            s.pairs.forEach(function (pair, k) { s.index[pair[0] + "\u0001" + pair[1]] = k; });
          });
        });
        return list;
      });
    }
    return ready;
  }

  /* ---- Queries: the same spacing rule as gazette/search.py:spaced ---- */
  function fold(text) {
    return text.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    });
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
    return chars.length ? TITLE_MARK + chars.map(function (c) { return c.codePointAt(0); }).join("x") : "";
  }
  function hasWord(phrase) { return /[\p{L}\p{N}]/u.test(phrase); }
  /* Terms of a query: a doc number typed with spaces stays one term; otherwise spaces mean AND. */
  function terms(query) {
    var q = fold(query).trim();
    var m = q.replace(/\s+/g, " ").match(DOC_NUMBER_RE);
    if (m) return [spaced(m[1] + " " + m[2] + " " + m[3] + "号")];
    return q.split(/\s+/).map(spaced).filter(hasWord);
  }
  function despace(html) {
    html = html.replace(new RegExp("\\s*(<mark>)?" + TITLE_MARK + "[0-9x]+(</mark>)?", "g"), "");
    // Undo the index's spacing: keep a space only between two Latin letters or digits.
    var parts = html.split(/(<[^>]*>)/);
    var text = parts.filter(function (p, i) { return i % 2 === 0; }).join("");
    var keep = [];
    for (var i = 0; i < text.length; i++) {
      if (!/\s/.test(text[i])) { keep.push(true); continue; }
      var j = i - 1, k = i + 1;
      while (k < text.length && /\s/.test(text[k])) k++;
      keep.push(j >= 0 && !/\s/.test(text[j]) && /[A-Za-z0-9]/.test(text[j]) && k < text.length && /[A-Za-z0-9]/.test(text[k]));
    }
    var pos = 0;
    return parts.map(function (p, idx) {
      if (idx % 2) return p;
      var out = "";
      for (var c = 0; c < p.length; c++, pos++) if (keep[pos]) out += p[c];
      return out;
    }).join("").replace(/([^\p{L}\p{N}_\s<>]+)<\/mark>/gu, "</mark>$1");  // punctuation is not the match
  }

  /* ---- Searching ---- */
  function activeFilters(form) {
    var filters = {};
    FILTERS.forEach(function (name) {
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
        return { url: fragment.url, meta: fragment.meta, excerpt: "", sub_results: [] };
      });
    } };
  }

  /* The Pagefind searches for a term: its phrase of characters, and its title form for ranking. */
  function phrasesOf(term) {
    var marked = term.split(" ").map(titleWord).filter(Boolean).join(" ");
    return { text: '"' + term + '"', title: marked ? '"' + marked + '"' : null };
  }

  /* One shard: the terms' phrases ANDed, each hit marked with how many terms its title holds. */
  async function runShard(shard, phrases) {
    var options = { sort: { date: "desc" } };
    var responses = [], inTitle = {};
    for (var i = 0; i < phrases.length; i++) {
      var r = await shard.pf.search(phrases[i].text, options);
      if (!r.results.length) return [];
      responses.push(r);
      if (!phrases[i].title) continue;
      (await shard.pf.search(phrases[i].title, options)).results.forEach(function (x) {
        inTitle[x.id] = (inTitle[x.id] || 0) + 1;
      });
    }
    var keep = null;
    responses.slice(1).forEach(function (r) {
      var ids = new Set(r.results.map(function (x) { return x.id; }));
      keep = keep ? new Set(Array.from(keep).filter(function (id) { return ids.has(id); })) : ids;
    });
    var results = responses[0].results.filter(function (x) { return !keep || keep.has(x.id); });
    results.forEach(function (x) { x.inTitle = inTitle[x.id] || 0; });
    return results;
  }

  async function run(query, filters) {
    var list = terms(query);
    var all = await shards();
    var counts = {}, results = [];
    var browsing = !list.length;
    var phrases = list.map(phrasesOf);
    // Fetch every shard's data for the query at once; the searches below then run from memory.
    var wanted = [];
    phrases.forEach(function (p) { wanted.push(p.text); if (p.title) wanted.push(p.title); });
    await Promise.all(all.map(function (s) {
      return Promise.all(wanted.map(function (p) { return s.pf.preload(p); }).concat([s.ready]));
    }));
    // Shards hold consecutive years and each answers newest first, so their hits in shard order
    // are newest first overall. Pagefind gives every exact-phrase hit the same score; documents
    // whose title or 文号 contains a term come first (the marked title words, see search.py).
    for (var i = 0; i < all.length; i++) {
      var s = all[i];
      if (browsing) {
        // No words: the facets alone give the pages, newest first (Pagefind would load its whole
        // index to answer a search by filters only).
        var pages = tally(counts, s, s.order, filters);
        if (Object.keys(filters).length) results = results.concat(pages.map(function (id) { return browsed(s, id); }));
        continue;
      }
      var found = await runShard(s, phrases);
      var kept = new Set(tally(counts, s, found.map(function (x) { return x.id; }), filters));
      results = results.concat(found.filter(function (x) { return kept.has(x.id); }));
    }
    results = results.map(function (x, n) { return [x, n]; }).sort(function (a, b) {
      return (b[0].inTitle || 0) - (a[0].inTitle || 0) || (a[1] - b[1]);
    }).map(function (pair) { return pair[0]; });
    return { results: results, terms: list, filterCounts: counts };
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
      var sa = el("a", null, despace(section.title || "").replace(/<[^>]*>/g, ""));
      sa.href = pageUrl(section.url);
      where.appendChild(sa);
      li.appendChild(where);
    }
    var ex = el("p", "search-result-excerpt");
    ex.innerHTML = despace((section && section.excerpt) || data.excerpt || "");
    li.appendChild(ex);
    li.setAttribute("data-url", data.url);
    return li;
  }

  function fillFilters(form, counts, selected) {
    FILTERS.forEach(function (name) {
      var select = form.elements["f-" + name];
      if (!select) return;
      var values = Object.keys((counts && counts[name]) || {}).filter(function (v) { return counts[name][v] > 0 || selected[name] === v; }).sort(function (a, b) {
        return name === "年份" || name === "期次" ? b.localeCompare(a, "zh-CN", { numeric: true }) : a.localeCompare(b, "zh-CN");
      });
      select.textContent = "";
      var any = el("option", null, "全部");
      any.value = "";
      select.appendChild(any);
      values.forEach(function (v) {
        var o = el("option", null, v + "（" + counts[name][v] + "）");
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

  function init() {
    var form = document.getElementById("search-form");
    if (!form) return;
    var input = form.elements.q;
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-list");
    var more = document.getElementById("search-more");
    var params = new URLSearchParams(location.search);
    var selected = {};
    input.value = params.get("q") || "";
    FILTERS.forEach(function (name) { if (params.get(name)) selected[name] = params.get(name); });
    fillFilters(form, {}, selected);  // so the first search already uses filters given in the address
    var current = [];
    var shown = 0;
    var generation = 0;

    async function showMore(gen) {
      var batch = current.slice(shown, shown + PAGE_SIZE);
      shown += batch.length;
      var items = await Promise.all(batch.map(renderItem));
      if (gen !== generation) return;
      items.forEach(function (li) { list.appendChild(li); });
      more.hidden = shown >= current.length;
    }

    async function search(pushState) {
      var gen = ++generation;
      var query = input.value;
      var filters = activeFilters(form);
      status.textContent = "正在搜索…";
      try {
        var r = await run(query, filters);
        if (gen !== generation) return;
        fillFilters(form, r.filterCounts, filters);
        list.textContent = "";
        current = r.results;
        shown = 0;
        if (!r.terms.length && !Object.keys(filters).length) {
          status.textContent = "请输入关键词、文号或部门名称，或选择筛选条件浏览文件。";
          more.hidden = true;
        } else {
          status.textContent = current.length
            ? "找到 " + current.length + " 件文件" + (r.terms.length ? "，包含“" + query.trim() + "”" : "") + "。"
            : "没有找到" + (r.terms.length ? "包含“" + query.trim() + "”的" : "符合条件的") + "文件。可以换一个关键词，或减少筛选条件。";
          await showMore(gen);
        }
        if (pushState) {
          var p = new URLSearchParams();
          if (query.trim()) p.set("q", query.trim());
          Object.keys(filters).forEach(function (k) { p.set(k, filters[k]); });
          try { history.replaceState(null, "", "?" + p.toString()); } catch (e) { /* file:// may refuse */ }
        }
      } catch (e) {
        status.textContent = "搜索暂时不可用：" + e.message;
      }
      form.setAttribute("data-search-done", String(gen));
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); search(true); });
    FILTERS.forEach(function (name) {
      var select = form.elements["f-" + name];
      if (select) select.addEventListener("change", function () { search(true); });
    });
    more.addEventListener("click", function () { showMore(generation); });
    search(false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
