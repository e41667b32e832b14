/**
 * In-page helpers for bench/webview.ts. Main-thread work per frame: requestAnimationFrame callbacks and
 * scroll, wheel, message and key listeners are timed and summed per frame; long tasks are
 * observed alongside. This counts script work, not the frame gap. Installed with addInitScript,
 * as plain JS so no bundler helper leaks into the page. Also first-paint, filter and sweep timers
 * (window.__bench), reading the marks the webview sets.
 */

/** Per-frame script work (ms) and long tasks (ms) since the last reset. */
export interface FrameSample {
  frames: number[];
  longTasks: number[];
}

/** The init script. */
export const FRAME_PROBE = `(() => {
  let current = 0, frames = [], longTasks = [], timing = 0;
  const time = (fn, self, args) => {
    if (timing) return fn.apply(self, args);
    timing = 1;
    const t = performance.now();
    try { return fn.apply(self, args); } finally { current += performance.now() - t; timing = 0; }
  };
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => raf((ts) => time(cb, window, [ts]));
  const wrapped = new WeakMap();
  const add = EventTarget.prototype.addEventListener, remove = EventTarget.prototype.removeEventListener;
  const TYPES = new Set(['scroll', 'wheel', 'message', 'keydown', 'click', 'change']);
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (typeof listener !== 'function' || !TYPES.has(type)) return add.call(this, type, listener, options);
    let w = wrapped.get(listener);
    if (!w) { w = function (...args) { return time(listener, this, args); }; wrapped.set(listener, w); }
    return add.call(this, type, w, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    return remove.call(this, type, wrapped.get(listener) || listener, options);
  };
  const loop = () => { frames.push(current); current = 0; raf(loop); };
  raf(loop);
  try { new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: false }); } catch {}
  const probe = window.__probe = {
    reset() { frames = []; longTasks = []; current = 0; },
    samples() { return { frames: frames.slice(1), longTasks: longTasks.slice() }; },
  };
  const nextPaint = (t0, resolve) => raf(() => resolve(performance.now() - t0));
  window.__bench = {
    // ms from navigation start to the frame after the first rows with data were rendered.
    firstRows() {
      return new Promise((resolve) => {
        const check = () => performance.getEntriesByName('timeline:first-rows').length ? nextPaint(0, resolve) : setTimeout(check, 2);
        check();
      });
    },
    // Median round trip of a trivial request through the test bridge (webview → Node host → webview).
    async roundTrip() {
      const times = [];
      for (let i = 0; i < 9; i++) {
        const id = 900000 + i;
        const t0 = performance.now();
        await new Promise((resolve) => {
          const on = (e) => { if (e.data && e.data.inReplyTo === id) { window.removeEventListener('message', on); resolve(); } };
          window.addEventListener('message', on);
          window.__hostPost({ messageId: id, body: { type: 'rows/locate', generation: 0, seq: 1 } });
        });
        times.push(performance.now() - t0);
      }
      return times.sort((a, b) => a - b)[4];
    },
    // Applies a filter through the toolbar (Enter skips the typing debounce); ms to the new rows painted.
    filter(f) {
      const before = performance.getEntriesByName('timeline:view').length;
      const field = document.querySelector('vscode-text-field.filter');
      const channel = document.querySelector('vscode-dropdown.facet-channel');
      const t0 = performance.now();
      if (f.channel !== undefined) { field.value = ''; channel.value = f.channel; channel.dispatchEvent(new Event('change')); }
      else { field.value = f.text || ''; field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true })); }
      return new Promise((resolve) => {
        const check = () => {
          const marks = performance.getEntriesByName('timeline:view');
          if (marks.length > before) nextPaint(t0, (ms) => resolve({ ms, total: marks[marks.length - 1].detail.total }));
          else setTimeout(check, 1);
        };
        check();
      });
    },
    // Sweeps the scrollbar top to bottom over ms, one jump per frame, as a fast drag would.
    sweep(duration) {
      const list = document.querySelector('.vlist');
      probe.reset();
      const t0 = performance.now();
      return new Promise((resolve) => {
        const step = () => {
          const p = Math.min(1, (performance.now() - t0) / duration);
          list.scrollTop = p * (list.scrollHeight - list.clientHeight);
          if (p < 1) raf(step); else setTimeout(() => resolve(probe.samples()), 300);
        };
        raf(step);
      });
    },
  };
})();`;

/** Frame count, percentiles of work per frame, and long-task totals. */
export function frameStats(sample: FrameSample): { frames: number; p50: number; p95: number; max: number; longTasks: number; longTaskMs: number } {
  const sorted = [...sample.frames].sort((a, b) => a - b);
  const pick = (q: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0);
  return { frames: sorted.length, p50: pick(0.5), p95: pick(0.95), max: sorted.at(-1) ?? 0, longTasks: sample.longTasks.length, longTaskMs: sample.longTasks.reduce((s, d) => s + d, 0) };
}
