/** @deprecated The TLS connect function moved to `core/tls/connect` (proxies use it too); import from there. */
export * from '../tls/connect';
