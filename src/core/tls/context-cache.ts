import * as fs from 'fs';
import type * as tls from 'tls';
import { createTlsContext } from './connect';

/**
 * TLS contexts for CA files, made once per version of each file (parsing a CA bundle costs more than a
 * loopback request) and made again when the file changes (its modification time or size). Owned by a long-lived
 * caller (the editor); a file that cannot be read gives no context, and the request then reports the problem.
 */
export class TlsContextCache {
  private last: { key: string; context: tls.SecureContext } | undefined;

  /** The context trusting the CAs in `caFile`, or undefined when the file cannot be read or parsed. */
  get(caFile: string): tls.SecureContext | undefined {
    try {
      const st = fs.statSync(caFile);
      const key = `${caFile}\0${st.mtimeMs}\0${st.size}`;
      if (this.last?.key !== key) this.last = { key, context: createTlsContext({ caFile }) };
      return this.last.context;
    } catch {
      return undefined;
    }
  }
}
