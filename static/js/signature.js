/* Signature pad: Pointer Events drawing on a <canvas>, strokes kept as vector JSON in a hidden input.
   Data format and server checks: interview/signatures.py. No framework, nothing inline (CSP). */
(function () {
  "use strict";

  const MIN_DISTANCE = 1.5; // CSS px: closer points add bytes but no visible detail
  const LINE_WIDTH = 2.5; // CSS px

  const mid = (a, b) => (a + b) / 2;
  const clamp = (v, max) => Math.min(Math.max(v, 0), max);

  // Quadratic curves through the midpoints: smooth lines without storing extra points.
  // interview/signatures.py draws the SVG the same way.
  function traceStroke(ctx, s) {
    ctx.beginPath();
    ctx.moveTo(s[0], s[1]);
    for (let i = 2; i + 2 < s.length; i += 2) {
      ctx.quadraticCurveTo(s[i], s[i + 1], mid(s[i], s[i + 2]), mid(s[i + 1], s[i + 3]));
    }
    // A tap has one point; canvas skips zero-length segments, so nudge it into a dot.
    if (s.length === 2) ctx.lineTo(s[0] + 0.01, s[1]);
    else ctx.lineTo(s[s.length - 2], s[s.length - 1]);
    ctx.stroke();
  }

  const isStroke = (s) =>
    Array.isArray(s) && s.length >= 2 && s.length % 2 === 0 && s.every(Number.isFinite);

  // A re-rendered form hands back what was drawn; anything unreadable starts an empty pad.
  function load(value) {
    try {
      const d = JSON.parse(value);
      if (d && d.v === 1 && d.w > 0 && d.h > 0 && Array.isArray(d.strokes) && d.strokes.every(isStroke)) {
        return { w: d.w, h: d.h, strokes: d.strokes };
      }
    } catch (err) {} // empty or foreign value: start empty
    return { w: 0, h: 0, strokes: [] };
  }

  function setup(pad) {
    const canvas = pad.querySelector("canvas");
    const input = pad.querySelector("[data-signature-input]");
    const error = pad.querySelector("[data-signature-error]");
    const clear = pad.querySelector("[data-signature-clear]");
    if (!canvas || !input) return;
    const ctx = canvas.getContext("2d");
    let data = load(input.value);
    let current = null; // the stroke being drawn
    let pointerId = null;
    let rect = null;
    let frame = 0;
    if (!data.strokes.length) input.value = "";
    if (error) error.setAttribute("role", "alert");
    canvas.style.touchAction = "none";

    function render() {
      frame = 0;
      const dpr = window.devicePixelRatio || 1;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.lineWidth = LINE_WIDTH;
      ctx.lineCap = ctx.lineJoin = "round";
      ctx.strokeStyle = "#000";
      data.strokes.forEach((s) => traceStroke(ctx, s));
    }

    const scheduleRender = () => frame || (frame = window.requestAnimationFrame(render));

    // Strokes are kept (unrounded) in CSS px of the current box. A resized box (e.g. the tablet
    // turned) rescales them uniformly, so the drawing keeps its shape and the whole box stays usable.
    function resize() {
      const w = canvas.clientWidth;
      const h = canvas.clientHeight;
      if (!w || !h) return; // hidden: wait for the next resize
      const dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
      const k = data.w ? Math.min(w / data.w, h / data.h) : 1;
      if (k !== 1) data.strokes.forEach((s) => s.forEach((v, i) => (s[i] = v * k)));
      data.w = w;
      data.h = h;
      rect = canvas.getBoundingClientRect();
      render();
    }

    function save() {
      const strokes = data.strokes.map((s) => s.map(Math.round));
      const value = { v: 1, w: data.w, h: data.h, strokes: strokes };
      input.value = data.strokes.length ? JSON.stringify(value) : "";
      input.dispatchEvent(new Event("change", { bubbles: true })); // for autosave listeners
    }

    function showError(on) {
      pad.classList.toggle("is-invalid", on);
      if (!error) return;
      if (on) error.textContent = window.word("signature.empty");
      error.hidden = !on;
    }

    // Relative to the canvas content: clientLeft/Top skip its border.
    function addPoint(e) {
      const x = clamp(e.clientX - rect.left - canvas.clientLeft, data.w);
      const y = clamp(e.clientY - rect.top - canvas.clientTop, data.h);
      const n = current.length;
      if (n && Math.hypot(x - current[n - 2], y - current[n - 1]) < MIN_DISTANCE) return;
      current.push(x, y);
    }

    canvas.addEventListener("pointerdown", (e) => {
      if (pointerId !== null || !data.w || (e.pointerType === "mouse" && e.button !== 0)) return;
      e.preventDefault();
      pointerId = e.pointerId;
      canvas.setPointerCapture(pointerId);
      rect = canvas.getBoundingClientRect();
      current = [];
      data.strokes.push(current);
      addPoint(e);
      showError(false);
      scheduleRender();
    });

    canvas.addEventListener("pointermove", (e) => {
      if (e.pointerId !== pointerId) return;
      // Coalesced events carry the points the browser merged between frames: smoother curves.
      const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [];
      (events.length ? events : [e]).forEach(addPoint);
      scheduleRender();
    });

    function endStroke(e) {
      if (e.pointerId !== pointerId) return;
      pointerId = null;
      current = null;
      save();
    }
    for (const type of ["pointerup", "pointercancel", "lostpointercapture"]) {
      canvas.addEventListener(type, endStroke);
    }

    if (clear) {
      clear.addEventListener("click", () => {
        data.strokes = [];
        render();
        save();
      });
    }

    const form = pad.closest("form");
    if (form && pad.hasAttribute("data-signature-required")) {
      form.addEventListener("submit", (e) => {
        // A formnovalidate button (e.g. "participant declines") may submit without a signature.
        if (data.strokes.length || (e.submitter && e.submitter.formNoValidate)) return;
        if (!e.defaultPrevented) pad.scrollIntoView({ block: "center" });
        e.preventDefault();
        showError(true);
      });
    }

    if (window.ResizeObserver) new ResizeObserver(resize).observe(canvas);
    else window.addEventListener("resize", resize);
    resize();
  }

  const init = () => document.querySelectorAll("[data-signature-pad]").forEach(setup);

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
