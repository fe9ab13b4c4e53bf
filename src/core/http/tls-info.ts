/** @deprecated Moved to `core/tls/info`; import from there. */
export * from '../tls/info';
