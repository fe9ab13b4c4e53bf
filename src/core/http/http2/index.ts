// The pure parts only: the client (which loads Node's http2) is reached through sendHttp({ http2 }).
export * from './constants';
export * from './frame-log';
export * from './frame-view';
export * from './hpack';
export * from './huffman';
export * from './types';
