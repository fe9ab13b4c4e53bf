export * from './doctor';
export * from './order';
export * from './types';
export * from './reach';
export * from './words';
export * from './reach-steps';
