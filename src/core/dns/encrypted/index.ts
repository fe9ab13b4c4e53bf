export * from './types';
export { DnsConnectionPool } from './pool';
export { SecureDnsError, parsePins, spkiSha256, transportLabel } from './connect';
export type { SecureDnsStage, SecureConnectionInfo } from './connect';
export { DOH_DEFAULT_PATH, DOH_PORT, DOT_PORT, dohUrl, isEncryptedSpec, parseEncryptedNameserver } from './spec';
export { openSecureConnection } from './open';
export type { SecureConnection, SecureOutcome } from './connection';
export { digSecureFlags } from './dig-flags';
export { secureDnsLines } from './describe';
