import { roundMs } from '../errors';
import type { CurlTimings, HttpTimings } from './types';

/**
 * The one rule for an exchange's timing, HTTP/1.1 and HTTP/2 alike: the phases (each its own duration, in ms)
 * rounded, and curl's `-w` marks
 * (cumulative from the start: name lookup, connect, TLS as appconnect, pretransfer, first byte, total).
 */
export function exchangeTimings(p: HttpTimings): { timings: HttpTimings; curl: CurlTimings } {
  const r = roundMs;
  const setup = p.dns + p.connect + p.tls;
  return {
    timings: { dns: r(p.dns), connect: r(p.connect), tls: r(p.tls), send: r(p.send), wait: r(p.wait), download: r(p.download), total: r(p.total) },
    curl: {
      namelookup: r(p.dns),
      connect: r(p.dns + p.connect),
      appconnect: r(p.tls ? setup : 0),
      pretransfer: r(setup),
      starttransfer: r(setup + p.send + p.wait),
      total: r(p.total),
    },
  };
}
