/** EDNS option code of Padding (RFC 7830). */
export const PADDING_OPTION = 12;

/** Block size queries are padded to: RFC 8467's recommended "Block-Length Padding" for clients. */
export const QUERY_PADDING_BLOCK = 128;

/**
 * The Padding option (RFC 7830) that makes a message of `unpaddedLength` bytes (its OPT record already counted)
 * a multiple of `block` bytes once the option (4-byte header + zeros) is added.
 */
export function paddingOption(unpaddedLength: number, block = QUERY_PADDING_BLOCK): { code: number; data: Buffer } {
  const zeros = (block - ((unpaddedLength + 4) % block)) % block;
  return { code: PADDING_OPTION, data: Buffer.alloc(zeros) };
}
