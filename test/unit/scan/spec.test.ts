import { test } from 'node:test';
import * as assert from 'assert';
import { formatPortList, parsePortSpec, validatePortSpec } from '../../../src/core/scan/ports';
import { topPorts } from '../../../src/core/scan/top-ports';
import { serviceDescription, serviceName } from '../../../src/core/scan/services';
import { nmapCommand } from '../../../src/core/scan/nmap-command';
import { scanTuning } from '../../../src/core/scan/tuning';
import { parseProxyUrl } from '../../../src/core/proxy/url';
import { NetProbeError } from '../../../src/core/errors';

test('port specs: lists, ranges, open ends, top lists, all; duplicates dropped, order kept', () => {
  assert.deepStrictEqual(parsePortSpec('22,80,443'), [22, 80, 443]);
  assert.deepStrictEqual(parsePortSpec(' 443, 22 ,443 '), [443, 22]);
  assert.deepStrictEqual(parsePortSpec('1-5'), [1, 2, 3, 4, 5]);
  assert.deepStrictEqual(parsePortSpec('65530-'), [65530, 65531, 65532, 65533, 65534, 65535]);
  assert.strictEqual(parsePortSpec('-1024').length, 1024);
  assert.strictEqual(parsePortSpec('all').length, 65535);
  assert.strictEqual(parsePortSpec('-').length, 65535);
  assert.strictEqual(parsePortSpec('top100').length, 100);
  assert.strictEqual(parsePortSpec('top1000').length, 1000);
  assert.deepStrictEqual(parsePortSpec('top5,9999'), [80, 23, 443, 21, 22, 9999]);
  assert.strictEqual(parsePortSpec('TOP1000,1-1024').length, new Set([...topPorts(1000), ...Array.from({ length: 1024 }, (_, i) => i + 1)]).size);
});

test('bad port specs name the problem', () => {
  for (const bad of ['', '0', '65536', 'http', '10-5', '1-2-3', 'top0', 'top1001', ',']) {
    assert.throws(
      () => parsePortSpec(bad),
      (e: unknown) => e instanceof NetProbeError && e.code === 'invalid-input',
      bad,
    );
  }
  assert.match(validatePortSpec('10-5') ?? '', /backwards/);
  assert.strictEqual(validatePortSpec('top100'), undefined);
});

test('top ports follow nmap-services frequencies (nmap --top-ports)', () => {
  assert.deepStrictEqual(topPorts(10), [80, 23, 443, 21, 22, 25, 3389, 110, 445, 139]);
  const top1000 = topPorts(1000);
  assert.strictEqual(new Set(top1000).size, 1000);
  assert.ok(top1000.includes(8080) && top1000.includes(3306) && top1000.includes(5432));
  assert.strictEqual(topPorts(5000).length, 1000);
});

test('IANA service names', () => {
  assert.strictEqual(serviceName(22), 'ssh');
  assert.strictEqual(serviceName(443), 'https');
  assert.strictEqual(serviceName(80), 'http');
  assert.strictEqual(serviceName(53, 'udp'), 'domain');
  assert.strictEqual(serviceName(6379), 'redis');
  assert.strictEqual(serviceName(4), undefined);
  assert.match(serviceDescription(22) ?? '', /SSH/);
});

test('formatPortList and nmapCommand', () => {
  assert.strictEqual(formatPortList([443, 80, 81, 82, 22, 22]), '22,80-82,443');
  assert.strictEqual(nmapCommand('127.0.0.1', { ports: '22,80-82' }), 'nmap -sT -Pn -n -p 22,80-82 127.0.0.1');
  assert.strictEqual(nmapCommand('::1', { ports: 'all' }), 'nmap -sT -Pn -n -p- -6 ::1');
  assert.strictEqual(
    nmapCommand('h', { ports: 'top100', portTimeout: 500, retries: 2 }),
    'nmap -sT -Pn -n --top-ports 100 --max-rtt-timeout 500ms --max-retries 2 h',
  );
  assert.strictEqual(nmapCommand('a b;rm'), "nmap -sT -Pn -n --top-ports 1000 'a b;rm'");
  // Through a proxy: nmap speaks SOCKS4 (no user); anything else is named in a comment, password redacted.
  assert.strictEqual(
    nmapCommand('10.0.0.5', { ports: '22', proxy: parseProxyUrl('socks4a://127.0.0.1:1080') }),
    'nmap -sT -Pn -n -p 22 --max-rtt-timeout 3000ms --proxies socks4://127.0.0.1:1080 10.0.0.5',
  );
  const s5 = nmapCommand('h', { ports: '22', proxy: parseProxyUrl('socks5h://ann:s3cret@127.0.0.1:1081') });
  assert.strictEqual(
    s5,
    'nmap -sT -Pn -n -p 22 --max-rtt-timeout 3000ms h # NetProbe scanned through socks5h://ann:****@127.0.0.1:1081; nmap --proxies speaks only SOCKS4 and HTTP (no credentials, no TLS)',
  );
  assert.strictEqual(
    nmapCommand('10.0.0.5', { ports: '22', proxy: parseProxyUrl('socks4://127.0.0.1:1080,http://127.0.0.1:3128') }),
    'nmap -sT -Pn -n -p 22 --max-rtt-timeout 3000ms --proxies socks4://127.0.0.1:1080,http://127.0.0.1:3128 10.0.0.5',
  );
});

test('scanTuning: explicit values win; settings tune direct scans; a proxy gets 32 connections and at least 3 s a port', () => {
  const proxy = parseProxyUrl('socks5://127.0.0.1:1080');
  assert.deepStrictEqual(scanTuning({}), { concurrency: 500, portTimeout: 1000 });
  assert.deepStrictEqual(scanTuning({ directDefaults: { concurrency: 200, portTimeout: 700 } }), { concurrency: 200, portTimeout: 700 });
  assert.deepStrictEqual(scanTuning({ proxy, directDefaults: { concurrency: 200, portTimeout: 700 } }), { concurrency: 32, portTimeout: 3000 });
  assert.deepStrictEqual(scanTuning({ proxy, directDefaults: { portTimeout: 5000 } }), { concurrency: 32, portTimeout: 5000 });
  assert.deepStrictEqual(scanTuning({ proxy, concurrency: 4, portTimeout: 100 }), { concurrency: 4, portTimeout: 100 });
});
