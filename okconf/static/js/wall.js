/* The Open Space wall: fetch the notes every few seconds and redraw them (no inline script). */
(function () {
  "use strict";
  var box = document.getElementById("wall-content");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-wall-url");
  var last = "";

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
        var column = el("div", "wall-kind wall-" + kind.kind);
        column.appendChild(el("h3", "", kind.label));
        var list = el("ul", "wall-notes");
        kind.notes.forEach(function (note) {
          var item = el("li", "wall-note", note.text);
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
