import { randomUUID } from 'crypto';
import type { ResultView } from './view-model';

/** Builds a ResultView with a fresh id and timestamp. */
export function newView(fields: Omit<ResultView, 'id' | 'createdAt'>): ResultView {
  return { id: randomUUID(), createdAt: Date.now(), ...fields };
}
