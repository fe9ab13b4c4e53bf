import type { PortState, ScanTarget } from './types';
import type { RawAttempt, RawConnector } from './raw-connect';
import { statusName } from './raw-connect';

/** What the connect loop needs to know. */
export interface EngineJob {
  targets: ScanTarget[];
  ports: number[];
  /** Most connects in flight. */
  concurrency: number;
  portTimeout: number;
  retries: number;
}

/** One finished probe. */
export interface EngineResult {
  /** Index into `targets`. */
  target: number;
  port: number;
  state: PortState;
  rttMs?: number;
  errno?: string;
}

/** A running connect loop. */
export interface EngineRun {
  /** Resolves when every probe has a result, or when cancelled. */
  done: Promise<void>;
  /** Closes every socket in flight at once; no more results are reported. */
  cancel(): void;
  /** Sockets currently open (0 after cancel or completion). */
  inFlight(): number;
}

interface Probe {
  index: number;
  tries: number;
  resourceErrors: number;
}

interface Flight {
  probe: Probe;
  start: number;
  deadline: number;
  attempt: RawAttempt;
}

/** OS errors that mean "this machine is short of sockets or ports right now", not an answer from the port. */
const RESOURCE_ERRORS = new Set(['EMFILE', 'ENFILE', 'EADDRNOTAVAIL', 'ENOBUFS', 'EAGAIN', 'ENOMEM']);
const MAX_RESOURCE_ERRORS = 5;
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'ETIMEDOUT']);

/**
 * TCP connect scan loop. Probes run in `targets × ports` order with an adaptive window: it starts small,
 * grows by one per answered probe (doubling each round trip) up to `concurrency`, and halves (at most once
 * per timeout period, never below a quarter of the cap) when probes go unanswered, as a congested or
 * filtering path would make them. Unanswered probes are retried `retries` times, then reported `filtered`.
 * A loopback self-connect (the kernel picked the target port as the local port) is reported `closed`.
 */
export function runEngine(job: EngineJob, connector: RawConnector, onResult: (r: EngineResult) => void): EngineRun {
  const { targets, ports, portTimeout, retries } = job;
  const total = targets.length * ports.length;
  const cap = Math.max(1, job.concurrency);
  const floor = Math.max(1, Math.min(cap, Math.floor(cap / 4)));
  let window = Math.min(cap, 64);
  let lastShrink = -Infinity;
  let next = 0;
  let finished = 0;
  let cancelled = false;
  const retryQueue: Probe[] = [];
  const errnames = new Map<number, string>();
  const nameOf = (status: number): string => {
    let name = errnames.get(status);
    if (name === undefined) errnames.set(status, (name = statusName(status)));
    return name;
  };
  const flights = new Set<Flight>();
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>(r => {
    resolveDone = r;
  });

  const sweepEvery = Math.max(5, Math.min(50, Math.floor(portTimeout / 4)));
  const sweeper = setInterval(sweep, sweepEvery);

  function finish(): void {
    clearInterval(sweeper);
    connector.close?.();
    resolveDone();
  }

  function report(probe: Probe, state: PortState, rttMs?: number, errno?: string): void {
    finished++;
    const r: EngineResult = { target: probe.index % targets.length, port: ports[Math.floor(probe.index / targets.length)] ?? 0, state };
    if (rttMs !== undefined) r.rttMs = Math.round(rttMs * 1000) / 1000;
    if (errno) r.errno = errno;
    onResult(r);
  }

  function shrink(now: number): void {
    if (now - lastShrink < portTimeout) return;
    lastShrink = now;
    window = Math.max(floor, Math.floor(window / 2));
  }

  function launch(probe: Probe): void {
    const target = targets[probe.index % targets.length];
    const port = ports[Math.floor(probe.index / targets.length)] ?? 0;
    const start = performance.now();
    const flight: Flight = { probe, start, deadline: start + portTimeout, attempt: { cancel: () => undefined } };
    flights.add(flight);
    flight.attempt = connector.connect(target.address, target.family, port, (status, localAddress, localPort) => {
      if (!flights.delete(flight) || cancelled) return;
      const rtt = performance.now() - start;
      if (status === 0) {
        const self = localPort === port && localAddress === target.address;
        report(probe, self ? 'closed' : 'open', rtt, self ? 'ESELFCONNECT' : undefined);
        if (window < cap) window++;
      } else {
        const errno = nameOf(status);
        if (errno === 'ECONNREFUSED' || errno === 'ECONNRESET') {
          report(probe, 'closed', rtt, errno);
          if (window < cap) window++;
        } else if (RESOURCE_ERRORS.has(errno) && ++probe.resourceErrors < MAX_RESOURCE_ERRORS) {
          window = Math.max(1, Math.floor(window / 2));
          retryQueue.push(probe);
        } else if (UNREACHABLE.has(errno)) {
          report(probe, 'filtered', rtt, errno);
        } else {
          report(probe, 'error', rtt, errno);
        }
      }
      pump();
    });
  }

  function sweep(): void {
    const now = performance.now();
    let expired = false;
    for (const f of flights) {
      if (f.deadline > now) continue;
      flights.delete(f);
      f.attempt.cancel();
      expired = true;
      if (f.probe.tries < retries) {
        f.probe.tries++;
        retryQueue.push(f.probe);
      } else {
        report(f.probe, 'filtered', undefined, 'ETIMEDOUT');
      }
    }
    if (expired) {
      shrink(now);
      pump();
    }
  }

  function pump(): void {
    if (cancelled) return;
    while (flights.size < window) {
      const probe = retryQueue.shift() ?? (next < total ? { index: next++, tries: 0, resourceErrors: 0 } : undefined);
      if (!probe) break;
      launch(probe);
    }
    if (finished === total) finish();
  }

  queueMicrotask(pump);
  return {
    done,
    cancel() {
      if (cancelled) return;
      cancelled = true;
      for (const f of flights) f.attempt.cancel();
      flights.clear();
      finish();
    },
    inFlight: () => flights.size,
  };
}
