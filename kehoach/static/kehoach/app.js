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
// Wide tables scroll inside their own box, never the page (phones), the box reachable by keyboard (WCAG
// 2.1.1). Tables already in a scroll box or laid out as cards on phones (.stack-on-phone) are left as they are.
function kehoachScrollBoxes(root) {
  var scope = root && root.querySelectorAll ? root : document;
  var tables = Array.prototype.slice.call(scope.querySelectorAll("table"));
  if (scope.tagName === "TABLE") { tables.push(scope); }
  tables.forEach(function (table) {
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
