import { NetProbeError } from '../../../src/core/errors';
import { formatProxyUrl, parseProxyUrl, proxyHops, redactProxyUrls } from '../../../src/core';
import type { Random } from '../gen';
import { int, mutateString, pick, randomString } from '../gen';
import type { FuzzTarget } from '../target';

const ALPHABET = [...'abcxyz0189:@/,.%[]-_ ?#', 'socks5h://', 'socks4://', 'socks4a://', 'socks5://', 'http://', '%40', '%2C', '%zz', '::1', 'é', '\u0000', '\t'];
const SEEDS = ['socks5h://127.0.0.1:1080', 'socks5://alice:s3cret@proxy.example:1080', 'socks4a://user@[::1]:9050', 'socks5://a:1080,socks5h://b:1081',
  'socks5://alice:se,cret@h:1', 'socks5://alice:p@ssw0rd@h:1080', 'socks5h://%41:%42@h', 'socks4://h', 'socks5://[fe80::1%25lo]:1080'];

/** Proxy URLs and chains: parsed into hops that format and parse back the same, or refused in NetProbe's words. */
export const target: FuzzTarget<{ url: string; password: string }> = {
  name: 'proxy-url',
  generate(r: Random) {
    const password = randomString(r, [...'abc,@:/%p9'], 10);
    const k = r();
    const url = k < 0.5 ? mutateString(r, pick(r, SEEDS), ALPHABET)
      : k < 0.8 ? `${pick(r, ['socks5', 'socks5h', 'socks4'])}://${pick(r, ['alice', 'a%40b', ''])}:${password}@${pick(r, ['h', '127.0.0.1', '[::1]'])}:${int(r, 0, 70000)}`
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
      if (password.length >= 4 && url.includes(`:${password}@`) && e.message.includes(password)) throw new Error(`the error shows the password: ${e.message}`);
      throw e;
    }
    const hops = proxyHops(config);
    for (const h of hops) if (h.host === '' || h.port < 1 || h.port > 65535) throw new Error(`a hop with host ${JSON.stringify(h.host)} port ${h.port}`);
    const text = formatProxyUrl(config);
    const again = proxyHops(parseProxyUrl(text));
    const same = again.length === hops.length && again.every((h, i) => h.protocol === hops[i]?.protocol && h.host === hops[i]?.host && h.port === hops[i]?.port && h.username === hops[i]?.username);
    if (!same) throw new Error(`${JSON.stringify(text)} reads back differently`);
    if (hops.some(h => h.password !== undefined && h.password.length >= 4 && text.includes(h.password))) throw new Error(`formatProxyUrl shows a password: ${text}`);
  },
  describe: input => JSON.stringify(input.url),
};
