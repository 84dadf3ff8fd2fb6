// okconf's registration form on a host's website. Put on the host's page:
//   <script src="https://okconf.example/static/js/embed.js" data-conference="<slug>"
//           data-lang="sv" async></script>
// It inserts an iframe with the form in place of the script element and keeps the frame as
// tall as the form. Without JavaScript, the <noscript> link of the snippet leads to the form.
(function () {
  var script = document.currentScript;
  if (!script || !script.dataset.conference) return;
  var origin = new URL(script.src).origin;
  var lang = script.dataset.lang || document.documentElement.lang || "sv";
  var frame = document.createElement("iframe");
  frame.src = origin + "/konferens/" + encodeURIComponent(script.dataset.conference) +
    "/anmalan/inbaddad?lang=" + encodeURIComponent(lang.slice(0, 2));
  frame.title = script.dataset.title || (lang.slice(0, 2) === "en" ? "Registration form" : "Anmälningsformulär");
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.minHeight = "40rem";
  frame.setAttribute("loading", "lazy");
  script.parentNode.insertBefore(frame, script);
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data || {};
    if (data.okconf === "height" && data.height > 0) {
      frame.style.minHeight = "0";
      frame.style.height = data.height + "px";
    } else if (data.okconf === "page" && /\/klar\//.test(data.path || "")) {
      frame.scrollIntoView({ block: "start" });
    }
  });
})();
