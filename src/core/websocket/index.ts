export * from './types';
export * from './errors';
export * from './url';
export * from './frame-decoder';
export * from './frame-view';
export * from './session';
export * from './open';
