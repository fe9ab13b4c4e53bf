import type { ByteOrderBits } from '../../core/address/byte-order';
import { byteOrder } from '../../core/address/byte-order';
import { byteOrderRows } from '../../core/address/rows';
import { noExtraPositionals, requirePositional, stringOption } from '../args';
import type { CliCommand } from '../types';
import { UsageError } from '../types';
import { formatRows } from './ip';

export const orderCommand: CliCommand = {
  name: 'order',
  summary: "htons/htonl/htobe64 of a value: bytes in host and network order, and this machine's endianness.",
  usage: 'order VALUE [--bits 16|32|64] [--json]',
  options: { bits: { type: 'string', short: 'b' } },
  run(ctx) {
    const value = requirePositional(ctx, 0, 'VALUE', this.usage);
    noExtraPositionals(ctx, 1, this.usage);
    const bitsText = stringOption(ctx, 'bits');
    if (bitsText !== undefined && !['16', '32', '64'].includes(bitsText)) throw new UsageError(`--bits must be 16, 32 or 64, not "${bitsText}".`);
    const r = byteOrder(value, bitsText === undefined ? undefined : (Number(bitsText) as ByteOrderBits));
    if (ctx.json) ctx.printJson(r);
    else ctx.out(formatRows(byteOrderRows(r)));
    return Promise.resolve(0);
  },
};
