#!/usr/bin/env node
// Folder-level import cycles in src/core: each area folder (src/core/dns/, src/core/proxy/, …) is one node, loose
// files (src/core/errors.ts) are their own. dependency-cruiser finds file cycles and layer breaches (npm run
// lint); this finds loops between core's areas, e.g. core/proxy → core/scan → core/proxy, so that the
// transport layers never know their callers. Type-only imports count. Usage: node scripts/check-folder-cycles.js [PREFIX…]
// (default src/core/; src/ui/ lists the editor glue's loops).
const { execFileSync } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..');
const bin = path.join(root, 'node_modules', '.bin', 'depcruise');
const out = execFileSync(bin, ['src', '--config', '.dependency-cruiser.cjs', '--collapse', '^src/[^/]+/[^/]+/', '--output-type', 'json'], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const prefixes = process.argv.slice(2).length ? process.argv.slice(2) : ['src/core/'];
const inScope = p => prefixes.some(x => p.startsWith(x));
const graph = new Map();
for (const m of JSON.parse(out).modules) {
  if (!inScope(m.source)) continue;
  graph.set(m.source, [...new Set(m.dependencies.map(d => d.resolved).filter(r => inScope(r) && r !== m.source))]);
}

// Tarjan's strongly connected components: every component with more than one node is a loop.
let index = 0;
const idx = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const loops = [];
function visit(v) {
  idx.set(v, index);
  low.set(v, index);
  index++;
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!idx.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
  }
  if (low.get(v) !== idx.get(v)) return;
  const component = [];
  let w;
  do {
    w = stack.pop();
    onStack.delete(w);
    component.push(w);
  } while (w !== v);
  if (component.length > 1) loops.push(component.sort());
}
for (const v of graph.keys()) if (!idx.has(v)) visit(v);

if (loops.length === 0) {
  console.log(`✔ no folder cycles (${graph.size} folders and loose files)`);
  process.exit(0);
}
for (const loop of loops) {
  console.error(`✖ folder cycle: ${loop.join(' ⇄ ')}`);
  for (const a of loop) for (const b of graph.get(a) ?? []) if (loop.includes(b)) console.error(`    ${a} → ${b}`);
}
process.exit(1);
