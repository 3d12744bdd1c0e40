// Loads the app's wasm. Trunk fills in data-js and data-wasm (see Trunk.toml pattern_script);
// being a file rather than an inline script, it passes the Content-Security-Policy.
const script = document.querySelector('script[data-wasm]');
const { default: init } = await import(script.dataset.js);
const wasm = await init({ module_or_path: script.dataset.wasm });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
