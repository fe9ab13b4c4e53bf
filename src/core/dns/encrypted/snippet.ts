/** One character as a terminal or a message may show it: itself, or an escape for control and invisible characters. */
function shown(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  if ((code >= 0x80 && code < 0xa0) || /[\p{Cf}\p{Zl}\p{Zp}]/u.test(ch)) return `\\u${code.toString(16).padStart(4, '0')}`;
  return ch;
}

/** Text from the network (a certificate subject, a header) with control and invisible characters escaped. */
export function visibleText(text: string): string {
  return [...text].map(shown).join('');
}

/**
 * At most `max` characters of bytes from the network as a quoted one-line text for a message: UTF-8, with line
 * breaks, tabs, quotes, control and invisible characters escaped (`\n`, `\x1b`, `\u202e`), and `…` when cut.
 */
export function quotedSnippet(bytes: Buffer, max = 200): string {
  const chars = [...bytes.toString('utf8')];
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };
  const escaped = chars.slice(0, max).map(ch => named[ch] ?? shown(ch)).join('');
  return `"${escaped}${chars.length > max ? '…' : ''}"`;
}
