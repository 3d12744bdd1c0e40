//! Plain-text files the app offers for download (call notes, recovery codes), made in the
//! browser: nothing is sent anywhere.

/// An object URL for `text` as a UTF-8 text file; `None` where the browser refuses. Revoke
/// it with `web_sys::Url::revoke_object_url` once it is no longer offered.
pub fn object_url(text: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .and_then(|blob| web_sys::Url::create_object_url_with_blob(&blob))
        .ok()
}
