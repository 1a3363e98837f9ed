// Loads the QR encoder (loyalty-qr.mjs, beside the widget's own file) the
// first time a member card is shown.
let loading = null;

export function qrLoader(baseUrl) {
  return () => {
    loading ??= import(/* webpackIgnore: true */ new URL('loyalty-qr.mjs', baseUrl).href);
    return loading;
  };
}
