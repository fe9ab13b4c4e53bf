import { randomInt } from 'crypto';
import type { OperationOptions } from '../errors';
import { DEFAULT_TIMEOUT_MS, errorMessage, NetProbeError, nowMs, roundMs, throwIfAborted } from '../errors';
import type { ProxyConfig } from '../proxy/types';
import type { DecodedMessage } from './message';
import { decodeMessage, encodeQuery } from './message';
import { absoluteName, decodeName, encodeName } from './name';
import { formatNameserver, nameserversFor } from './nameserver';
import { nameserverTarget } from './query';
import { openDnsTcp, readFrames, writeFrame } from './tcp';
import type { DnsRecord } from './types';
import { mismatch } from './udp';

/** Options of {@link zoneTransfer}; `timeout` is the longest wait for each message. */
export interface ZoneTransferOptions extends OperationOptions {
  /** Nameserver to transfer from (the system's when absent). */
  server?: string;
  resolvConf?: string;
  proxy?: ProxyConfig;
  /** Stop after this many records (default 5,000,000). */
  maxRecords?: number;
}

/** A completed AXFR. */
export interface ZoneTransferResult {
  zone: string;
  server: { spec: string; address: string; port: number };
  /** Every record in transfer order, the SOA first and last as sent. */
  records: DnsRecord[];
  recordCount: number;
  messages: number;
  sizeBytes: number;
  /** Serial of the zone's SOA. */
  serial?: number;
  elapsedMs: number;
}

/**
 * Full zone transfer (AXFR, RFC 5936) over TCP through `dial()`: reads every message until the closing
 * SOA. A refused transfer throws a `refused` NetProbeError that names the rcode; a broken stream
 * `protocol`; no progress within `timeout` per message `timeout`.
 */
export async function zoneTransfer(zone: string, opts: ZoneTransferOptions = {}): Promise<ZoneTransferResult> {
  throwIfAborted(opts.signal);
  const start = nowMs();
  const qname = encodeName(zone);
  const zoneName = absoluteName(decodeName(qname, 0).name);
  const ns = nameserversFor(opts.server, opts.resolvConf)[0];
  if (!ns) throw new NetProbeError('dns-error', 'No nameserver to transfer from.');
  if (ns.protocol !== 'dns')
    throw new NetProbeError('invalid-input', `Zone transfers go over plain TCP here: give the server as HOST[:PORT], not ${ns.protocol}://.`);
  const timeout = opts.timeout ?? DEFAULT_TIMEOUT_MS;
  const target = await nameserverTarget(ns, { timeout, signal: opts.signal });
  const { socket, where } = await openDnsTcp(target, { timeoutMs: timeout, signal: opts.signal, proxy: opts.proxy });
  const id = randomInt(65536);
  writeFrame(socket, encodeQuery({ id, qname, qtype: 252, qclass: 1, rd: false }));
  const records: DnsRecord[] = [];
  let messages = 0;
  let sizeBytes = 0;
  let serial: number | undefined;
  const max = opts.maxRecords ?? 5_000_000;
  const expected = { id, name: zoneName.toLowerCase(), type: 252, class: 1 };
  await readFrames(
    socket,
    where,
    frame => {
      let m: DecodedMessage;
      try {
        m = decodeMessage(frame);
      } catch (e) {
        throw new NetProbeError('protocol', `The zone transfer from ${where} broke off: the server sent a malformed message (${errorMessage(e)}).`);
      }
      // Later messages may omit the question (RFC 5936 §2.2); the id must always match.
      const wrong = messages === 0 ? mismatch(m, expected) : m.id !== id ? 'a message with the wrong id' : undefined;
      if (wrong) throw new NetProbeError('protocol', `The zone transfer from ${where} broke off: the server sent ${wrong}.`);
      if (m.rcodeCode !== 0) {
        throw new NetProbeError(
          'refused',
          `${formatNameserver(target.address, target.port)} refused the zone transfer of ${zoneName} (${m.rcode}): transfers are not allowed from this address, or the server is not authoritative for the zone.`,
        );
      }
      messages++;
      sizeBytes += frame.length;
      if (messages === 1 && m.answers[0]?.type !== 'SOA') {
        throw new NetProbeError('protocol', `The zone transfer from ${where} did not start with the zone's SOA record.`);
      }
      for (const r of m.answers) {
        records.push(r);
        if (records.length > max) throw new NetProbeError('protocol', `The zone transfer of ${zoneName} exceeded ${max} records; stopped.`);
      }
      const first = records[0];
      if (first && serial === undefined) serial = Number(first.data.split(' ')[2]);
      const last = records[records.length - 1];
      return records.length > 1 && last?.type === 'SOA' && last.data === first?.data;
    },
    timeout,
    opts.signal,
    true,
  );
  const result: ZoneTransferResult = {
    zone: zoneName,
    server: { spec: ns.spec, address: target.address, port: target.port },
    records,
    recordCount: records.length,
    messages,
    sizeBytes,
    elapsedMs: roundMs(nowMs() - start),
  };
  if (serial !== undefined && Number.isFinite(serial)) result.serial = serial;
  return result;
}
