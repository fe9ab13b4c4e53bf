import { formatNameserver, parseNameserver } from '../../../src/core';
import type { Random } from '../gen';
import { int, mutateString, pick, randomString } from '../gen';
import type { FuzzTarget } from '../target';

const ALPHABET = [...'0123456789abcdef.:[]%#@/-_ ', 'tls://', 'https://', 'udp://', 'tcp://', 'dns.google', '/dns-query', '?dns', 'lo', '\u0000', 'é', '１'];
const SEEDS = [
  '127.0.0.1',
  '127.0.0.1:5353',
  '[::1]:53',
  '::1',
  'fe80::1%lo',
  'ns1.example:5353',
  '@192.0.2.1',
  '192.0.2.1#853',
  'system',
  'tls://127.0.0.1:853',
  'tls://dns.example#dns.example',
  'https://127.0.0.1:8443/dns-query',
  'https://[::1]/dns-query{?dns}',
  'localhost',
];

/** Nameserver specs through the public core parser (DoT/DoH specs included once that parser knows them). */
export const target: FuzzTarget<string> = {
  name: 'nameserver-spec',
  generate(r: Random) {
    const k = r();
    if (k < 0.6) return mutateString(r, pick(r, SEEDS), ALPHABET);
    if (k < 0.9) return randomString(r, ALPHABET, 40);
    return `${pick(r, SEEDS)}:${int(r, -5, 70000)}`;
  },
  check(input) {
    const ns = parseNameserver(input);
    if (ns.host === '' || !Number.isInteger(ns.port) || ns.port < 1 || ns.port > 65535)
      throw new Error(`accepted with host ${JSON.stringify(ns.host)} port ${ns.port}`);
    const again = parseNameserver(formatNameserver(ns.host, ns.port));
    if (again.host !== ns.host || again.port !== ns.port)
      throw new Error(`${formatNameserver(ns.host, ns.port)} reads back as ${again.host} port ${again.port}`);
  },
  describe: input => JSON.stringify(input),
};
