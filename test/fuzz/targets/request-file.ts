import { NetProbeError } from '../../../src/core/errors';
import { parseRequestFile, planRequests, prepareRequest, targetFromRequest } from '../../../src/core';
import type { Random } from '../gen';
import { int, mutateString, pick } from '../gen';
import type { FuzzTarget } from '../target';

const LINES = [
  '###',
  '### named',
  '# @name req1',
  '// @name other',
  '# @target 127.0.0.1:8080',
  '# @target [::1]:443 tls',
  '# @target host:99999',
  '# @insecure',
  '# @follow 3',
  '# @follow -1',
  '# @proxy socks5h://127.0.0.1:1080',
  '# @proxy direct',
  '# @proxy corp',
  '@host = 127.0.0.1',
  '@port = 8080',
  '@base = http://{{host}}:{{port}}',
  '@loop = {{loop}}',
  '# comment',
  '// comment',
  '',
  'GET http://{{host}}:{{port}}/path?q=1 HTTP/1.1',
  'POST /submit HTTP/1.1',
  'GET https://example.test/',
  'PUT {{base}}/x',
  'DELETE /',
  'OPTIONS * HTTP/1.1',
  'CONNECT example.test:443 HTTP/1.1',
  'get /lower',
  'Host: {{host}}',
  'Host: [::1]:8080',
  'Content-Type: application/json',
  'Content-Length: 5',
  'Transfer-Encoding: chunked',
  'X-Token: {{$processEnv HOME}}',
  'X-Id: {{$guid}}',
  'X-N: {{$randomInt 1 5}}',
  'X-T: {{$timestamp}} {{$isoTimestamp}}',
  'X-Bad: {{$randomInt 5 1}}',
  'X-Undef: {{nothing}}',
  ' folded: continuation',
  'NoColon',
  ': empty name',
  '{"a": 1}',
  'a=1&b=2',
  '< ./body.json',
  '0',
  '\u0000',
  'é',
  '\t',
];
const ALPHABET = [...'{}$@#/:. \r\n\t-', 'HTTP/1.1', '{{', '}}', '###', 'é', '\u0000'];

/** Request files: split into requests and planned (alone and together), each prepared for the wire and its target worked out, or refused in NetProbe's words. */
export const target: FuzzTarget<string> = {
  name: 'request-file',
  generate(r: Random) {
    const lines = Array.from({ length: int(r, 0, 24) }, () => pick(r, LINES));
    const text = lines.join(pick(r, ['\n', '\r\n', '\n']));
    return r() < 0.5 ? text : mutateString(r, text, ALPHABET);
  },
  check(text) {
    let refused: NetProbeError | undefined;
    const blocks = parseRequestFile(text);
    // The plan both front ends send from: each request alone, and all together, with and without overrides.
    for (const overrides of [{}, { target: '127.0.0.1:8080', tls: true, insecure: true, follow: 2 }]) {
      for (const chosen of [blocks, ...blocks.map(b => [b])]) {
        try {
          planRequests(chosen, overrides);
        } catch (e) {
          if (!(e instanceof NetProbeError)) throw e;
          refused ??= e;
        }
      }
    }
    for (const block of blocks) {
      if (block.line < 0 || block.endLine < block.line) throw new Error(`request ${block.index} spans lines ${block.line}–${block.endLine}`);
      let prepared: ReturnType<typeof prepareRequest>;
      try {
        prepared = prepareRequest(block.text, { addContentLength: true });
      } catch (e) {
        if (!(e instanceof NetProbeError)) throw e;
        refused ??= e;
        continue;
      }
      try {
        targetFromRequest(prepared);
      } catch (e) {
        if (!(e instanceof NetProbeError)) throw e;
        refused ??= e;
      }
    }
    if (refused) throw refused;
  },
  describe: text => JSON.stringify(text),
};
