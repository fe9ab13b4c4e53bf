import type { DiagnosisCategory } from './diagnose-types';

/** What a connect outcome means and what to do about it: the one set of words of Diagnose and the doctor. */
export interface OutcomeWords {
  /** After an address: "127.0.0.1 refused the connection: …". */
  what: string;
  /** The verdict as a sentence. */
  summary: string;
  advice: string;
}

/** Words for every failure a diagnosis names (resolve, connect, proxy). */
export const WORDS: Record<Exclude<DiagnosisCategory, 'ok'>, OutcomeWords> = {
  'dns-error': {
    what: 'could not be resolved',
    summary: 'The name could not be resolved (DNS error).',
    advice: 'Check the spelling, /etc/hosts, and that a nameserver is reachable (/etc/resolv.conf).',
  },
  refused: {
    what: 'refused the connection: the host is up but no service is listening on that port',
    summary: 'Connection refused: the host is up but no service is listening on that port.',
    advice: 'Start the service, or check the port number and that the service listens on this address (not only on 127.0.0.1, or only on IPv4).',
  },
  timeout: {
    what: 'did not answer: the host is down or unreachable, or a firewall silently drops the packets',
    summary: 'Timed out: no answer at all — the host is down or unreachable, or a firewall silently drops the packets.',
    advice: 'Check that the host is up, that firewalls (host and network) allow the port, and the route to it.',
  },
  'network-unreachable': {
    what: 'is unreachable: this machine has no route to its network',
    summary: 'Network unreachable: this machine has no route to that network.',
    advice: "Check this machine's routes and default gateway (ip route), VPN, or whether IPv6 is configured.",
  },
  'host-unreachable': {
    what: 'is unreachable: the network is reachable but the host did not answer',
    summary: 'Host unreachable: the network is reachable but the host did not answer (ARP/neighbour discovery failed or a router said so).',
    advice: 'Check that the host is up and on the expected network; a router may be rejecting the traffic.',
  },
  proxy: {
    what: 'could not be reached through the proxy',
    summary: 'The proxy failed before the target was reached.',
    advice: 'Check the proxy URL (scheme socks4/socks4a/socks5/socks5h/http/https, host, port), that the proxy runs, and its credentials.',
  },
  'os-error': {
    what: 'failed with an operating-system error',
    summary: 'The operating system reported an error while connecting.',
    advice: 'See the error name; it often points to local configuration (address not available, too many open files).',
  },
};

/** Advice when some addresses work and others fail (`ipv6`: an IPv6 address is among the failing ones). */
export function mixedAdvice(ipv6: boolean): string {
  return `${ipv6 ? 'The service does not answer on IPv6: make it listen on [::] too, or remove the AAAA record. ' : ''}Clients that try the failing address first are slowed down or fail.`;
}

/** The step names as a person reads them. */
export const STEP_NAMES = { resolve: 'Name resolution', connect: 'TCP connect', tls: 'TLS', http: 'HTTP' } as const;
