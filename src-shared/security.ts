/**
 * The Content-Security-Policy of the renderer, wherever it is shown: sent as a
 * header by the browser host and the desktop session, and repeated in
 * src-renderer/index.html (a test keeps the three the same). No inline or
 * remote scripts; the WebSocket to the browser host is same-origin ('self').
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
