import type { BatchQuestion } from '../../src/core';

/** The six queries the DNS benchmarks send: answers, a PTR and an NXDOMAIN from the test zone the peers serve. */
export const QUERY_MIX: readonly BatchQuestion[] = [
  { name: 'example.test', type: 'A' },
  { name: 'example.test', type: 'AAAA' },
  { name: 'example.test', type: 'MX' },
  { name: 'www.example.test', type: 'A' },
  { name: '1.0.0.127.in-addr.arpa', type: 'PTR' },
  { name: 'nope.example.test', type: 'A' },
];

/** `count` questions going round the mix. */
export function mixQuestions(count: number): BatchQuestion[] {
  return Array.from({ length: count }, (_, i) => QUERY_MIX[i % QUERY_MIX.length] ?? { name: 'example.test', type: 'A' });
}

/** The mix as a dnsperf data file: one `NAME TYPE` per line. */
export function dnsperfData(): string {
  return `${QUERY_MIX.map(q => `${q.name} ${q.type}`).join('\n')}\n`;
}
