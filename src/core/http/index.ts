export * from './client';
export * from './decode';
export * from './request-text';
export * from './target';
export * from './tls-connect';
export * from './tls-info';
export * from './types';
export * from './request-file';
