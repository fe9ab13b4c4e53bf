import { connectionDoctor } from '../../core/doctor/doctor';
import { flag, noExtraPositionals, requirePositional, stringOption } from '../args';
import { ms, table } from '../format';
import { tlsLines } from '../http/render';
import { PROXY_OPTION, PROXY_USAGE, proxyFromCli } from '../proxy-option';
import { TLS_EXTRA_OPTIONS, TLS_EXTRA_USAGE, tlsExtrasFromCli } from '../tls-extras';
import type { CliCommand } from '../types';

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'Connection doctor: resolve → connect each address → TLS → HTTP, with a verdict and advice per step.',
  usage: `doctor URL|HOST:PORT [--tls] [--no-http] [--insecure] [--cacert F] ${TLS_EXTRA_USAGE} [-4|-6] [--json] [--timeout MS] ${PROXY_USAGE}`,
  options: {
    tls: { type: 'boolean' },
    'no-http': { type: 'boolean' },
    http: { type: 'boolean' },
    insecure: { type: 'boolean', short: 'k' },
    cacert: { type: 'string' },
    ipv4: { type: 'boolean', short: '4' },
    ipv6: { type: 'boolean', short: '6' },
    ...PROXY_OPTION,
    ...TLS_EXTRA_OPTIONS,
  },
  async run(ctx) {
    const input = requirePositional(ctx, 0, 'URL|HOST:PORT', this.usage);
    noExtraPositionals(ctx, 1, this.usage);
    const proxy = proxyFromCli(ctx);
    const ca = stringOption(ctx, 'cacert');
    const family = flag(ctx, 'ipv4') ? 4 : flag(ctx, 'ipv6') ? 6 : undefined;
    const r = await connectionDoctor(input, {
      timeout: ctx.timeout,
      signal: ctx.signal,
      ...(flag(ctx, 'tls') ? { tls: true } : {}),
      ...(flag(ctx, 'no-http') ? { http: false } : flag(ctx, 'http') ? { http: true } : {}),
      tlsOptions: { ...(flag(ctx, 'insecure') ? { insecure: true } : {}), ...(ca ? { caFile: ca } : {}), ...tlsExtrasFromCli(ctx) },
      ...(proxy ? { proxy } : {}),
      ...(family ? { family } : {}),
    });
    if (ctx.json) {
      ctx.printJson(r);
    } else {
      ctx.out(
        table(
          ['STEP', 'RESULT', 'TIME', 'WHAT HAPPENED'],
          r.steps.map(s => [s.name, s.status, s.status === 'skipped' ? '' : ms(s.elapsedMs), s.summary]),
        ),
      );
      if (r.addresses.length) {
        ctx.out('');
        ctx.out(
          table(
            ['ADDRESS', 'CONNECT', 'TIME', 'EXPLANATION'],
            r.addresses.map(a => [a.address, a.outcome + (a.errno && a.outcome !== 'open' ? ` (${a.errno})` : ''), ms(a.elapsedMs), a.explanation]),
          ),
        );
      }
      if (r.tlsDetails) ctx.out(['', ...tlsLines(r.tlsDetails).map(l => l.replace(/^\* ?/, ''))].join('\n'));
      for (const s of r.steps) if (s.advice && s.status !== 'ok') ctx.out(`\nAdvice (${s.name}): ${s.advice}`);
      ctx.out(`\nVerdict: ${r.verdict.toUpperCase()} — ${r.summary}`);
    }
    return r.verdict === 'failed' ? 1 : 0;
  },
};
