// The check-in desk: results that narrow as you type, a counter that stays current, and the
// QR scanner. Every part is an enhancement: the desk's plain form and buttons work without it.
(function () {
  "use strict";

  // --- "Har kommit: N av M" follows the other desks (polls a small JSON endpoint) ---------
  var counter = document.querySelector("[data-counts-url]");
  if (counter) {
    var template = counter.getAttribute("data-template");
    var refresh = function () {
      fetch(counter.getAttribute("data-counts-url"), { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (counts) {
          if (!counts) return;
          var text = template.replace("999001", counts.arrived).replace("999002", counts.expected);
          if (counter.textContent !== text) counter.textContent = text;
        })
        .catch(function () { /* offline for a moment: keep the last count */ });
    };
    window.setInterval(function () { if (!document.hidden) refresh(); }, 5000);
  }

  // --- the search narrows as the organiser types ---------------------------------------------
  var form = document.querySelector("form[data-live-search]");
  if (form) {
    var input = form.querySelector("input[type=search]");
    var timer = null;
    var latest = 0;
    var search = function () {
      var q = input.value.trim();
      var url = new URL(form.action, window.location.href);
      if (q) url.searchParams.set("q", q);
      var own = ++latest;
      var partial = new URL(url.href);
      partial.searchParams.set("part", "results");
      fetch(partial.href, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null || own !== latest) return;  // a newer search has been sent
          var results = document.getElementById("desk-results");
          var holder = document.createElement("div");
          holder.innerHTML = html;
          results.replaceWith(holder.firstElementChild);
          window.history.replaceState(null, "", url.pathname + url.search);
        })
        .catch(function () { /* the plain form still works */ });
    };
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 200);
    });
  }

  // --- the scanner: BarcodeDetector where the browser has one, else jsQR (served locally) ---
  var scanner = document.querySelector("[data-scanner]");
  if (!scanner) return;
  var video = scanner.querySelector("video");
  var status = scanner.querySelector(".scanner-status");
  var messages = scanner.querySelector(".scanner-messages");
  var start = scanner.querySelector("[data-scanner-start]");
  var say = function (key) { status.textContent = messages.getAttribute("data-" + key); };
  // Only a check-in link of this okconf is followed, and always on this site (badges printed
  // before the Swedish staff URLs carry the old path, which redirects to the new one).
  var CHECKIN = /^\/staff\/(anmalningar\/\d+\/incheckning|registrations\/\d+\/checkin)$/;
  var follow = function (text) {
    var url;
    try { url = new URL(text, window.location.href); } catch (e) { return false; }
    if (!CHECKIN.test(url.pathname)) { say("foreign"); return false; }
    window.location.assign(url.pathname);
    return true;
  };
  var loadJsQR = function () {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) return resolve(window.jsQR);
      var script = document.createElement("script");
      script.src = scanner.getAttribute("data-decoder");
      script.onload = function () { resolve(window.jsQR); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  };
  var makeDecoder = function () {
    if ("BarcodeDetector" in window) {
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return Promise.resolve(function () {
        return detector.detect(video).then(function (codes) {
          return codes.length ? codes[0].rawValue : null;
        });
      });
    }
    return loadJsQR().then(function (jsQR) {
      var canvas = document.createElement("canvas");
      var context = canvas.getContext("2d", { willReadFrequently: true });
      return function () {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        if (!canvas.width) return Promise.resolve(null);
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        var image = context.getImageData(0, 0, canvas.width, canvas.height);
        var code = jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
        return Promise.resolve(code ? code.data : null);
      };
    });
  };
  start.addEventListener("click", function () {
    say("starting");
    start.disabled = true;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say("no-camera");
      start.disabled = false;
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        start.hidden = true;
        return video.play().then(makeDecoder);
      })
      .then(function (decode) {
        say("looking");
        var tick = function () {
          decode()
            .then(function (text) {
              if (text && follow(text)) return;
              window.setTimeout(tick, 250);
            })
            .catch(function () { window.setTimeout(tick, 500); });
        };
        tick();
      })
      .catch(function () {
        say("no-camera");
        start.disabled = false;
      });
  });
})();
