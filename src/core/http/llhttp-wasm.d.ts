/** The llhttp parser compiled to WebAssembly, as shipped (and maintained) by undici. */
declare module 'undici/lib/llhttp/llhttp-wasm.js' {
  const wasm: Buffer<ArrayBuffer>;
  export = wasm;
}
declare module 'undici/lib/llhttp/llhttp_simd-wasm.js' {
  const wasm: Buffer<ArrayBuffer>;
  export = wasm;
}
