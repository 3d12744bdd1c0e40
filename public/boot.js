// Loads the app's wasm (data-js, data-wasm: the split bundle's main module, written by
// `cargo xtask build`); a file rather than an inline script, so it passes the CSP.
const script = document.querySelector('script[data-wasm]');
if (script.dataset.afterPaint !== undefined) {
  // A pre-rendered page: its text is painted first, then the app and the chunks of this
  // page's route are fetched together (a hidden tab paints nothing, hence the time limit).
  await new Promise((resolve) => {
    setTimeout(resolve, 1000);
    requestAnimationFrame(() => requestAnimationFrame(resolve));
  });
  for (const href of [script.dataset.wasm, ...script.dataset.chunks.split(' ').filter(Boolean)]) {
    const link = document.createElement('link');
    Object.assign(link, { rel: 'preload', href, as: 'fetch', type: 'application/wasm', crossOrigin: 'anonymous' });
    document.head.append(link);
  }
}
const { default: init } = await import(script.dataset.js);
const wasm = await init({ module_or_path: script.dataset.wasm });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
