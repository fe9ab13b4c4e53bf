export * from './connect';
export * from './context-cache';
export * from './info';
