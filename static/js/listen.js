// The recording's player (the listening page and the transcription page): the segments played
// as one, a timeline of question markers (a tap jumps there; the current one is highlighted),
// speed, and keys that work while typing: Esc or Ctrl+Space play and pause, Ctrl+← goes back
// 5 s, Ctrl+↑/↓ change the speed; outside a text box, space and ← as well.
(function () {
  "use strict";
  function clock(ms) {
    var t = Math.round(ms / 100), s = Math.floor(t / 10), m = Math.floor(s / 60);
    return Math.floor(m / 60) + ":" + ("0" + (m % 60)).slice(-2) + ":" + ("0" + (s % 60)).slice(-2) + "." + (t % 10);
  }
  // h:mm:ss.t, as the server's clock() writes positions (the transcription page writes turns' times).
  window.interviewClock = clock;
  var player = document.querySelector("[data-player]");
  if (!player) return;
  var audio = player.querySelector("[data-audio]"), out = player.querySelector("[data-clock]");
  var files = [].map.call(player.querySelectorAll("[data-files] li"), function (li) {
    return { url: li.getAttribute("data-url"), position: +li.getAttribute("data-position"), length: +li.getAttribute("data-length") };
  });
  var markers = [].slice.call(document.querySelectorAll("[data-markers] li[data-position]"));
  var current = -1, rate = 1;

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
  player.querySelector("[data-back]").addEventListener("click", back);
  var speeds = player.querySelector("[data-speed]");
  function setRate() { rate = +speeds.value; audio.playbackRate = rate; }
  // One step along the speed list (+1 faster, -1 slower), as if chosen there.
  function speed(step) {
    speeds.selectedIndex = Math.min(speeds.options.length - 1, Math.max(0, speeds.selectedIndex + step));
    setRate();
  }
  function back() { seek(position() - 5000, !audio.paused); }
  speeds.addEventListener("change", setRate);
  document.addEventListener("click", function (ev) {
    var b = ev.target.closest && ev.target.closest("[data-seek]");
    if (b) seek(+b.getAttribute("data-seek"), true);
  });
  // With Ctrl (or Esc) anywhere, also in a text box; plain keys only where they would not type.
  var withCtrl = { " ": toggle, ArrowLeft: back, ArrowUp: function () { speed(1); }, ArrowDown: function () { speed(-1); } };
  var plain = { " ": toggle, ArrowLeft: back };
  document.addEventListener("keydown", function (ev) {
    var tag = ev.target.tagName, typing = tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA";
    var action = ev.altKey || ev.metaKey || ev.shiftKey ? null
      : ev.key === "Escape" ? toggle
      : ev.ctrlKey ? withCtrl[ev.key]
      : typing || tag === "BUTTON" && ev.key === " " ? null : plain[ev.key];
    if (!action) return;
    ev.preventDefault();
    action();
  });
  seek(0, false);
  window.interviewPlayer = { position: position, toggle: toggle, seek: seek, paused: function () { return audio.paused; } };
})();
