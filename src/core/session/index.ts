export * from './session';
export * from './socket-options';
export * from './kernel-view';
