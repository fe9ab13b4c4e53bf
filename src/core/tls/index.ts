export * from './connect';
export * from './context-cache';
export * from './info';
export * from './client-cert';
export * from './keylog';
