/* The question editor: the options are asked only for the choice kinds. Without this script
   the options part is always shown, and ignored for the other kinds. */
(function () {
  "use strict";
  var kind = document.getElementById("kind");
  var options = document.getElementById("options");
  if (!kind || !options) { return; }
  function update() {
    options.hidden = ["one_choice", "several_choices"].indexOf(kind.value) === -1;
  }
  kind.addEventListener("change", update);
  update();
}());

/* The list of questions: drag a row to a new place, then save the order (the up and down
   buttons do the same without this script). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-reorder]");
  var body = document.querySelector(".questions-table tbody");
  if (!form || !body || !("draggable" in document.createElement("tr"))) { return; }
  var order = form.querySelector('input[name="order"]');
  var save = form.querySelector("button");
  var dragged = null;
  form.hidden = false;
  save.hidden = true;
  body.querySelectorAll("tr[data-question-id]").forEach(function (row) {
    row.draggable = true;
    row.classList.add("is-draggable");
    row.addEventListener("dragstart", function (event) {
      dragged = row;
      row.classList.add("is-dragged");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.getAttribute("data-question-id"));
    });
    row.addEventListener("dragend", function () {
      row.classList.remove("is-dragged");
      dragged = null;
      var now = Array.prototype.map.call(
        body.querySelectorAll("tr[data-question-id]"),
        function (r) { return r.getAttribute("data-question-id"); }
      ).join(",");
      if (now !== order.value) {
        order.value = now;
        save.hidden = false;
        save.focus();
      }
    });
    row.addEventListener("dragover", function (event) {
      if (!dragged || dragged === row) { return; }
      event.preventDefault();
      var box = row.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      body.insertBefore(dragged, after ? row.nextSibling : row);
    });
  });
}());
