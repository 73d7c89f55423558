// The manual task grid: "Thêm dòng" adds a row without a round trip, and cells copied from Excel or a
// Word table (tab-separated) spread over the grid from the cell they are pasted into. Without JavaScript
// the page still works: the buttons post and the server adds rows or reads the pasted text.
(function () {
  "use strict";

  function rowsOf(body) { return Array.prototype.slice.call(body.querySelectorAll("[data-grid-row]")); }

  function addRow(body, count) {
    var rows = rowsOf(body);
    var last = rows[rows.length - 1];
    var row = last.cloneNode(true);
    var n = rows.length;
    row.querySelectorAll("[data-role]").forEach(function (cell) {
      cell.name = "r-" + n + "-" + cell.dataset.role;
      cell.value = "";
      cell.setAttribute("aria-label", (cell.getAttribute("aria-label") || "").replace(/\d+$/, String(n + 1)));
    });
    row.querySelector("[data-grid-number]").textContent = String(n + 1);
    body.appendChild(row);
    count.value = String(n + 1);
    return row;
  }

  // Excel quotes a cell that holds line breaks; Word does not quote.
  function parseClipboard(text) {
    var rows = [], row = [], cell = "", quoted = false, i = 0;
    text = text.replace(/\r\n?/g, "\n");
    while (i < text.length) {
      var ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        if (ch === '"') { quoted = false; i += 1; continue; }
        cell += ch; i += 1; continue;
      }
      if (ch === '"' && cell === "") { quoted = true; i += 1; continue; }
      if (ch === "\t") { row.push(cell); cell = ""; i += 1; continue; }
      if (ch === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i += 1; continue; }
      cell += ch; i += 1;
    }
    if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
    return rows.filter(function (r) { return r.some(function (c) { return c.trim() !== ""; }); });
  }

  function setup(form) {
    var body = form.querySelector("[data-grid-body]");
    var count = form.querySelector("[data-grid-count]");
    var add = form.querySelector("[data-grid-add]");
    if (!body || !count) { return; }
    if (add) {
      add.addEventListener("click", function (event) {
        event.preventDefault();
        addRow(body, count).querySelector("[data-role]").focus();
      });
    }
    body.addEventListener("paste", function (event) {
      var target = event.target;
      if (!target.dataset || !target.dataset.role) { return; }
      var text = (event.clipboardData || window.clipboardData).getData("text");
      if (text.indexOf("\t") < 0 && text.replace(/\n$/, "").indexOf("\n") < 0) { return; }  // one cell
      event.preventDefault();
      var cells = parseClipboard(text);
      var startRow = rowsOf(body).indexOf(target.closest("[data-grid-row]"));
      var roles = Array.prototype.map.call(target.closest("[data-grid-row]").querySelectorAll("[data-role]"),
        function (c) { return c.dataset.role; });
      var startCol = roles.indexOf(target.dataset.role);
      cells.forEach(function (values, r) {
        var rows = rowsOf(body);
        var row = rows[startRow + r] || addRow(body, count);
        var inputs = row.querySelectorAll("[data-role]");
        values.forEach(function (value, c) {
          var input = inputs[startCol + c];
          if (input) { input.value = value.trim(); }
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("manual-form");
    if (form) { setup(form); }
  });
})();
