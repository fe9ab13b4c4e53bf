// `import = require` (not a default import): the ES-module interop would copy every byte index of these
// large Buffers as properties at load time.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import llhttpWasm = require('undici/lib/llhttp/llhttp-wasm.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
import llhttpSimdWasm = require('undici/lib/llhttp/llhttp_simd-wasm.js');

/*
 * A typed binding to llhttp (the parser Node's own `http` uses), compiled to WebAssembly by the Node.js
 * team and shipped in undici. We drive its documented C API (llhttp_execute, llhttp_pause semantics,
 * llhttp_get_error_pos) ourselves so every response boundary is known to the byte.
 */

const TYPE_RESPONSE = 2;
const HPE_OK = 0;
const HPE_PAUSED = 21;
const HPE_PAUSED_UPGRADE = 22;
const HPE_USER = 24;

interface LlhttpExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  llhttp_alloc(type: number): number;
  llhttp_free(ptr: number): void;
  llhttp_execute(parser: number, data: number, len: number): number;
  llhttp_finish(parser: number): number;
  llhttp_resume(parser: number): void;
  llhttp_reset(parser: number): void;
  llhttp_get_error_pos(parser: number): number;
  llhttp_get_error_reason(parser: number): number;
  llhttp_errno_name(errno: number): number;
  llhttp_get_http_major(parser: number): number;
  llhttp_get_http_minor(parser: number): number;
  llhttp_message_needs_eof(parser: number): number;
}

/**
 * One llhttp WebAssembly instance serves every parser of the process (creating an instance costs more
 * than a whole loopback request). It holds no request state: each parser has its own llhttp struct
 * (`llhttp_alloc`), callbacks are routed by that struct's address, and the input buffer is only used
 * inside a synchronous `execute`.
 */
interface Engine {
  wasm: LlhttpExports;
  parsers: Map<number, ResponseParser>;
  bufPtr: number;
  bufSize: number;
}

let engine: Engine | undefined;

function compile(): WebAssembly.Module {
  try {
    return new WebAssembly.Module(llhttpSimdWasm);
  } catch {
    return new WebAssembly.Module(llhttpWasm);
  }
}

function getEngine(): Engine {
  if (engine) return engine;
  const parsers = new Map<number, ResponseParser>();
  const on = (p: number): ParserCallbacks => {
    const parser = parsers.get(p);
    if (!parser) throw new Error('llhttp callback for an unknown parser');
    return parser;
  };
  const instance = new WebAssembly.Instance(compile(), {
    env: {
      wasm_on_url: () => 0,
      wasm_on_message_begin: (p: number) => on(p).onMessageBegin(),
      wasm_on_status: (p: number, at: number, len: number) => on(p).onStatus(at, len),
      wasm_on_header_field: (p: number, at: number, len: number) => on(p).onHeaderField(at, len),
      wasm_on_header_value: (p: number, at: number, len: number) => on(p).onHeaderValue(at, len),
      wasm_on_headers_complete: (p: number, status: number, upgrade: number, keepAlive: number) =>
        on(p).onHeadersComplete(status, upgrade === 1, keepAlive === 1),
      wasm_on_body: (p: number, at: number, len: number) => on(p).onBody(at, len),
      wasm_on_message_complete: (p: number) => on(p).onMessageComplete(),
    },
  });
  engine = { wasm: instance.exports as unknown as LlhttpExports, parsers, bufPtr: 0, bufSize: 0 };
  return engine;
}

/** The callbacks llhttp calls, as the engine sees a parser. */
interface ParserCallbacks {
  onMessageBegin(): number;
  onStatus(at: number, len: number): number;
  onHeaderField(at: number, len: number): number;
  onHeaderValue(at: number, len: number): number;
  onHeadersComplete(statusCode: number, upgrade: boolean, keepAlive: boolean): number;
  onBody(at: number, len: number): number;
  onMessageComplete(): number;
}

const WARM_UP = Buffer.from(
  'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok' + 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n',
  'latin1',
);

/**
 * Loads llhttp and runs it once on a canned response, so that compiling the parser (WebAssembly is compiled
 * lazily, on first call) happens now rather than inside the first request's timed phases. Idempotent.
 */
export function warmUpParser(): void {
  if (engine) return;
  const parser = new ResponseParser({ onHead: () => undefined, onBody: () => undefined, onComplete: () => undefined }, 64 * 1024);
  try {
    let rest = WARM_UP;
    while (rest.length > 0) {
      const r = parser.execute(rest);
      if (!r.completed) break;
      rest = rest.subarray(r.consumed);
      parser.resume();
    }
  } finally {
    parser.free();
  }
}

/** The status line and headers of one response, as parsed. */
export interface ParsedHead {
  statusCode: number;
  statusText: string;
  /** `1.1`, `1.0`. */
  httpVersion: string;
  /** Header names and values as received, in order (names keep their case). */
  headers: Array<[string, string]>;
  /** The server allows another request on this connection after this response. */
  keepAlive: boolean;
  upgrade: boolean;
}

/** What the caller does with the response the parser is reading. */
export interface ParserHandlers {
  /** Headers complete. Return `skip-body` for a response to HEAD, `upgrade` for CONNECT/101 tunnels. */
  onHead(head: ParsedHead): 'skip-body' | 'upgrade' | undefined;
  onBody(chunk: Buffer): void;
  /** One message complete (informational 1xx responses complete too). */
  onComplete(head: ParsedHead): void;
}

/** The Content-Length of a response that has no Transfer-Encoding (else 0). llhttp has validated it. */
function contentLength(head: ParsedHead): number {
  let length = 0;
  for (const [k, v] of head.headers) {
    const name = k.toLowerCase();
    if (name === 'transfer-encoding') return 0;
    if (name === 'content-length') length = Number(v.trim());
  }
  return Number.isSafeInteger(length) ? length : 0;
}

/** An llhttp error: `code` is the llhttp name (`HPE_INVALID_CHUNK_SIZE`), `reason` its text. */
export class HttpParseError extends Error {
  override readonly name = 'HttpParseError';
  constructor(
    readonly code: string,
    readonly reason: string,
    readonly offset: number,
  ) {
    super(`${reason} (${code})`);
  }
}

/** Result of feeding bytes: how many belong to the current message, and whether it stopped there. */
export interface ExecuteResult {
  consumed: number;
  /** A final (non-1xx) response completed; bytes after `consumed` belong to what follows. */
  completed: boolean;
  /** The connection switched protocols; bytes after `consumed` are the new protocol's. */
  upgraded: boolean;
}

/**
 * An HTTP/1.x response parser over llhttp. Stops after each final response (so keep-alive and
 * pipelined bytes are accounted for exactly); call {@link resume} before reading the next response.
 */
export class ResponseParser implements ParserCallbacks {
  private readonly engine: Engine;
  private readonly wasm: LlhttpExports;
  private readonly ptr: number;
  private bufPtr = 0;
  private chunk: Buffer = Buffer.alloc(0);
  private statusText = '';
  private headers: Array<[string, string]> = [];
  private field = '';
  private value = '';
  private inValue = false;
  private headBytes = 0;
  private head: ParsedHead | undefined;
  private failure: Error | undefined;
  private freed = false;
  /** Body bytes still due for a Content-Length body NetProbe reads past llhttp (see `execute`). */
  private bodyRemaining = 0;
  private bypassNext = false;

  constructor(
    private handlers: ParserHandlers,
    private readonly maxHeaderBytes: number,
  ) {
    this.engine = getEngine();
    this.wasm = this.engine.wasm;
    this.ptr = this.wasm.llhttp_alloc(TYPE_RESPONSE);
    this.engine.parsers.set(this.ptr, this);
  }

  /**
   * Parses `chunk`. Throws HttpParseError for a response that breaks HTTP/1.1. A Content-Length body is
   * framed by llhttp (which validated the length) but its bytes go straight to `onBody` without being
   * copied into WebAssembly memory: llhttp pauses after the headers and is reset after the last byte.
   */
  execute(chunk: Buffer): ExecuteResult {
    if (chunk.length === 0) return { consumed: 0, completed: false, upgraded: false };
    if (this.bodyRemaining > 0) return this.bypass(chunk, 0);
    const e = this.engine;
    if (chunk.length > e.bufSize) {
      if (e.bufPtr) this.wasm.free(e.bufPtr);
      e.bufSize = Math.ceil(chunk.length / 16384) * 16384;
      e.bufPtr = this.wasm.malloc(e.bufSize);
    }
    this.bufPtr = e.bufPtr;
    new Uint8Array(this.wasm.memory.buffer, this.bufPtr, chunk.length).set(chunk);
    this.chunk = chunk;
    const ret = this.wasm.llhttp_execute(this.ptr, this.bufPtr, chunk.length);
    this.chunk = Buffer.alloc(0);
    if (ret === HPE_OK) return { consumed: chunk.length, completed: false, upgraded: false };
    const consumed = this.wasm.llhttp_get_error_pos(this.ptr) - this.bufPtr;
    if (ret === HPE_PAUSED && this.bypassNext) {
      this.bypassNext = false;
      return this.bypass(chunk, consumed);
    }
    if (ret === HPE_PAUSED) return { consumed, completed: true, upgraded: false };
    if (ret === HPE_PAUSED_UPGRADE) return { consumed, completed: true, upgraded: true };
    throw this.error(ret, consumed);
  }

  private bypass(chunk: Buffer, from: number): ExecuteResult {
    const n = Math.min(this.bodyRemaining, chunk.length - from);
    if (n > 0) {
      this.bodyRemaining -= n;
      this.handlers.onBody(chunk.subarray(from, from + n));
    }
    if (this.bodyRemaining > 0) return { consumed: chunk.length, completed: false, upgraded: false };
    this.wasm.llhttp_reset(this.ptr);
    const head = this.head;
    if (head) this.handlers.onComplete(head);
    return { consumed: from + n, completed: true, upgraded: false };
  }

  /** The peer closed the connection: completes a close-delimited body, or throws if a message was cut short. */
  finish(): { completed: boolean } {
    if (this.bodyRemaining > 0) throw new HttpParseError('HPE_INVALID_EOF_STATE', 'Invalid EOF state', 0);
    const ret = this.wasm.llhttp_finish(this.ptr);
    if (ret === HPE_OK) return { completed: false };
    if (ret === HPE_PAUSED || ret === HPE_PAUSED_UPGRADE) return { completed: true };
    throw this.error(ret, 0);
  }

  /** After a completed response, lets the parser read the next one. */
  resume(): void {
    this.wasm.llhttp_resume(this.ptr);
  }

  /** The response in progress is delimited by the connection closing (no length, not chunked). */
  needsEof(): boolean {
    if (this.bodyRemaining > 0) return false;
    return this.wasm.llhttp_message_needs_eof(this.ptr) === 1;
  }

  /** Sets who receives the next response's events. */
  setHandlers(handlers: ParserHandlers): void {
    this.handlers = handlers;
    this.failure = undefined;
  }

  /** Releases the parser's memory (idempotent). */
  free(): void {
    if (this.freed) return;
    this.freed = true;
    this.engine.parsers.delete(this.ptr);
    this.wasm.llhttp_free(this.ptr);
  }

  private error(ret: number, offset: number): Error {
    if (ret === HPE_USER && this.failure) return this.failure;
    return new HttpParseError(this.cString(this.wasm.llhttp_errno_name(ret)), this.cString(this.wasm.llhttp_get_error_reason(this.ptr)), offset);
  }

  private cString(ptr: number): string {
    if (!ptr) return '';
    const mem = new Uint8Array(this.wasm.memory.buffer);
    const end = mem.indexOf(0, ptr);
    return Buffer.from(mem.subarray(ptr, end < 0 ? ptr : end)).toString('latin1');
  }

  private slice(at: number, len: number): Buffer {
    const start = at - this.bufPtr;
    return this.chunk.subarray(start, start + len);
  }

  /** The bytes llhttp points at, as latin1 text (no intermediate Buffer). */
  private text(at: number, len: number): string {
    const start = at - this.bufPtr;
    return this.chunk.toString('latin1', start, start + len);
  }

  private guard(fn: () => number): number {
    try {
      return fn();
    } catch (e) {
      this.failure = e instanceof Error ? e : new Error(String(e));
      return -1;
    }
  }

  private countHead(len: number): number {
    this.headBytes += len;
    if (this.headBytes > this.maxHeaderBytes) {
      this.failure = new HttpParseError('HEADERS_TOO_LARGE', `The response headers are larger than the limit of ${this.maxHeaderBytes} bytes`, 0);
      return -1;
    }
    return 0;
  }

  /** @internal llhttp callback. */
  onBody(at: number, len: number): number {
    return this.guard(() => {
      this.handlers.onBody(this.slice(at, len));
      return 0;
    });
  }

  /** @internal llhttp callback. */
  onMessageBegin(): number {
    this.statusText = '';
    this.headers = [];
    this.field = '';
    this.value = '';
    this.inValue = false;
    this.headBytes = 0;
    this.head = undefined;
    return 0;
  }

  /** @internal llhttp callback. */
  onStatus(at: number, len: number): number {
    this.statusText += this.text(at, len);
    return this.countHead(len);
  }

  /** @internal llhttp callback. */
  onHeaderField(at: number, len: number): number {
    if (this.inValue) {
      this.headers.push([this.field, this.value]);
      this.field = '';
      this.value = '';
      this.inValue = false;
    }
    this.field += this.text(at, len);
    return this.countHead(len + 4);
  }

  /** @internal llhttp callback. */
  onHeaderValue(at: number, len: number): number {
    this.inValue = true;
    this.value += this.text(at, len);
    return this.countHead(len);
  }

  /** @internal llhttp callback. */
  onHeadersComplete(statusCode: number, upgrade: boolean, keepAlive: boolean): number {
    if (this.inValue || this.field) this.headers.push([this.field, this.value]);
    this.field = '';
    this.value = '';
    this.inValue = false;
    const version = `${this.wasm.llhttp_get_http_major(this.ptr)}.${this.wasm.llhttp_get_http_minor(this.ptr)}`;
    this.head = { statusCode, statusText: this.statusText, httpVersion: version, headers: this.headers, keepAlive, upgrade };
    const head = this.head;
    return this.guard(() => {
      const action = this.handlers.onHead(head);
      if (action) return action === 'upgrade' ? 2 : 1;
      const length = contentLength(head);
      if (length > 0 && statusCode >= 200 && statusCode !== 204 && statusCode !== 304) {
        this.bodyRemaining = length;
        this.bypassNext = true;
        return HPE_PAUSED;
      }
      return 0;
    });
  }

  /** @internal llhttp callback. */
  onMessageComplete(): number {
    const head = this.head;
    if (!head) return 0;
    return this.guard(() => {
      this.handlers.onComplete(head);
      const informational = head.statusCode >= 100 && head.statusCode < 200 && head.statusCode !== 101;
      return informational ? 0 : HPE_PAUSED;
    });
  }
}
