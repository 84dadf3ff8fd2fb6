// The conference menu stays open beside the page on a wide screen and folds away on a phone
// (it is open without JavaScript, so every link stays reachable).
(function () {
  var narrow = window.matchMedia("(max-width: 56rem)");
  var menus = document.querySelectorAll("details[data-collapse-narrow]");
  function fit() {
    menus.forEach(function (details) { details.open = !narrow.matches; });
  }
  menus.forEach(function (details) {
    details.querySelector("summary").addEventListener("click", function (event) {
      if (!narrow.matches) event.preventDefault();  // beside the page it never folds
    });
  });
  fit();
  narrow.addEventListener("change", fit);
})();
