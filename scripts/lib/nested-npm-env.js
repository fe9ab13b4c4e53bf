// The environment for an `npm install` started from inside an npm script (e.g. `npm test` -> pretest).
// npm exports its resolved settings to scripts as npm_config_* variables; some describe the *outer* npm and
// Node (user agent "npm/11 node/v20", nodedir, node-gyp, prefixes) and would make a nested install under a
// different Node believe it runs on the outer one (code-server's postinstall then refuses Node 20). Those are
// dropped; the settings that say where packages come from and how to reach it (registry, proxy, CA, cache,
// config files) pass through. PATH loses the directories npm put in front of it (node_modules/.bin, npm's
// node-gyp shim).
'use strict';

/** npm settings a nested install keeps (matched without the npm_config_ prefix, case-insensitively). */
const PASS_THROUGH = new RegExp(
  '^(' +
    [
      'registry',
      '.*:registry',
      'replace_registry_host',
      'proxy',
      'https_proxy',
      'http_proxy',
      'noproxy',
      'no_proxy',
      'local_address',
      'maxsockets',
      'ca',
      'cafile',
      'cert',
      'key',
      'strict_ssl',
      'userconfig',
      'globalconfig',
      'cache',
      'offline',
      'prefer_offline',
      'prefer_online',
      'fetch_.*',
      'loglevel',
      'color',
    ].join('|') +
    ')$',
  'i',
);

/** Variables npm sets for scripts that describe the outer npm run. */
const OUTER_RUN = /^(INIT_CWD|NODE|npm_(?!config_).*)$/i;

/**
 * @param {NodeJS.ProcessEnv} env the environment this script got from npm
 * @returns {NodeJS.ProcessEnv} the environment for a nested `npm install`
 */
function nestedNpmEnv(env) {
  /** @type {NodeJS.ProcessEnv} */
  const out = {};
  for (const [k, v] of Object.entries(env)) {
    const config = /^npm_config_(.*)$/i.exec(k);
    if (config ? !PASS_THROUGH.test(config[1]) : OUTER_RUN.test(k)) continue;
    out[k] = v;
  }
  const pathKey = Object.keys(out).find(k => k.toUpperCase() === 'PATH') ?? 'PATH';
  out[pathKey] = (out[pathKey] ?? '')
    .split(':')
    .filter(dir => dir && !/[\\/]node_modules[\\/]\.bin$/.test(dir) && !/[\\/]node-gyp-bin$/.test(dir))
    .join(':');
  return out;
}

module.exports = { nestedNpmEnv };
