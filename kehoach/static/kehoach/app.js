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
