// Where long names and values may wrap: after the dots of a name, the colons of an address, the slashes of a
// URL (spaces break anyway). The break opportunities are <wbr> elements between text nodes: nothing is added to
// the text (copying it gives the same characters), and nothing is parsed as HTML.

/** Characters after which a line may break. */
const BREAK_AFTER = /[.:/,;=&?@\\]/;
/** Longer texts get no break opportunities (they wrap anywhere, the CSS's last resort): the DOM stays small. */
const MAX_BREAKABLE = 4096;
const DIGIT = /[0-9]/;
/** A long word without dots or colons is a key or a hash (base64, hex): it wraps anywhere, in even lines. */
const OPAQUE = /^[^\s.:]{40,}$/;

/**
 * `text` as a text node, or as text nodes with a `<wbr>` after each dot, colon, slash, comma, semicolon, `=`,
 * `&`, `?`, `@` and backslash that another character follows (not a space: spaces break already), except inside
 * numbers (`1.853`, `10:05`, `192.0.2.1` stay whole) and inside long opaque words (base64 keys, hex).
 */
export function breakable(text: string): Node {
  if (text.length > MAX_BREAKABLE || !BREAK_AFTER.test(text)) return document.createTextNode(text);
  const out = document.createDocumentFragment();
  let pending = '';
  for (const word of text.split(/(\s+)/)) {
    if (/^\s*$/.test(word) || OPAQUE.test(word.replace(/^"|"$/g, ''))) {
      pending += word;
      continue;
    }
    for (let i = 0; i < word.length; i++) {
      const c = word[i] ?? '';
      pending += c;
      const next = word[i + 1];
      if (next === undefined || !BREAK_AFTER.test(c) || BREAK_AFTER.test(next)) continue;
      if ((c === '.' || c === ':' || c === ',') && DIGIT.test(next) && DIGIT.test(word[i - 1] ?? '')) continue;
      out.append(pending, document.createElement('wbr'));
      pending = '';
    }
  }
  out.append(pending);
  return out;
}
