/**
 * At most `max` characters of bytes from the network as a quoted one-line text for a message: UTF-8, with line
 * breaks, tabs, control and other invisible characters escaped (`\n`, `\x1b`, `\u202e`), and `…` when cut.
 */
export function quotedSnippet(bytes: Buffer, max = 200): string {
  const text = bytes.toString('utf8');
  const cut = [...text.slice(0, max * 2)].slice(0, max);
  const escaped = cut.map(ch => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    if (ch === '"' || ch === '\\') return `\\${ch}`;
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
    if ((code >= 0x80 && code < 0xa0) || /[\p{Cf}\p{Zl}\p{Zp}]/u.test(ch) || ch === '\ufffd') return `\\u${code.toString(16).padStart(4, '0')}`;
    return ch;
  }).join('');
  return `"${escaped}${[...text].length > max ? '…' : ''}"`;
}
