// Inside the embedded registration form: tell the host's page how tall the form is, so its
// frame shows it without a scroll bar of its own (okconf's embed.js on the host listens).
(function () {
  if (window.parent === window) return;
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.scrollHeight);
    if (height === last) return;
    last = height;
    // Only a number leaves the frame; any page may read it.
    window.parent.postMessage({ okconf: "height", height: height }, "*");
  }
  if (window.ResizeObserver) new ResizeObserver(report).observe(document.body);
  window.addEventListener("load", report);
  report();
  // After sending the form, the host's page should show its top (the confirmation's heading).
  window.parent.postMessage({ okconf: "page", path: location.pathname }, "*");
})();
