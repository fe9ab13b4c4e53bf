import { isTerminalControl } from '../../src/core/text/terminal';

/**
 * True when `text` holds a code point a terminal would obey (C0 but tab and line feed, CR, DEL, C1, bidi
 * controls): what NetProbe must never write raw. `multiline` false: a line feed counts too.
 */
export function hasRawControl(text: string, multiline = true): boolean {
  return [...text].some(c => {
    const cp = c.codePointAt(0) ?? 0;
    return cp === 0x0d || (cp === 0x0a && !multiline) || isTerminalControl(cp);
  });
}

/** The raw control characters in `text`, as escapes, for assertion messages. */
export function rawControls(text: string): string[] {
  return [...text].filter(c => hasRawControl(c)).map(c => `U+${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}
