// Small progressive enhancements; every page works without them.
document.addEventListener("htmx:responseError", function (event) {
  var box = document.getElementById("htmx-error");
  if (box) { box.textContent = event.detail.xhr.responseText.slice(0, 300) || "Lỗi máy chủ"; box.hidden = false; }
});
