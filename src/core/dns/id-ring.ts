import { randomBytes } from 'crypto';

/**
 * All 65,536 query ids in a random order (Fisher–Yates over one block of crypto random bytes), for a ring
 * from which ids are taken at the head and returned at the tail, so a freed id is reused last.
 */
export function shuffledIds(): Uint16Array {
  const ids = new Uint16Array(65536);
  for (let i = 0; i < 65536; i++) ids[i] = i;
  const random = new Uint32Array(randomBytes(65536 * 4).buffer);
  for (let i = 65535; i > 0; i--) {
    const j = (random[i] ?? 0) % (i + 1);
    const t = ids[i] ?? 0;
    ids[i] = ids[j] ?? 0;
    ids[j] = t;
  }
  return ids;
}
