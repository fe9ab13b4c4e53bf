/** HTTP/2 frame types (RFC 9113 §6), by code. */
export const FRAME_TYPES: readonly string[] = [
  'DATA',
  'HEADERS',
  'PRIORITY',
  'RST_STREAM',
  'SETTINGS',
  'PUSH_PROMISE',
  'PING',
  'GOAWAY',
  'WINDOW_UPDATE',
  'CONTINUATION',
];

/** Frame type codes used by the decoder. */
export const FrameType = {
  DATA: 0,
  HEADERS: 1,
  PRIORITY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PUSH_PROMISE: 5,
  PING: 6,
  GOAWAY: 7,
  WINDOW_UPDATE: 8,
  CONTINUATION: 9,
} as const;

/** The name of a frame type; unknown (extension) types read `UNKNOWN_0xNN`. */
export function frameTypeName(code: number): string {
  if (code === 0x10) return 'PRIORITY_UPDATE';
  if (code === 0x0a) return 'ALTSVC';
  if (code === 0x0c) return 'ORIGIN';
  return FRAME_TYPES[code] ?? `UNKNOWN_0x${code.toString(16).padStart(2, '0')}`;
}

export const FLAG_END_STREAM = 0x1;
export const FLAG_ACK = 0x1;
export const FLAG_END_HEADERS = 0x4;
export const FLAG_PADDED = 0x8;
export const FLAG_PRIORITY = 0x20;

/** The names of the flags set in `flags` for a frame of type `type` (unknown bits as `0xNN`). */
export function flagNames(type: number, flags: number): string[] {
  const known: Array<[number, string]> =
    type === FrameType.DATA
      ? [
          [FLAG_END_STREAM, 'END_STREAM'],
          [FLAG_PADDED, 'PADDED'],
        ]
      : type === FrameType.HEADERS
        ? [
            [FLAG_END_STREAM, 'END_STREAM'],
            [FLAG_END_HEADERS, 'END_HEADERS'],
            [FLAG_PADDED, 'PADDED'],
            [FLAG_PRIORITY, 'PRIORITY'],
          ]
        : type === FrameType.SETTINGS || type === FrameType.PING
          ? [[FLAG_ACK, 'ACK']]
          : type === FrameType.PUSH_PROMISE
            ? [
                [FLAG_END_HEADERS, 'END_HEADERS'],
                [FLAG_PADDED, 'PADDED'],
              ]
            : type === FrameType.CONTINUATION
              ? [[FLAG_END_HEADERS, 'END_HEADERS']]
              : [];
  const out: string[] = [];
  let rest = flags;
  for (const [bit, name] of known) {
    if (flags & bit) {
      out.push(name);
      rest &= ~bit;
    }
  }
  for (let bit = 1; bit < 0x100; bit <<= 1) if (rest & bit) out.push(`0x${bit.toString(16).padStart(2, '0')}`);
  return out;
}

/** SETTINGS parameters (RFC 9113 §6.5.2, RFC 8441, RFC 9218), by identifier. */
const SETTINGS: Record<number, string> = {
  0x1: 'HEADER_TABLE_SIZE',
  0x2: 'ENABLE_PUSH',
  0x3: 'MAX_CONCURRENT_STREAMS',
  0x4: 'INITIAL_WINDOW_SIZE',
  0x5: 'MAX_FRAME_SIZE',
  0x6: 'MAX_HEADER_LIST_SIZE',
  0x8: 'ENABLE_CONNECT_PROTOCOL',
  0x9: 'NO_RFC7540_PRIORITIES',
};

/** The name of a SETTINGS parameter; unknown ones read `UNKNOWN_0xNNNN`. */
export function settingName(id: number): string {
  return SETTINGS[id] ?? `UNKNOWN_0x${id.toString(16).padStart(4, '0')}`;
}

export const SETTINGS_HEADER_TABLE_SIZE = 0x1;
export const SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
export const SETTINGS_MAX_FRAME_SIZE = 0x5;

/** Error codes of RST_STREAM and GOAWAY (RFC 9113 §7). */
const ERROR_CODES: readonly string[] = [
  'NO_ERROR',
  'PROTOCOL_ERROR',
  'INTERNAL_ERROR',
  'FLOW_CONTROL_ERROR',
  'SETTINGS_TIMEOUT',
  'STREAM_CLOSED',
  'FRAME_SIZE_ERROR',
  'REFUSED_STREAM',
  'CANCEL',
  'COMPRESSION_ERROR',
  'CONNECT_ERROR',
  'ENHANCE_YOUR_CALM',
  'INADEQUATE_SECURITY',
  'HTTP_1_1_REQUIRED',
];

/** The name of an HTTP/2 error code; unknown ones read `UNKNOWN_0xNN`. */
export function errorCodeName(code: number): string {
  return ERROR_CODES[code] ?? `UNKNOWN_0x${code.toString(16).padStart(2, '0')}`;
}

/** What each error code means, in plain language (for messages). */
const ERROR_TEXT: Record<string, string> = {
  NO_ERROR: 'no error (a graceful shutdown)',
  PROTOCOL_ERROR: 'a protocol error',
  INTERNAL_ERROR: 'an internal error',
  FLOW_CONTROL_ERROR: 'a flow-control error',
  SETTINGS_TIMEOUT: 'SETTINGS not acknowledged in time',
  STREAM_CLOSED: 'a frame on a closed stream',
  FRAME_SIZE_ERROR: 'a frame of the wrong size',
  REFUSED_STREAM: 'the stream was refused before any processing (safe to retry)',
  CANCEL: 'the stream was cancelled',
  COMPRESSION_ERROR: 'the header compression state broke',
  CONNECT_ERROR: 'the CONNECT tunnel failed',
  ENHANCE_YOUR_CALM: 'too much load or abuse detected',
  INADEQUATE_SECURITY: 'the TLS settings are not good enough for HTTP/2',
  HTTP_1_1_REQUIRED: 'HTTP/1.1 is required for this request',
};

/** `NAME (meaning)` for an error code, for messages. */
export function describeErrorCode(code: number): string {
  const name = errorCodeName(code);
  const text = ERROR_TEXT[name];
  return text ? `${name}: ${text}` : name;
}

/** The 24 bytes a client sends first on every HTTP/2 connection (RFC 9113 §3.4). */
export const CLIENT_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** Defaults both sides start from before any SETTINGS (RFC 9113 §6.5.2). */
export const DEFAULT_WINDOW = 65535;
export const DEFAULT_HEADER_TABLE_SIZE = 4096;
export const DEFAULT_MAX_FRAME_SIZE = 16384;
