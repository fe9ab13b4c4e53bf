import { test } from 'node:test';
import * as assert from 'assert';
import { Trail } from '../../../src/ui/webviews/trail';

const entry = (value: string, weight = 1) => ({ value, title: value, meta: {}, weight });

test('back and forward move through recent results; a new result drops the ones ahead', () => {
  const t = new Trail<string>({ entries: 10, weight: 100 });
  for (const v of ['a', 'b', 'c']) t.push(entry(v));
  assert.deepStrictEqual([t.current?.value, t.canBack, t.canForward, t.position], ['c', true, false, { at: 3, of: 3 }]);
  assert.strictEqual(t.back()?.value, 'b');
  assert.strictEqual(t.back()?.value, 'a');
  assert.strictEqual(t.back()?.value, 'a', 'nothing before the first');
  assert.strictEqual(t.forward()?.value, 'b');
  t.push(entry('d'));
  assert.deepStrictEqual([t.current?.value, t.position, t.canForward], ['d', { at: 3, of: 3 }, false]);
  assert.strictEqual(t.back()?.value, 'b');
});

test('the oldest results go beyond the count and the weight; the current one always stays', () => {
  const t = new Trail<string>({ entries: 3, weight: 10 });
  for (const v of ['a', 'b', 'c', 'd']) t.push(entry(v));
  assert.deepStrictEqual(t.position, { at: 3, of: 3 });
  t.back();
  t.back();
  assert.strictEqual(t.current?.value, 'b');
  t.forward();
  t.forward();
  t.push(entry('huge', 1000));
  assert.deepStrictEqual([t.current?.value, t.position], ['huge', { at: 3, of: 3 }], 'the current one weighs nothing against the limit');
  t.push(entry('e', 4));
  assert.deepStrictEqual(
    [t.current?.value, t.position],
    ['e', { at: 1, of: 1 }],
    'behind the current one, the others must weigh at most 10: the huge one went',
  );
  t.push(entry('f', 4));
  assert.deepStrictEqual(t.position, { at: 2, of: 2 });
  t.reweigh('e', 20);
  assert.deepStrictEqual([t.current?.value, t.position], ['f', { at: 1, of: 1 }], 'a result that grew is weighed again');
});
