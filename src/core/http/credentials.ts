/**
 * What counts as a credential in HTTP traffic, decided once: redirects to another origin drop such headers,
 * and History and the log redact them (headers, query parameters, URL passwords).
 */

/** Names that carry a credential: Authorization, Cookie, X-Api-Key, Private-Token, X-Session-Id, client_secret, … */
const CREDENTIAL_NAME = /token|secret|key|auth|session|cookie|passw|pwd|credential|signature/i;

/** What replaces a redacted value. */
export const REDACTED = '<redacted>';

/** True for a header name (or query parameter name) that carries a credential. */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

/** `headers` with credential values replaced (an Authorization scheme such as `Bearer` stays readable). */
export function redactHeaders(headers: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  return headers.map(([k, v]): [string, string] => {
    if (!isCredentialName(k)) return [k, v];
    const scheme = /authorization$/i.test(k) ? /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(?=\s)/.exec(v)?.[0] : undefined;
    return [k, scheme ? `${scheme} ${REDACTED}` : REDACTED];
  });
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/** A query string (without `?`) with the values of credential parameters redacted. */
function redactQuery(query: string): string {
  return query
    .split(/([&;])/)
    .map(part => {
      const eq = part.indexOf('=');
      if (eq < 0 || !isCredentialName(decodeName(part.slice(0, eq)))) return part;
      return `${part.slice(0, eq + 1)}${REDACTED}`;
    })
    .join('');
}

/**
 * `url` with the password of its userinfo redacted: everything from the first `:` up to the LAST `@` before any
 * `?` or `#` (a password may itself hold `@`, `,` or `/`), before anything splits the URL. A user name alone is kept.
 */
export function redactUserinfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^\s?#]*)@/i, (_m, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return `${scheme}${colon < 0 ? userinfo : `${userinfo.slice(0, colon)}:${REDACTED}`}@`;
  });
}

/**
 * Every URL in `text` (absolute ones, and request targets after a method) with its password and the values of
 * credential query parameters (`?access_token=`, `api_key=`, `client_secret=`, `X-Amz-Signature=` …) redacted.
 */
export function redactUrls(text: string): string {
  return text
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s?#]*@/gi, m => redactUserinfo(m))
    .replace(/\?([^\s#"'<>]*)/g, (_m, query: string) => `?${redactQuery(query)}`);
}
