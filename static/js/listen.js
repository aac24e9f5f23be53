// The listening page: the recording's segments played as one, a timeline of question markers
// (a tap jumps there; the current one is highlighted), speed, and keys: space, and ← for back 5 s.
(function () {
  "use strict";
  var player = document.querySelector("[data-player]");
  if (!player) return;
  var audio = player.querySelector("[data-audio]"), out = player.querySelector("[data-clock]");
  var files = [].map.call(player.querySelectorAll("[data-files] li"), function (li) {
    return { url: li.getAttribute("data-url"), position: +li.getAttribute("data-position"), length: +li.getAttribute("data-length") };
  });
  var markers = [].slice.call(document.querySelectorAll("[data-markers] li"));
  var current = -1, rate = 1;

  function clock(ms) {
    var t = Math.round(ms / 100), s = Math.floor(t / 10), m = Math.floor(s / 60);
    return Math.floor(m / 60) + ":" + ("0" + (m % 60)).slice(-2) + ":" + ("0" + (s % 60)).slice(-2) + "." + (t % 10);
  }
  function fileAt(ms) {
    for (var i = files.length - 1; i > 0; i--) if (ms >= files[i].position) return i;
    return 0;
  }
  // The position on the whole recording's clock, in milliseconds.
  function position() { return current < 0 ? 0 : files[current].position + audio.currentTime * 1000; }
  function load(index, offsetMs, play) {
    var go = function () {
      audio.currentTime = Math.max(0, offsetMs / 1000);
      audio.playbackRate = rate;
      if (play) audio.play();
    };
    if (index === current) { go(); return; }
    current = index;
    audio.src = files[index].url;
    audio.addEventListener("loadedmetadata", go, { once: true });
    audio.load();
  }
  function seek(ms, play) {
    ms = Math.max(0, ms);
    var index = fileAt(ms);
    load(index, ms - files[index].position, play);
  }
  function toggle() {
    if (current < 0) { seek(0, true); return; }
    if (audio.paused) audio.play(); else audio.pause();
  }
  function highlight() {
    var ms = position(), active = null;
    markers.forEach(function (li) { if (+li.getAttribute("data-position") <= ms + 50) active = li; });
    markers.forEach(function (li) { li.classList.toggle("is-current", li === active); });
    if (active) active.setAttribute("aria-current", "true");
    markers.forEach(function (li) { if (li !== active) li.removeAttribute("aria-current"); });
    out.textContent = clock(ms);
  }

  audio.addEventListener("timeupdate", highlight);
  audio.addEventListener("seeked", highlight);
  // One segment ends: the next plays on.
  audio.addEventListener("ended", function () { if (current + 1 < files.length) load(current + 1, 0, true); });
  player.querySelector("[data-play]").addEventListener("click", toggle);
  player.querySelector("[data-back]").addEventListener("click", function () { seek(position() - 5000, !audio.paused); });
  player.querySelector("[data-speed]").addEventListener("change", function (ev) { rate = +ev.target.value; audio.playbackRate = rate; });
  document.addEventListener("click", function (ev) {
    var b = ev.target.closest && ev.target.closest("[data-seek]");
    if (b) seek(+b.getAttribute("data-seek"), true);
  });
  document.addEventListener("keydown", function (ev) {
    var tag = ev.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || tag === "BUTTON" && ev.key === " ") return;
    if (ev.key === " ") { ev.preventDefault(); toggle(); }
    if (ev.key === "ArrowLeft") { ev.preventDefault(); seek(position() - 5000, !audio.paused); }
  });
  seek(0, false);
  window.interviewPlayer = { position: position };
})();
