import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import type { IGrammar } from 'vscode-textmate';
import { INITIAL, Registry, parseRawGrammar } from 'vscode-textmate';

// The request-file grammar run through vscode-textmate, the engine VS Code tokenizes with.
const ROOT = path.join(__dirname, '..', '..', '..', '..');
const GRAMMAR = path.join(ROOT, 'syntaxes', 'netprobe-http.tmLanguage.json');

async function loadGrammar(): Promise<IGrammar> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: p => new oniguruma.OnigScanner(p), createOnigString: s => new oniguruma.OnigString(s) }),
    loadGrammar: scope => Promise.resolve(scope === 'source.netprobe-http' ? parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR) : null),
  });
  const grammar = await registry.loadGrammar('source.netprobe-http');
  if (!grammar) throw new Error('grammar not loaded');
  return grammar;
}

/** Each token's text (trimmed) with its innermost scope. */
function tokenize(grammar: IGrammar, text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let stack = INITIAL;
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      const s = line.slice(t.startIndex, t.endIndex).trim();
      if (s) out.push([s, t.scopes[t.scopes.length - 1] ?? '']);
    }
    stack = r.ruleStack;
  }
  return out;
}

test('grammar: directives, request line, headers until the blank line, body until ###, then the next request', async () => {
  const grammar = await loadGrammar();
  const tokens = tokenize(
    grammar,
    [
      '# @target localhost:8080',
      'POST /two HTTP/1.1',
      'Host: a',
      'bad header line',
      '',
      'hi: not a header',
      'GET /x HTTP/1.1',
      '###  second',
      '# just a comment',
      'GET /three HTTP/1.1',
      'Accept: */*',
      '',
      '{"a": 1}',
      '###',
      'HEAD / HTTP/1.0',
    ].join('\n'),
  );
  const scopeOf = (text: string, nth = 0): string => tokens.filter(([c]) => c === text)[nth]?.[1] ?? `(no token "${text}")`;
  assert.match(scopeOf('@target'), /^keyword\.control\.directive/);
  assert.match(scopeOf('POST'), /^keyword\.control\.http-method/);
  assert.match(scopeOf('/two'), /^string\.unquoted\.request-target/);
  assert.match(scopeOf('HTTP/1.1'), /^constant\.language\.http-version/);
  assert.match(scopeOf('Host'), /^support\.type\.property-name\.header/);
  assert.match(scopeOf('bad header line'), /^invalid\.illegal\.header-line/);
  // After the blank line everything is body, even text that looks like a header or a request line.
  assert.match(scopeOf('hi: not a header'), /^string\.unquoted\.body/);
  assert.match(scopeOf('GET /x HTTP/1.1'), /^string\.unquoted\.body/);
  // ### ends the body; the next request is highlighted as a request again.
  assert.match(scopeOf('###'), /^punctuation\.separator\.request/);
  assert.match(scopeOf('second'), /^entity\.name\.section/);
  assert.match(scopeOf('# just a comment'), /^comment\.line/);
  assert.match(scopeOf('GET'), /^keyword\.control\.http-method/);
  assert.match(scopeOf('Accept'), /^support\.type\.property-name\.header/);
  assert.match(scopeOf('###', 1), /^punctuation\.separator\.request/);
  assert.match(scopeOf('HEAD'), /^keyword\.control\.http-method/);
});

test('grammar: @variable definitions and {{references}} in the request line, headers, directives and body', async () => {
  const grammar = await loadGrammar();
  const tokens = tokenize(
    grammar,
    [
      '@host = 127.0.0.1',
      '@base = http://{{host}}',
      '# @target {{host}}:8080',
      'GET /{{path}} HTTP/1.1',
      'Host: {{host}}',
      'X-Id: {{$guid}}',
      '',
      'id={{ id }}&n={{$randomInt 1 9}}&x={{',
      '###',
    ].join('\n'),
  );
  const scopes = (text: string): string[] => tokens.filter(([c]) => c === text).map(([, scope]) => scope);
  assert.match(scopes('host')[0] ?? '', /^variable\.other\.definition/);
  assert.match(scopes('=')[0] ?? '', /^keyword\.operator\.assignment/);
  assert.match(scopes('127.0.0.1')[0] ?? '', /^string\.unquoted\.variable-value/);
  assert.equal(scopes('{{host}}').length, 3, 'in a value, a directive and a header');
  const refs = [...scopes('{{host}}'), ...scopes('{{path}}'), ...scopes('{{ id }}'), ...scopes('{{$guid}}'), ...scopes('{{$randomInt 1 9}}')];
  assert.equal(refs.length, 7);
  for (const s of refs) assert.match(s, /^variable\.other\.reference/);
  assert.match(scopes('GET')[0] ?? '', /^keyword\.control\.http-method/);
  assert.match(scopes('id=')[0] ?? '', /^string\.unquoted\.body/);
  assert.match(scopes('&n=')[0] ?? '', /^string\.unquoted\.body/);
  assert.match(scopes('&x=')[0] ?? '', /^string\.unquoted\.body/);
  assert.match(scopes('###')[0] ?? '', /^punctuation\.separator\.request/);
});
