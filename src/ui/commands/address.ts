import * as vscode from 'vscode';
import type { ByteOrderBits, ByteOrderResult } from '../../core/address/byte-order';
import { byteOrder } from '../../core/address/byte-order';
import { cidrContains, describeCidr, prefixForSubnetCount, splitCidr } from '../../core/address/cidr';
import type { AddressInfo } from '../../core/address/describe';
import { addressFromInteger, describeAddress } from '../../core/address/describe';
import { describeMac } from '../../core/address/mac';
import type { MacInfo } from '../../core/address/mac';
import type { OuiVendor } from '../../core/address/oui';
import { OuiDatabase } from '../../core/address/oui';
import { NetProbeError, problemOf } from '../../core/errors';
import { ask, selectedText } from '../input';
import type { Services } from '../services';
import { addressView, byteOrderView, cidrView, macView } from './address-views';
import { registerAddressTransformCommands } from './address-transform';
import { registerCommand } from './command';

/** Why `fn(text)` rejects the text, for validate-as-you-type. */
function problem(fn: (text: string) => unknown): (text: string) => string | undefined {
  return text => problemOf(() => fn(text));
}

/** Validation for Convert Address…, pointing MACs and networks at their own commands. */
function addressInputProblem(text: string): string | undefined {
  const why = problem(describeAddress)(text);
  if (why === undefined) return undefined;
  if (problem(describeMac)(text) === undefined) return 'That is a MAC address: use NetProbe: MAC Address… for it.';
  if (text.includes('/') && problem(describeCidr)(text) === undefined) return 'That is a network: use NetProbe: Subnet Calculator… for it.';
  return why;
}

/** Forms `netprobe.copyAddressAs` can copy. */
export type CopyForm = 'canonical' | 'hex' | 'integer' | 'bytes' | 'expanded' | 'reverse';

function formOf(text: string, form: CopyForm): string {
  if (form === 'canonical' && text.includes('/')) return describeCidr(text).cidr;
  let a: AddressInfo;
  try {
    a = describeAddress(text);
  } catch (e) {
    const m = describeMac(text);
    if (form === 'hex') return m.bare;
    if (form === 'canonical') return m.canonical;
    throw e;
  }
  const values: Record<CopyForm, string> = {
    canonical: a.canonical,
    hex: a.integerHex,
    integer: a.integer,
    bytes: a.packedBytes,
    expanded: a.expanded,
    reverse: a.reversePointer,
  };
  return values[form];
}

/** Options of the Subnet Calculator command. */
export interface SubnetOptions {
  contains?: string;
  /** New prefix length to split into. */
  split?: number;
  /** Number of subnets to split into (rounded up to a power of two). */
  subnets?: number;
  limit?: number;
}

/** Convert Address…, Byte Order…, MAC Address…, Subnet Calculator…, Copy Address As, Transform Selection. */
export function registerAddressCommands(services: Services): vscode.Disposable[] {
  const oui = new OuiDatabase();
  return [
    ...registerAddressTransformCommands(services),
    registerCommand<[string, { integer?: boolean; family?: 4 | 6 }], AddressInfo>(
      services,
      'netprobe.convertAddress',
      'Convert address',
      async (input, opts) => {
        const text =
          input ??
          (await ask(
            "Address to convert (any inet_aton form, IPv6 with zone, or bytes like b'\\x7f\\x00\\x00\\x01')",
            '0177.0.0.1, 127.1, 0xc000027b, fe80::1%eth0',
            addressInputProblem,
            selectedText(),
          ));
        if (!text) return undefined;
        const info = opts?.integer ? addressFromInteger(text, opts.family) : describeAddress(text);
        services.show(addressView(info, opts ? [text, opts] : [text]));
        return info;
      },
    ),
    registerCommand<[string | number, ByteOrderBits], ByteOrderResult>(services, 'netprobe.byteOrder', 'Byte order', async (value, bits) => {
      const text =
        value !== undefined
          ? String(value)
          : await ask(
              'Integer to convert (htons/htonl/htobe64); the width follows from the value',
              '8080, 0x1f90, 3232235777',
              problem(byteOrder),
              selectedText(),
            );
      if (!text) return undefined;
      const r = byteOrder(text, bits);
      services.show(byteOrderView(r));
      return r;
    }),
    registerCommand<[string], MacInfo & { vendor: OuiVendor | null }>(services, 'netprobe.macAddress', 'MAC address', async mac => {
      const text = mac ?? (await ask('MAC address', '00:11:32:3c:c3:0b, 00-11-32-3C-C3-0B, 0011.323c.c30b', problem(describeMac), selectedText()));
      if (!text) return undefined;
      const info = describeMac(text);
      const vendor = (await oui.lookup(info.bare, { timeout: services.timeout })) ?? null;
      services.show(macView(info, vendor));
      return { ...info, vendor };
    }),
    registerCommand<[string, SubnetOptions], ReturnType<typeof describeCidr>>(
      services,
      'netprobe.subnetCalculator',
      'Subnet calculator',
      async (cidr, opts = {}) => {
        const text =
          cidr ??
          (await ask('Network (CIDR or address with netmask)', '192.168.1.0/24, 10.0.0.0 255.255.240.0, 2001:db8::/48', problem(describeCidr), selectedText()));
        if (!text) return undefined;
        const info = describeCidr(text);
        const newPrefix = opts.split ?? (opts.subnets !== undefined ? prefixForSubnetCount(text, opts.subnets) : undefined);
        const extra = {
          ...(opts.contains !== undefined ? { contains: { address: opts.contains, inside: cidrContains(text, opts.contains) } } : {}),
          ...(newPrefix !== undefined ? { split: splitCidr(text, newPrefix, opts.limit ?? 256) } : {}),
        };
        services.show(cidrView(info, extra));
        return { ...info, ...extra };
      },
    ),
    registerCommand<[string, CopyForm], string>(services, 'netprobe.copyAddressAs', 'Copy address', async (text, form) => {
      if (text === undefined) throw new NetProbeError('invalid-input', 'No address to copy.');
      const value = formOf(text, form ?? 'canonical');
      await vscode.env.clipboard.writeText(value);
      void vscode.window.setStatusBarMessage(`NetProbe: copied ${value}`, 3000);
      return value;
    }),
  ];
}
