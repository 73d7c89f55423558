// Small progressive enhancements; every page works without them.
document.addEventListener("htmx:responseError", function (event) {
  var box = document.getElementById("htmx-error");
  if (box) { box.textContent = event.detail.xhr.responseText.slice(0, 300) || "Lỗi máy chủ"; box.hidden = false; }
});
// Forms that ask first (data-confirm="question"): the Content Security Policy allows no inline onsubmit.
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) { event.preventDefault(); }
}, true);
// A table without a <caption> is named by the heading just before it, so screen readers announce what it lists.
var kehoachHeadingIds = 0;
function kehoachNameTable(table) {
  if (table.caption || table.hasAttribute("aria-label") || table.hasAttribute("aria-labelledby")) { return; }
  var node = table;
  for (var steps = 0; node && steps < 6; steps++) {
    var prev = node.previousElementSibling;
    while (prev && !/^H[1-6]$/.test(prev.tagName) && !prev.querySelector("h1,h2,h3,h4,h5,h6")) { prev = prev.previousElementSibling; }
    if (prev) {
      var heading = /^H[1-6]$/.test(prev.tagName) ? prev : prev.querySelectorAll("h1,h2,h3,h4,h5,h6")[prev.querySelectorAll("h1,h2,h3,h4,h5,h6").length - 1];
      if (!heading.id) { heading.id = "kh-heading-" + (++kehoachHeadingIds); }
      table.setAttribute("aria-labelledby", heading.id);
      return;
    }
    node = node.parentElement;
    if (node && node.tagName === "MAIN") { return; }
  }
}
// Wide tables scroll inside their own box, never the page (phones), the box reachable by keyboard (WCAG
// 2.1.1). Tables already in a scroll box or laid out as cards on phones (.stack-on-phone) are left as they are.
function kehoachScrollBoxes(root) {
  var scope = root && root.querySelectorAll ? root : document;
  var tables = Array.prototype.slice.call(scope.querySelectorAll("table"));
  if (scope.tagName === "TABLE") { tables.push(scope); }
  tables.forEach(function (table) {
    kehoachNameTable(table);
    if (table.classList.contains("stack-on-phone") || table.closest(".table-scroll, .table-responsive, .no-scroll-box")) { return; }
    var box = document.createElement("div");
    box.className = "table-scroll";
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  });
  Array.prototype.forEach.call(document.querySelectorAll(".table-scroll, .table-responsive"), function (box) {
    if (!box.hasAttribute("tabindex")) { box.setAttribute("tabindex", "0"); }
  });
}
if (window.htmx) { window.htmx.onLoad(kehoachScrollBoxes); }
else { document.addEventListener("DOMContentLoaded", function () { kehoachScrollBoxes(document); }); }
// Keyboard users keep their place when htmx replaces the part they were in (the import review's "Sửa" row
// becomes a form and back): focus goes to the new content's [autofocus] or first control, not to the page top.
var kehoachSwapFocus = null;
document.addEventListener("htmx:beforeSwap", function (event) {
  var target = event.detail.target, active = document.activeElement;
  kehoachSwapFocus = target && target.id && active && active !== document.body && target.contains(active) ? target.id : null;
});
document.addEventListener("htmx:afterSettle", function () {
  if (!kehoachSwapFocus) { return; }
  var box = document.getElementById(kehoachSwapFocus);
  kehoachSwapFocus = null;
  if (!box || (document.activeElement && document.activeElement !== document.body && box.contains(document.activeElement))) { return; }
  var next = box.querySelector("[autofocus]") || box.querySelector("input:not([type=hidden]), select, textarea, button, a[href]");
  if (next) { next.focus(); }
});
