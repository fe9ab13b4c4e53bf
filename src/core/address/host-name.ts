import { domainToASCII } from 'url';
import { NetProbeError } from '../errors';

const LDH = /^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/;

/** `text` for a message: control and non-ASCII characters as `\xHH` / `\u{…}`, so a message never carries them raw. */
function shown(text: string): string {
  return text.replace(/[^\x20-\x7e]/gu, c => {
    const cp = c.codePointAt(0) ?? 0;
    return cp < 0x100 ? `\\x${cp.toString(16).padStart(2, '0')}` : /\p{L}|\p{N}|\p{M}/u.test(c) ? c : `\\u{${cp.toString(16)}}`;
  });
}

/**
 * Why `name` cannot be a host name to resolve and connect to, or undefined when it can: the one rule both
 * front ends use (it is checked again in core before any lookup). A host name has letters, digits, hyphens,
 * underscores and dots (internationalised names are allowed: they convert to ASCII), labels of at most 63
 * and 253 characters in all; a control character (a NUL would cut the name short in the system resolver),
 * a space or a character such as `;` makes it impossible. IP addresses are not names: check them first.
 */
export function hostNameProblem(name: string): string | undefined {
  if (name === '') return 'No host name given.';
  const control = [...name].find(c => {
    const cp = c.charCodeAt(0);
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
  });
  if (control !== undefined) {
    const code = control.charCodeAt(0).toString(16).padStart(2, '0');
    return `"${shown(name)}" is not a valid host name: it contains the control character 0x${code}.`;
  }
  // Only an internationalised name goes through IDNA, which would also "repair" ASCII that is not a host name
  // (`192.１0.2.1#85` came back as 192.10.2.1): every ASCII character must already be one a name may hold.
  const idn = [...name].some(c => c.charCodeAt(0) >= 0x80) && [...name].every(c => c.charCodeAt(0) >= 0x80 || /[A-Za-z0-9_.-]/.test(c));
  const ascii = LDH.test(name) ? name : idn ? domainToASCII(name) : '';
  if (ascii === '' || !LDH.test(ascii)) {
    const bad = [...name].find(c => !/[A-Za-z0-9_.-]/.test(c) && !/\p{L}|\p{N}|\p{M}/u.test(c));
    const what = bad === undefined ? '' : bad === ' ' ? ': it contains a space' : `: it contains "${shown(bad)}"`;
    return `"${shown(name)}" is not a valid host name${what} (letters, digits, hyphens, underscores and dots).`;
  }
  if (
    ascii.length > 253 ||
    ascii
      .replace(/\.$/, '')
      .split('.')
      .some(l => l.length > 63)
  ) {
    return `"${shown(name)}" is not a valid host name (labels are at most 63 characters, names at most 253).`;
  }
  return undefined;
}

/** Throws `invalid-input` with {@link hostNameProblem}'s reason. */
export function assertHostName(name: string): void {
  const problem = hostNameProblem(name);
  if (problem) throw new NetProbeError('invalid-input', problem);
}
