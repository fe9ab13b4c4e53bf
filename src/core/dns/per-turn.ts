import { setImmediate as immediate } from 'timers';

/**
 * `run` scheduled to run once, at the end of this event-loop turn (after whatever the turn still delivers, e.g. a
 * burst of answers); calling the returned function again before it ran does nothing. The batch runners refill
 * their freed slots this way: the server gets its queries in bursts too, and both sides wake far less often.
 */
export function oncePerTurn(run: () => void): () => void {
  let scheduled = false;
  const fire = (): void => {
    scheduled = false;
    run();
  };
  return () => {
    if (scheduled) return;
    scheduled = true;
    immediate(fire);
  };
}
