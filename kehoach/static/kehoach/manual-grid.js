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

  // Word (and Excel) also put the table on the clipboard as HTML: there a cell of several paragraphs is
  // still one cell, where the plain text would split it into rows.
  function cellText(cell) {
    cell.querySelectorAll("br").forEach(function (br) { br.replaceWith("\n"); });
    var paragraphs = cell.querySelectorAll("p");
    var text = paragraphs.length
      ? Array.prototype.map.call(paragraphs, function (p) { return p.textContent; }).join("\n")
      : cell.textContent;
    return text.split("\n").map(function (line) { return line.replace(/\s+/g, " ").trim(); })
      .filter(function (line) { return line !== ""; }).join("\n");
  }

  function tableFromHtml(html) {
    if (!html || html.toLowerCase().indexOf("<table") < 0) { return null; }
    var table = new DOMParser().parseFromString(html, "text/html").querySelector("table");
    if (!table) { return null; }
    var rows = [];
    table.querySelectorAll("tr").forEach(function (tr) {
      var row = [];
      tr.querySelectorAll("td, th").forEach(function (cell) {
        row.push(cellText(cell));
        for (var k = 1; k < (parseInt(cell.getAttribute("colspan"), 10) || 1); k++) { row.push(""); }
      });
      if (row.some(function (c) { return c !== ""; })) { rows.push(row); }
    });
    return rows.length ? rows : null;
  }

  // Rows as Excel writes them as text: a cell with a line break, a quote or a tab is quoted.
  function toTsv(rows) {
    return rows.map(function (row) {
      return row.map(function (c) { return /[\n"\t]/.test(c) ? '"' + c.replace(/"/g, '""') + '"' : c; }).join("\t");
    }).join("\n") + "\n";
  }

  function setupPaste(area) {
    area.addEventListener("paste", function (event) {
      var rows = tableFromHtml((event.clipboardData || window.clipboardData).getData("text/html"));
      if (!rows) { return; }  // plain text: the browser pastes it as it is
      event.preventDefault();
      var text = toTsv(rows);
      var start = area.selectionStart, end = area.selectionEnd;
      area.value = area.value.slice(0, start) + text + area.value.slice(end);
    });
  }

  function setup(form) {
    var area = form.querySelector("[data-paste-area]");
    if (area) { setupPaste(area); }
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
      var clipboard = event.clipboardData || window.clipboardData;
      var text = clipboard.getData("text");
      var cells = tableFromHtml(clipboard.getData("text/html"));
      if (!cells && text.indexOf("\t") < 0 && text.replace(/\n$/, "").indexOf("\n") < 0) { return; }  // one cell
      event.preventDefault();
      cells = cells || parseClipboard(text);
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
