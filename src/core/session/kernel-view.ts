import { execFile } from 'child_process';
import { formatHostPort } from '../address/host-port';

/** What the kernel reports for one TCP connection (Linux `ss -tinmoe`): the effective values. */
export interface KernelSocketView {
  /** Receive and send buffer sizes in bytes (SO_RCVBUF / SO_SNDBUF as the kernel has them now). */
  rcvbuf?: number;
  sndbuf?: number;
  /** Keep-alive timer running (SO_KEEPALIVE on and the connection idle). */
  keepaliveTimer?: string;
  congestion?: string;
  mss?: number;
  cwnd?: number;
  /** Smoothed round-trip time / variance, ms. */
  rtt?: string;
  /** The raw `ss` line, for the curious. */
  raw: string;
}

const num = (re: RegExp, text: string): number | undefined => {
  const m = re.exec(text);
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
};

/** Parses one connection's `ss -tinmoeH` output. */
export function parseSsOutput(text: string): KernelSocketView | undefined {
  const raw = text.replace(/\s+/g, ' ').trim();
  if (!raw) return undefined;
  const view: KernelSocketView = { raw };
  const rb = num(/skmem:\([^)]*\brb(\d+)/, raw);
  const tb = num(/skmem:\([^)]*\btb(\d+)/, raw);
  if (rb !== undefined) view.rcvbuf = rb;
  if (tb !== undefined) view.sndbuf = tb;
  const timer = /timer:\(keepalive,([^,)]+)/.exec(raw);
  if (timer?.[1]) view.keepaliveTimer = timer[1];
  const cc = /\b(cubic|bbr|reno|vegas|westwood|htcp|bic|dctcp)\b/.exec(raw);
  if (cc?.[1]) view.congestion = cc[1];
  const mss = num(/\bmss:(\d+)/, raw);
  const cwnd = num(/\bcwnd:(\d+)/, raw);
  if (mss !== undefined) view.mss = mss;
  if (cwnd !== undefined) view.cwnd = cwnd;
  const rtt = /\brtt:([\d.]+\/[\d.]+)/.exec(raw);
  if (rtt?.[1]) view.rtt = rtt[1];
  return view;
}

/**
 * Asks the kernel (Linux `ss`) for the effective options of the connection `local` → `remote`.
 * Resolves undefined where `ss` is missing or the connection is not found; never rejects.
 */
export function kernelSocketView(
  localAddress: string,
  localPort: number,
  remoteAddress: string,
  remotePort: number,
  timeoutMs = 2000,
): Promise<KernelSocketView | undefined> {
  if (process.platform !== 'linux') return Promise.resolve(undefined);
  const args = ['-tinmoeH', 'src', formatHostPort(localAddress, localPort), 'dst', formatHostPort(remoteAddress, remotePort)];
  return new Promise(resolve => {
    execFile('ss', args, { timeout: timeoutMs, windowsHide: true }, (err, stdout) => resolve(err ? undefined : parseSsOutput(stdout)));
  });
}
