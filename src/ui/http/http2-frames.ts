import { frameDetails } from '../../core/http/http2/frame-view';
import type { Http2Frame } from '../../core/http/http2/types';
import type { HttpExchange } from '../../core/http/types';
import type { FramePage, FrameQuery, Http2FrameView } from '../webviews/http/protocol';
import { FRAME_PAGE } from '../webviews/http/protocol';

/** Frame bytes one page may carry to the webview (a page is cut shorter when its frames are large). */
const PAGE_BYTES = 256 * 1024;

/** A frame as the Wire tab shows it: `n` its 1-based place on the connection, bytes as base64. */
export function frameView(f: Http2Frame, n: number): Http2FrameView {
  const { bytes, typeCode: _typeCode, ...rest } = f;
  return { ...rest, n, bytes: bytes.toString('base64'), details: frameDetails(f) };
}

/** Whether frame `f` belongs to the scope: the exchange's stream and the connection's own frames (stream 0). */
function inScope(f: Http2Frame, q: FrameQuery, streamId: number): boolean {
  return q.scope === 'connection' || f.streamId === streamId || f.streamId === 0;
}

/**
 * One page of the frames of an exchange's connection for the Wire tab: those in the query's scope (and of its
 * type, if one is given) from `offset`, at most {@link FRAME_PAGE} frames and about {@link PAGE_BYTES} of
 * bytes (always at least one frame). Undefined when the exchange is not an HTTP/2 one.
 */
export function framePage(ex: HttpExchange | undefined, q: FrameQuery): FramePage | undefined {
  const all = ex?.connection.http2?.frames;
  if (!ex?.http2 || !all) return undefined;
  const streamId = ex.http2.streamId;
  const types = new Set<string>();
  const matching: number[] = [];
  all.forEach((f, i) => {
    if (!inScope(f, q, streamId)) return;
    types.add(f.type);
    if (q.frameType === undefined || f.type === q.frameType) matching.push(i);
  });
  const offset = q.offset;
  const frames: Http2FrameView[] = [];
  let bytes = 0;
  for (let k = offset; k < matching.length && frames.length < FRAME_PAGE; k++) {
    const i = matching[k] ?? 0;
    const f = all[i];
    if (!f) break;
    if (frames.length > 0 && bytes + f.bytes.length > PAGE_BYTES) break;
    bytes += f.bytes.length;
    frames.push(frameView(f, i + 1));
  }
  return { ...q, offset, total: matching.length, frames, types: [...types] };
}
