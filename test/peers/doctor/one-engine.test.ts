import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { refusedAdvice } from '../../../src/core/doctor/advice';
import { diagnose } from '../../../src/core/doctor/diagnose';
import { connectionDoctor } from '../../../src/core/doctor/doctor';
import { reachSteps } from '../../../src/core/doctor/reach-steps';
import { WORDS } from '../../../src/core/doctor/words';
import { blackholePort, closedPort, listeningServer } from '../../helpers/tcp-peers';

test('Diagnose and the connection doctor are one engine with one set of words', async () => {
  const closed = await closedPort();
  const d = await diagnose('127.0.0.1', closed);
  const r = await connectionDoctor(`127.0.0.1:${closed}`, { http: false });
  assert.equal(d.category, 'refused');
  assert.equal(d.summary, WORDS.refused.summary);
  // Loopback: the advice comes from this machine's listening sockets (core advice.ts); a remote host gets the words.
  assert.match(d.advice, new RegExp(`^Nothing on this machine listens on port ${closed}`));
  assert.equal(await refusedAdvice(['192.0.2.1'], closed), WORDS.refused.advice);
  assert.equal(r.advice, d.advice, 'the same advice');
  assert.equal(r.addresses[0]?.explanation, d.attempts[0]?.explanation, 'the same words for the address');
  assert.match(d.attempts[0]?.explanation ?? '', /^127\.0\.0\.1 refused the connection: .* \(ECONNREFUSED\)\.$/);
  // Diagnose's view shows the doctor's steps, made from its JSON by the same function.
  const steps = reachSteps(d.host, d.port, d).steps;
  assert.deepEqual(
    steps.map(s => [s.name, s.status, s.summary, s.advice]),
    r.steps.slice(0, 2).map(s => [s.name, s.status, s.summary, s.advice]),
  );

  const hole = await blackholePort();
  const up = await listeningServer();
  try {
    const t = await diagnose('127.0.0.1', hole.port, { timeout: 300 });
    const tr = await connectionDoctor(`127.0.0.1:${hole.port}`, { timeout: 300, http: false });
    assert.equal(t.advice, tr.advice);
    assert.equal(t.attempts[0]?.explanation, tr.addresses[0]?.explanation);
    const ok = await diagnose('127.0.0.1', up.port);
    assert.equal(ok.category, 'ok');
    assert.match(ok.attempts[0]?.explanation ?? '', /^127\.0\.0\.1 accepted the connection in [\d.]+ ms \(from 127\.0\.0\.1:\d+\)\.$/);
    const okr = await connectionDoctor(`127.0.0.1:${up.port}`, { http: false });
    assert.equal(okr.verdict, 'ok');
    assert.deepEqual(Object.keys(ok), ['host', 'port', 'category', 'summary', 'advice', 'resolve', 'attempts', 'elapsedMs'], 'Diagnose keeps its JSON fields');
  } finally {
    await hole.close();
    await up.close();
  }
});
