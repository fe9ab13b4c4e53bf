import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the install scripts are plain CommonJS
const { nestedNpmEnv } = require(path.join(__dirname, '..', '..', '..', '..', 'scripts', 'lib', 'nested-npm-env.js')) as {
  nestedNpmEnv: (env: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;
};

test('a nested npm install loses the outer npm and Node settings and keeps where packages come from', () => {
  const env = nestedNpmEnv({
    HOME: '/home/u',
    HTTPS_PROXY: 'http://proxy.corp:3128',
    NODE_EXTRA_CA_CERTS: '/etc/corp-ca.pem',
    INIT_CWD: '/work/np',
    NODE: '/usr/bin/node',
    npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
    npm_config_nodedir: '/usr',
    npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    npm_config_npm_version: '11.19.1',
    npm_config_local_prefix: '/work/np',
    npm_config_global_prefix: '/usr',
    npm_config_allow_scripts: '',
    npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
    npm_node_execpath: '/usr/bin/node',
    npm_lifecycle_event: 'pretest',
    npm_package_name: 'netprobe',
    npm_config_registry: 'https://registry.corp/npm/',
    'npm_config_@corp:registry': 'https://registry.corp/scoped/',
    npm_config_https_proxy: 'http://proxy.corp:3128',
    npm_config_noproxy: 'localhost',
    npm_config_cafile: '/etc/corp-ca.pem',
    npm_config_strict_ssl: 'true',
    npm_config_cache: '/home/u/.npm',
    npm_config_userconfig: '/home/u/.npmrc',
    NPM_CONFIG_REGISTRY: 'https://registry.corp/npm/',
    NPM_CONFIG_USER_AGENT: 'spoof',
    PATH: '/work/np/node_modules/.bin:/work/node_modules/.bin:/node_modules/.bin:/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin:/usr/local/bin:/usr/bin:/bin',
  });
  assert.deepEqual(Object.keys(env).sort(), [
    'HOME',
    'HTTPS_PROXY',
    'NODE_EXTRA_CA_CERTS',
    'NPM_CONFIG_REGISTRY',
    'PATH',
    'npm_config_@corp:registry',
    'npm_config_cache',
    'npm_config_cafile',
    'npm_config_https_proxy',
    'npm_config_noproxy',
    'npm_config_registry',
    'npm_config_strict_ssl',
    'npm_config_userconfig',
  ]);
  assert.equal(env.PATH, '/usr/local/bin:/usr/bin:/bin');
  assert.equal(env.npm_config_registry, 'https://registry.corp/npm/');
});
