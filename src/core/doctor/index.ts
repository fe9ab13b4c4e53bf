export * from './doctor';
export * from './order';
export * from './types';
