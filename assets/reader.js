/*
 * 阅读辅助：长者模式（字号、高对比度）、回到顶部、部门索引筛选。
 *
 * 在 <head> 中同步加载：先把保存的设置加到 <html> 上，页面显示时就是读者选的样子，不会闪一下。
 * 设置存在 localStorage 中（网站和 U 盘版 file:// 都可用；浏览器禁止存储时只对当前页有效）。
 * 只用 ES5 语法，乡镇办公室的旧浏览器也能运行。
 * 字号档次由页头按钮的 data-size 决定（layouts/base.html），样式见 assets/reader.css。
 */
(function () {
  "use strict";

  var KEY = "wutai-gazette-reader";
  var root = document.documentElement;

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY)) || {};
    } catch (e) {
      return {};
    }
  }

  function save(settings) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(settings));
    } catch (e) {
      /* 存储不可用（隐私模式等）：设置只对本页有效 */
    }
  }

  function setClass(name, on) {
    var classes = (" " + root.className + " ").replace(" " + name + " ", " ");
    root.className = (on ? classes + name : classes).replace(/^\s+|\s+$/g, "");
  }

  function apply(settings, sizes) {
    for (var i = 0; i < sizes.length; i++) {
      if (sizes[i]) setClass("size-" + sizes[i], settings.size === sizes[i]);
    }
    setClass("contrast", !!settings.contrast);
  }

  setClass("js", true);
  var saved = load();
  if (saved.size) setClass("size-" + saved.size, true);
  if (saved.contrast) setClass("contrast", true);

  /* 页头的“字号 / 高对比度”按钮 */
  function readerTools() {
    var bar = document.querySelector(".reader-tools");
    if (!bar) return;
    var buttons = bar.getElementsByTagName("button");
    var sizes = [];
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].hasAttribute("data-size")) sizes.push(buttons[i].getAttribute("data-size"));
    }
    function show(settings) {
      apply(settings, sizes);
      for (var j = 0; j < buttons.length; j++) {
        var b = buttons[j];
        var on = b.hasAttribute("data-size") ? b.getAttribute("data-size") === (settings.size || "")
                                              : !!settings.contrast;
        b.setAttribute("aria-pressed", on ? "true" : "false");
      }
    }
    bar.addEventListener("click", function (event) {
      var b = event.target;
      while (b && b !== bar && b.tagName !== "BUTTON") b = b.parentNode;
      if (!b || b === bar) return;
      var settings = load();
      if (b.hasAttribute("data-size")) settings.size = b.getAttribute("data-size");
      else settings.contrast = !settings.contrast;
      save(settings);
      show(settings);
    });
    show(load());
    bar.hidden = false;
  }

  /* “回到顶部”：页面有三屏以上、且已向下翻过一屏半时浮在右下角 */
  function backToTop() {
    var link = document.querySelector(".back-to-top");
    if (!link) return;
    var ticking = false;
    function update() {
      ticking = false;
      var height = window.innerHeight || root.clientHeight;
      var scrolled = window.pageYOffset || root.scrollTop;
      var long = root.scrollHeight > height * 3;
      setClass("back-to-top-shown", long && scrolled > height * 1.5);
    }
    window.addEventListener("scroll", function () {
      if (!ticking) {
        ticking = true;
        (window.requestAnimationFrame || window.setTimeout)(update);
      }
    });
    window.addEventListener("resize", update);
    update();
  }

  /* 部门索引：输入名称中的字，只显示名称或别称含这些字的部门 */
  function departmentFilter() {
    var box = document.querySelector(".dept-filter");
    if (!box) return;
    var input = document.getElementById("dept-filter-input");
    var status = document.getElementById("dept-filter-status");
    var groups = document.querySelectorAll(".dept-group");
    var total = document.querySelectorAll(".dept-group li[data-names]").length;
    function filter() {
      var words = input.value.replace(/^\s+|\s+$/g, "").split(/\s+/);
      var shown = 0;
      for (var g = 0; g < groups.length; g++) {
        var items = groups[g].querySelectorAll("li[data-names]");
        var inGroup = 0;
        for (var i = 0; i < items.length; i++) {
          var names = items[i].getAttribute("data-names");
          var match = true;
          for (var w = 0; w < words.length; w++) {
            if (words[w] && names.indexOf(words[w]) < 0) match = false;
          }
          items[i].hidden = !match;
          if (match) inGroup++;
        }
        groups[g].hidden = inGroup === 0;
        shown += inGroup;
      }
      status.textContent = shown === total ? "共 " + total + " 个部门"
        : shown ? "找到 " + shown + " 个部门（共 " + total + " 个）"
        : "没有名称含“" + input.value + "”的部门";
    }
    input.addEventListener("input", filter);
    box.hidden = false;
    if (input.value) filter();
  }

  function ready() {
    readerTools();
    backToTop();
    departmentFilter();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
