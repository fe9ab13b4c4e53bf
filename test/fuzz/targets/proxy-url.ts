import { NetProbeError } from '../../../src/core/errors';
import { formatProxyUrl, parseProxyUrl, proxyHops, redactProxyUrls } from '../../../src/core';
import type { Random } from '../gen';
import { int, mutateString, pick, randomString } from '../gen';
import type { FuzzTarget } from '../target';

const ALPHABET = [
  ...'abcxyz0189:@/,.%[]-_ ?#',
  'socks5h://',
  'socks4://',
  'socks4a://',
  'socks5://',
  'http://',
  '%40',
  '%2C',
  '%zz',
  '::1',
  'é',
  '\u0000',
  '\t',
];
const SEEDS = [
  'socks5h://127.0.0.1:1080',
  'socks5://alice:s3cret@proxy.example:1080',
  'socks4a://user@[::1]:9050',
  'socks5://a:1080,socks5h://b:1081',
  'socks5://alice:se,cret@h:1',
  'socks5://alice:p@ssw0rd@h:1080',
  'socks5h://%41:%42@h',
  'socks4://h',
  'socks5://[fe80::1%25lo]:1080',
];

/** True when `text` holds 3 or more characters of `password` in a row, one of them its marker letter Q or Z. */
function leaks(text: string, password: string): boolean {
  for (let i = 0; i + 3 <= password.length; i++) {
    const part = password.slice(i, i + 3);
    if (/[QZ]/.test(part) && text.includes(part)) return true;
  }
  return false;
}

/** Proxy URLs and chains: parsed into hops that format and parse back the same, or refused in NetProbe's words. */
export const target: FuzzTarget<{ url: string; password: string }> = {
  name: 'proxy-url',
  generate(r: Random) {
    // Passwords always hold Q or Z, letters no other part of a generated URL uses, so a leak cannot be a coincidence.
    const password = `${pick(r, ['Q', 'Z'])}${randomString(r, [...'QZQZ,@:/%p9'], 9)}`;
    const k = r();
    const url =
      k < 0.5
        ? mutateString(r, pick(r, SEEDS), ALPHABET)
        : k < 0.8
          ? `${pick(r, ['socks5', 'socks5h', 'socks4'])}://${pick(r, ['alice', 'a%40b', ''])}:${password}@${pick(r, ['h', '127.0.0.1', '[::1]'])}:${int(r, 0, 70000)}`
          : randomString(r, ALPHABET, 60);
    return { url, password };
  },
  check({ url, password }) {
    redactProxyUrls(url);
    let config: ReturnType<typeof parseProxyUrl>;
    try {
      config = parseProxyUrl(url);
    } catch (e) {
      if (!(e instanceof NetProbeError)) throw e;
      if (url.includes(`:${password}@`) && leaks(e.message, password)) throw new Error(`the error shows (part of) the password: ${e.message}`);
      throw e;
    }
    const hops = proxyHops(config);
    for (const h of hops) if (h.host === '' || h.port < 1 || h.port > 65535) throw new Error(`a hop with host ${JSON.stringify(h.host)} port ${h.port}`);
    const text = formatProxyUrl(config);
    const again = proxyHops(parseProxyUrl(text));
    const same =
      again.length === hops.length &&
      again.every((h, i) => h.protocol === hops[i]?.protocol && h.host === hops[i]?.host && h.port === hops[i]?.port && h.username === hops[i]?.username);
    if (!same) throw new Error(`${JSON.stringify(text)} reads back differently`);
    if (again.some((h, i) => hops[i]?.password !== undefined && h.password !== '****')) throw new Error(`formatProxyUrl does not mask a password: ${text}`);
    if (url.includes(`:${password}@`) && leaks(text, password)) throw new Error(`formatProxyUrl shows (part of) the password: ${text}`);
  },
  describe: input => JSON.stringify(input.url),
};
