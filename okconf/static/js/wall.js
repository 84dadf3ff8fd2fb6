/* The Open Space wall: fetch the notes every few seconds and redraw them (no inline script).
   Notes that arrived since the page was opened are marked "wall-note-new" for a while, so the
   room sees them appear; on the big-screen display a button asks the browser for full screen. */
(function () {
  "use strict";
  var box = document.getElementById("wall-content");
  setUpFullScreen();
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-wall-url");
  var last = "";
  var NEW_FOR_MS = 60000;
  var display = box.classList.contains("wall-display-notes");
  var seen = {};
  Array.prototype.forEach.call(box.querySelectorAll("[data-note-id]"), function (node) {
    seen[node.getAttribute("data-note-id")] = 0;  // on the wall before we opened it: not new
  });

  function setUpFullScreen() {
    var button = document.querySelector("[data-fullscreen]");
    var root = document.documentElement;
    if (!button || !root.requestFullscreen) { return; }
    function update() { button.hidden = !!document.fullscreenElement; }
    button.addEventListener("click", function () {
      root.requestFullscreen().catch(function () { /* the browser said no: stay as we are */ });
    });
    document.addEventListener("fullscreenchange", update);
    update();
  }

  function isNew(id) {
    var now = Date.now();
    if (!(id in seen)) { seen[id] = now; }
    return seen[id] > 0 && now - seen[id] < NEW_FOR_MS;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function draw(data) {
    var frag = document.createDocumentFragment();
    if (!data.themes.length) {
      frag.appendChild(el("p", "wall-empty", box.getAttribute("data-empty")));
    }
    data.themes.forEach(function (theme) {
      var section = el("section", "wall-theme");
      var heading = el("h2", "", theme.label);
      heading.id = "theme-" + theme.theme;
      section.setAttribute("aria-labelledby", heading.id);
      section.appendChild(heading);
      var kinds = el("div", "wall-kinds");
      theme.kinds.forEach(function (kind) {
        if (display && !kind.notes.length) { return; }  // the big screen shows no empty headings
        var column = el("div", "wall-kind wall-" + kind.kind);
        column.appendChild(el("h3", "", kind.label));
        var list = el("ul", "wall-notes");
        kind.notes.forEach(function (note) {
          var item = el("li", isNew(String(note.id)) ? "wall-note wall-note-new" : "wall-note", note.text);
          item.setAttribute("data-note-id", note.id);
          if (note.count > 1) { item.appendChild(el("span", "wall-count", " ×" + note.count)); }
          if (note.group) { item.appendChild(el("span", "wall-meta", note.group)); }
          list.appendChild(item);
        });
        column.appendChild(list);
        kinds.appendChild(column);
      });
      section.appendChild(kinds);
      frag.appendChild(section);
    });
    box.replaceChildren(frag);
  }

  function refresh() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var text = JSON.stringify(data);
        if (text !== last) { last = text; draw(data); }
      })
      .catch(function () { /* keep what is shown; try again next time */ });
  }

  window.setInterval(refresh, 5000);
})();
