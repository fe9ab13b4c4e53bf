/**
 * A seeded random zone for comparing NetProbe's DNS presentation with dig's: every record type NetProbe
 * presents (and a few it shows in RFC 3597 form), arbitrary bytes in every character-string and in the labels
 * of names inside rdata, values at the edges (zero runs in AAAA, empty salts, long keys split into words).
 * Only data that knot loads and that dig accepts from the wire is generated.
 */

/** One RRset of the zone, queried as `owner type`. */
export interface RandomRRset {
  /** Owner name relative to nothing (absolute, without the trailing dot). */
  owner: string;
  type: string;
  /** Zone-file rdata of each record. */
  rdata: string[];
  /** false for types knot does not answer by query (NSEC3 lives in its own tree): compared through AXFR only. */
  queryable: boolean;
}

export interface RandomZone {
  origin: string;
  text: string;
  rrsets: RandomRRset[];
  /** Records in the zone (SOA and apex NS included). */
  records: number;
}

type Rand = () => number;

const int = (r: Rand, min: number, max: number): number => min + Math.floor(r() * (max - min + 1));
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)];

/** Bytes biased towards the interesting ones: controls, ESC, C1, quotes, backslash, specials, high bytes. */
function randomBytes(r: Rand, len: number): number[] {
  const special = [0, 7, 8, 9, 10, 13, 27, 0x20, 0x22, 0x24, 0x28, 0x29, 0x2c, 0x2e, 0x3b, 0x40, 0x5c, 0x7f, 0x80, 0x9b, 0x9d, 0xc2, 0xd0, 0xef, 0xff];
  const out: number[] = [];
  for (let i = 0; i < len; i++) {
    const k = r();
    out.push(k < 0.3 ? pick(r, special) : k < 0.65 ? int(r, 0x21, 0x7e) : int(r, 0, 255));
  }
  return out;
}

const ddd = (b: number): string => `\\${String(b).padStart(3, '0')}`;

/** A quoted zone-file character-string holding exactly `bytes`: printable bytes mostly as themselves. */
function zoneString(r: Rand, bytes: number[]): string {
  let s = '"';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) s += r() < 0.5 ? `\\${String.fromCharCode(b)}` : ddd(b);
    else if (b >= 0x20 && b < 0x7f && r() < 0.8) s += String.fromCharCode(b);
    else s += ddd(b);
  }
  return `${s}"`;
}

/** A label of 1–12 arbitrary bytes in zone-file form (knot takes only letters, digits, `-` and `_` unescaped). */
function zoneLabel(r: Rand): string {
  const bytes = r() < 0.5 ? Array.from({ length: int(r, 1, 10) }, () => int(r, 0x61, 0x7a)) : randomBytes(r, int(r, 1, 12));
  return bytes.map(b => (/^[A-Za-z0-9_-]$/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : ddd(b))).join('');
}

/** An absolute name with 1–4 random labels under a random or fixed parent. */
function zoneName(r: Rand): string {
  if (r() < 0.05) return '.';
  const labels = Array.from({ length: int(r, 1, 3) }, () => zoneLabel(r));
  return `${labels.join('.')}.${pick(r, ['example.', 'fuzz.test.', 'net.', 'xn--bcher-kva.example.'])}`;
}

const hex = (bytes: number[]): string => Buffer.from(bytes).toString('hex').toUpperCase();
const b64 = (bytes: number[]): string => Buffer.from(bytes).toString('base64');
const u8 = (r: Rand): number => int(r, 0, 255);
const u16 = (r: Rand): number => int(r, 0, 65535);
const u32 = (r: Rand): number => int(r, 0, 0xffffffff);
const anyBytes = (r: Rand, min: number, max: number): number[] => Array.from({ length: int(r, min, max) }, () => u8(r));

function aaaa(r: Rand): string {
  const shape = r();
  if (shape < 0.1) return `::ffff:${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 0, 255)}`;
  if (shape < 0.2) return `::${int(r, 1, 255)}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 0, 255)}`;
  const groups = Array.from({ length: 8 }, () => (r() < 0.45 ? 0 : r() < 0.5 ? int(r, 1, 15) : u16(r)));
  return groups.map(g => g.toString(16)).join(':');
}

const TYPE_POOL = [
  'A',
  'NS',
  'CNAME',
  'SOA',
  'MX',
  'TXT',
  'AAAA',
  'SRV',
  'DS',
  'RRSIG',
  'NSEC',
  'DNSKEY',
  'NSEC3',
  'TLSA',
  'SVCB',
  'HTTPS',
  'CAA',
  'TYPE10',
  'TYPE11',
  'SPF',
  'KX',
  'APL',
  'CSYNC',
  'URI',
  'TYPE0',
  'TYPE54',
  'TYPE200',
  'TYPE1234',
  'TYPE32768',
  'TYPE65280',
  'TYPE65535',
];

function typeList(r: Rand, min = 0): string {
  const n = int(r, min, 8);
  const set = new Set<string>();
  for (let i = 0; i < n; i++) set.add(r() < 0.85 ? pick(r, TYPE_POOL) : `TYPE${int(r, 1, 65535)}`);
  return [...set].join(' ');
}

function loc(r: Rand): string {
  const size = (): string => {
    const m = int(r, 1, 9);
    const e = int(r, 0, 9);
    const cm = m * 10 ** e;
    return cm >= 100 ? `${cm / 100}m` : `0.${String(cm).padStart(2, '0')}m`;
  };
  const dms = (max: number): string => {
    const d = int(r, 0, max - 1);
    return `${d} ${int(r, 0, 59)} ${int(r, 0, 59)}.${String(int(r, 0, 999)).padStart(3, '0')}`;
  };
  const alt = (int(r, -10000000, 4284967295) / 100).toFixed(2);
  return `${dms(90)} ${pick(r, ['N', 'S'])} ${dms(180)} ${pick(r, ['E', 'W'])} ${alt}m ${size()} ${size()} ${size()}`;
}

function svcbParams(r: Rand): string {
  const params = new Map<number, string>();
  if (r() < 0.5) {
    // knot 3.2 rejects a one-byte ALPN id before a comma and an id starting with a comma; in its zone
    // syntax a comma inside an id is `\\,`.
    const ids = Array.from({ length: int(r, 1, 3) }, () => randomBytes(r, int(r, 2, 8)).map((b, i) => (i === 0 && b === 0x2c ? 0x78 : b)));
    const text = ids
      .map(id =>
        id.map(b => (b === 0x2c ? '\\\\,' : b === 0x22 ? '\\"' : /^[A-Za-z0-9_-]$/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : ddd(b))).join(''),
      )
      .join(',');
    params.set(1, `alpn="${text}"`);
    if (r() < 0.3) params.set(2, 'no-default-alpn');
  }
  if (r() < 0.4) params.set(3, `port=${u16(r)}`);
  if (r() < 0.4) params.set(4, `ipv4hint=${Array.from({ length: int(r, 1, 3) }, () => `${u8(r)}.${u8(r)}.${u8(r)}.${u8(r)}`).join(',')}`);
  if (r() < 0.3) params.set(5, `ech=${b64(anyBytes(r, 1, 60))}`);
  if (r() < 0.4) params.set(6, `ipv6hint=${Array.from({ length: int(r, 1, 3) }, () => aaaa(r)).join(',')}`);
  if (r() < 0.2) params.set(7, 'key7="/dns-query{?dns}"');
  for (let i = 0, n = int(r, 0, 2); i < n; i++) {
    const key = int(r, 8, 65534);
    params.set(key, r() < 0.2 ? `key${key}` : `key${key}=${zoneString(r, randomBytes(r, int(r, 1, 30)))}`);
  }
  const keys = [...params.keys()].filter(k => k !== 0).sort((a, b) => a - b);
  if (keys.length && r() < 0.3) {
    const mandatory = keys.filter(() => r() < 0.5);
    if (mandatory.length)
      params.set(
        0,
        `mandatory=${mandatory.map(k => (k <= 6 ? ['mandatory', 'alpn', 'no-default-alpn', 'port', 'ipv4hint', 'ech', 'ipv6hint'][k] : `key${k}`)).join(',')}`,
      );
  }
  return [...params.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, v]) => v)
    .join(' ');
}

/**
 * A NAPTR regexp field dig accepts (BIND checks it): empty, or `delim regex delim replacement delim [i]` with
 * arbitrary bytes as literals (no NUL, no delimiter, no backslash, no regex metacharacters; the regex not empty).
 */
function naptrRegexp(r: Rand): number[] {
  if (r() < 0.15) return [];
  const delim = pick(r, [0x21, 0x2f, 0x23, 0x7c, 0x40, 0x7e, 0xff, 0x1b]);
  const literal = (): number[] => randomBytes(r, int(r, 0, 12)).filter(b => b !== 0 && b !== delim && !'\\()[]{}*+?|^$.'.includes(String.fromCharCode(b)));
  const regex = [...(r() < 0.5 ? [0x5e] : []), ...literal(), 0x78, ...(r() < 0.5 ? [0x2e, 0x2a] : []), ...(r() < 0.3 ? [0x24] : [])];
  return [delim, ...regex, delim, ...literal(), delim, ...(r() < 0.3 ? [0x69] : [])];
}

/**
 * An RRSIG signed by `signer`, covering any type but 0 and CNAME (dig refuses those: a CNAME signature beside
 * other data is "CNAME and other data") and NSEC3 (knot files those apart).
 */
function rrsig(r: Rand, signer: string): string {
  const covered = pick(
    r,
    TYPE_POOL.filter(t => t !== 'TYPE0' && t !== 'NSEC3' && t !== 'CNAME'),
  );
  // Fewer labels than the owner means a wildcard expansion, whose source must still be under the signer.
  const labels = int(r, signer.split('.').length - 1, 255);
  return `${covered} ${u8(r)} ${labels} ${u32(r)} ${u32(r)} ${u32(r)} ${u16(r)} ${signer} ${b64(anyBytes(r, 1, 300))}`;
}

/** Generators of one record's zone-file rdata, by type. */
const RDATA: Record<string, (r: Rand) => string> = {
  A: r => `${u8(r)}.${u8(r)}.${u8(r)}.${u8(r)}`,
  AAAA: aaaa,
  CNAME: zoneName,
  DNAME: zoneName,
  PTR: zoneName,
  MX: r => `${u16(r)} ${zoneName(r)}`,
  AFSDB: r => `${u16(r)} ${zoneName(r)}`,
  RP: r => `${zoneName(r)} ${zoneName(r)}`,
  TXT: r => Array.from({ length: int(r, 1, 4) }, () => zoneString(r, randomBytes(r, r() < 0.1 ? 255 : int(r, 0, 40)))).join(' '),
  SPF: r => Array.from({ length: int(r, 1, 3) }, () => zoneString(r, randomBytes(r, int(r, 0, 40)))).join(' '),
  HINFO: r => `${zoneString(r, randomBytes(r, int(r, 0, 30)))} ${zoneString(r, randomBytes(r, int(r, 0, 30)))}`,
  SRV: r => `${u16(r)} ${u16(r)} ${u16(r)} ${zoneName(r)}`,
  NAPTR: r =>
    `${u16(r)} ${u16(r)} ${zoneString(r, randomBytes(r, int(r, 0, 8)))} ${zoneString(r, randomBytes(r, int(r, 0, 20)))} ${zoneString(r, naptrRegexp(r))} ${zoneName(r)}`,
  CAA: r => {
    const tag = Array.from({ length: int(r, 1, 15) }, () => pick(r, [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'])).join('');
    return `${u8(r)} ${tag} ${zoneString(r, randomBytes(r, int(r, 0, 60)))}`;
  },
  SSHFP: r => {
    const fp = int(r, 0, 4);
    return `${u8(r)} ${fp} ${hex(anyBytes(r, fp === 1 ? 20 : fp === 2 ? 32 : 1, fp === 1 ? 20 : fp === 2 ? 32 : 64))}`;
  },
  TLSA: r => `${u8(r)} ${u8(r)} ${u8(r)} ${hex(anyBytes(r, 1, 100))}`,
  SMIMEA: r => `${u8(r)} ${u8(r)} ${u8(r)} ${hex(anyBytes(r, 1, 100))}`,
  OPENPGPKEY: r => b64(anyBytes(r, 1, 300)),
  URI: r => `${u16(r)} ${u16(r)} ${zoneString(r, randomBytes(r, int(r, 1, 60)))}`,
  DS: r => {
    const digest = pick(r, [1, 2, 4, 3, int(r, 5, 255)]);
    const len = digest === 1 ? 20 : digest === 2 || digest === 3 ? 32 : digest === 4 ? 48 : int(r, 1, 64);
    return `${u16(r)} ${u8(r)} ${digest} ${hex(anyBytes(r, len, len))}`;
  },
  CDS: r => (r() < 0.2 ? '0 0 0 00' : (RDATA.DS ?? (() => ''))(r)),
  CDNSKEY: r => (r() < 0.2 ? '0 3 0 AA==' : (RDATA.DNSKEY ?? (() => ''))(r)),
  DNSKEY: r => `${u16(r)} ${pick(r, [3, u8(r)])} ${pick(r, [8, 13, 15, int(r, 0, 252)])} ${b64(anyBytes(r, 1, 300))}`,
  NSEC: r => `${zoneName(r)} ${typeList(r, 1)}`,
  NSEC3: r => {
    const salt = r() < 0.3 ? '-' : hex(anyBytes(r, 1, 40));
    const next = Array.from({ length: 32 }, () => pick(r, [...'0123456789ABCDEFGHIJKLMNOPQRSTUV'])).join('');
    return `1 ${u8(r)} ${u16(r)} ${salt} ${next} ${typeList(r)}`.trim();
  },
  NSEC3PARAM: r => `${u8(r)} ${u8(r)} ${u16(r)} ${r() < 0.3 ? '-' : hex(anyBytes(r, 1, 100))}`,
  SVCB: r => (r() < 0.15 ? `0 ${zoneName(r)}` : `${int(r, 1, 65535)} ${zoneName(r)} ${svcbParams(r)}`.trim()),
  HTTPS: r => (r() < 0.15 ? `0 ${zoneName(r)}` : `${int(r, 1, 65535)} ${r() < 0.4 ? '.' : zoneName(r)} ${svcbParams(r)}`.trim()),
  LOC: loc,
  CERT: r => `${pick(r, [1, 2, 3, 4, 5, 6, 7, 8, 253, 254, u16(r)])} ${u16(r)} ${pick(r, [3, 5, 8, 13, 16, 252, 253, 254, u8(r)])} ${b64(anyBytes(r, 1, 200))}`,
  ZONEMD: r => {
    const alg = pick(r, [1, 2, int(r, 3, 255)]);
    const len = alg === 1 ? 48 : alg === 2 ? 64 : int(r, 12, 80);
    return `${u32(r)} ${u8(r)} ${alg} ${hex(anyBytes(r, len, len))}`;
  },
  KX: r => `${u16(r)} ${zoneName(r)}`,
  RT: r => `${u16(r)} ${zoneName(r)}`,
  LP: r => `${u16(r)} ${zoneName(r)}`,
  MINFO: r => `${zoneName(r)} ${zoneName(r)}`,
  EUI48: r =>
    anyBytes(r, 6, 6)
      .map(b => b.toString(16).padStart(2, '0'))
      .join('-'),
  EUI64: r =>
    anyBytes(r, 8, 8)
      .map(b => b.toString(16).padStart(2, '0'))
      .join('-'),
  NID: r => `${u16(r)} ${Array.from({ length: 4 }, () => u16(r).toString(16).padStart(4, '0')).join(':')}`,
  L64: r => `${u16(r)} ${Array.from({ length: 4 }, () => (r() < 0.3 ? 0 : u16(r)).toString(16).padStart(4, '0')).join(':')}`,
  L32: r => `${u16(r)} ${u8(r)}.${u8(r)}.${u8(r)}.${u8(r)}`,
  DHCID: r => b64(anyBytes(r, 1, 120)),
  CSYNC: r => `${u32(r)} ${u16(r)} ${typeList(r)}`.trim(),
  IPSECKEY: r => {
    const gateway = int(r, 0, 3);
    const where = gateway === 0 ? '.' : gateway === 1 ? `${u8(r)}.${u8(r)}.${u8(r)}.${u8(r)}` : gateway === 2 ? aaaa(r) : zoneName(r);
    // Knot refuses a key with algorithm 0 ("no key", RFC 4025 §2.4) and dig a record without one.
    return `${u8(r)} ${gateway} ${int(r, 1, 255)} ${where} ${b64(anyBytes(r, 1, 150))}`;
  },
  // KEY flags with both high bits set mean "no key" (and then no key data): not generated.
  KEY: r => `${u16(r) & 0x7fff} ${u8(r)} ${pick(r, [5, 8, 13, u8(r)])} ${b64(anyBytes(r, 1, 150))}`,
  APL: r =>
    Array.from({ length: int(r, 1, 4) }, () => {
      const v6 = r() < 0.5;
      const prefix = int(r, 0, v6 ? 128 : 32);
      return `${r() < 0.3 ? '!' : ''}${v6 ? 2 : 1}:${v6 ? aaaa(r) : `${u8(r)}.${u8(r)}.${u8(r)}.${u8(r)}`}/${prefix}`;
    }).join(' '),
  TYPE65280: r => {
    const bytes = anyBytes(r, 0, 80);
    return bytes.length ? `\\# ${bytes.length} ${hex(bytes)}` : '\\# 0';
  },
};

/**
 * A zone `origin` of `count` random RRsets (plus the apex SOA and NS sets), each at its own owner
 * `rN.origin` so no record hides another (CNAME, DNAME).
 */
export function randomZone(r: Rand, origin: string, count: number): RandomZone {
  const types = [...Object.keys(RDATA), 'RRSIG'];
  const rrsets: RandomRRset[] = [];
  const soa = `${zoneName(r)} ${zoneName(r)} ${u32(r)} ${u32(r)} ${u32(r)} ${u32(r)} ${u32(r)}`;
  const ns = Array.from({ length: int(r, 1, 3) }, () => zoneName(r).replace(/^\.$/, 'ns.example.'));
  rrsets.push({ owner: origin, type: 'SOA', rdata: [soa], queryable: true });
  rrsets.push({ owner: origin, type: 'NS', rdata: [...new Set(ns)], queryable: true });
  for (let i = 0; i < count; i++) {
    const type = types[i % types.length] ?? 'A';
    const single = type === 'CNAME' || type === 'DNAME';
    const rdata = new Set<string>();
    const n = single ? 1 : int(r, 1, 3);
    // dig checks that an NSEC3 owner is a base32hex hash label, and that an RRSIG's signer is the owner or
    // one of its ancestors: RRSIGs are owned by `rN.SIGNER`, SIGNER a random name in the zone.
    const signer = `${zoneLabel(r)}.${origin}`;
    for (let k = 0; k < n; k++) rdata.add(type === 'RRSIG' ? rrsig(r, `${signer}.`) : (RDATA[type] ?? RDATA.A ?? (() => ''))(r));
    const owner =
      type === 'NSEC3'
        ? `${Array.from({ length: 32 }, () => pick(r, [...'0123456789abcdefghijklmnopqrstuv'])).join('')}.${origin}`
        : type === 'RRSIG'
          ? `r${i}.${signer}`
          : `r${i}.${origin}`;
    rrsets.push({ owner, type, rdata: [...rdata], queryable: type !== 'NSEC3' });
  }
  const lines = [`$ORIGIN ${origin}.`, '$TTL 3600'];
  for (const s of rrsets) for (const d of s.rdata) lines.push(`${s.owner}. ${s.type} ${d}`);
  return { origin, text: `${lines.join('\n')}\n`, rrsets, records: rrsets.reduce((n, s) => n + s.rdata.length, 0) };
}
