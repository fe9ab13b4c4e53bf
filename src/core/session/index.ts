export * from './session';
export * from './socket-options';
