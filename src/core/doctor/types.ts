import type { HttpTimings } from '../http/types';
import type { TlsDetails } from '../tls/info';
import type { ResolvedAddress } from '../resolve/resolve';
import type { Diagnosis } from './diagnose-types';

export type DoctorStepName = 'resolve' | 'connect' | 'tls' | 'http';
export type DoctorStatus = 'ok' | 'warning' | 'failed' | 'skipped';

/** One step of the diagnosis with its verdict and advice. */
export interface DoctorStep {
  name: DoctorStepName;
  status: DoctorStatus;
  /** One sentence: what happened. */
  summary: string;
  /** What to do about it (empty when nothing). */
  advice: string;
  elapsedMs: number;
}

/** One address's TCP connect, in the order tried (happy-eyeballs: families interleaved). */
export interface DoctorAddress extends ResolvedAddress {
  outcome: 'open' | 'refused' | 'timeout' | 'unreachable' | 'error' | 'aborted';
  errno?: string;
  elapsedMs: number;
  explanation: string;
  localAddress?: string;
  localPort?: number;
}

/** What the connection doctor found. */
export interface DoctorReport {
  input: string;
  host: string;
  port: number;
  tls: boolean;
  /** The URL requested in the HTTP step, when there was one. */
  url?: string;
  verdict: Exclude<DoctorStatus, 'skipped'>;
  /** One sentence for the whole chain. */
  summary: string;
  advice: string;
  steps: DoctorStep[];
  addresses: DoctorAddress[];
  /** The address used for TLS and HTTP. */
  usedAddress?: string;
  via: string;
  tlsDetails?: TlsDetails;
  http?: { statusCode: number; statusText: string; httpVersion: string; headers: Array<[string, string]>; bytesReceived: number; timings: HttpTimings };
  timings: { dns: number; connect: number; tls: number; firstByte: number; total: number };
  elapsedMs: number;
  /** Through a SOCKS proxy: the route on success, the failing stage otherwise (as Diagnose reports it). */
  proxy?: Diagnosis['proxy'];
}
