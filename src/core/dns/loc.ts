/** A LOC size or precision byte (RFC 1876: mantissa and power of ten, in centimetres) in metres, as dig prints it. */
function metres(byte: number): string | undefined {
  const mantissa = byte >> 4;
  const exponent = byte & 0x0f;
  if (mantissa > 9 || exponent > 9) return undefined;
  if (exponent >= 2) return `${mantissa * 10 ** (exponent - 2)}m`;
  return `0.${String(mantissa * 10 ** exponent).padStart(2, '0')}m`;
}

/** Degrees, minutes and seconds (three decimals) of a LOC latitude or longitude, with its hemisphere letter. */
function angle(raw: number, positive: string, negative: string, maxDegrees: number): string | undefined {
  const north = raw >= 0x80000000;
  let v = north ? raw - 0x80000000 : 0x80000000 - raw;
  if (v > maxDegrees * 3600000) return undefined;
  const thousandths = v % 1000;
  v = Math.floor(v / 1000);
  const seconds = v % 60;
  v = Math.floor(v / 60);
  const minutes = v % 60;
  return `${Math.floor(v / 60)} ${minutes} ${seconds}.${String(thousandths).padStart(3, '0')} ${north ? positive : negative}`;
}

/**
 * LOC rdata (RFC 1876) as dig prints it: `d m s.sss N|S d m s.sss E|W altm size hp vp`. Returns undefined for
 * data dig cannot present this way (another version, a length other than 16, out-of-range values); the
 * caller then uses the RFC 3597 form.
 */
export function presentLoc(bytes: Uint8Array): string | undefined {
  if (bytes.length !== 16 || bytes[0] !== 0) return undefined;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = metres(view[1] ?? 0);
  const hp = metres(view[2] ?? 0);
  const vp = metres(view[3] ?? 0);
  const lat = angle(view.readUInt32BE(4), 'N', 'S', 90);
  const lon = angle(view.readUInt32BE(8), 'E', 'W', 180);
  if (size === undefined || hp === undefined || vp === undefined || lat === undefined || lon === undefined) return undefined;
  const raw = view.readUInt32BE(12);
  const below = raw < 10000000;
  const alt = below ? 10000000 - raw : raw - 10000000;
  return `${lat} ${lon} ${below ? '-' : ''}${Math.floor(alt / 100)}.${String(alt % 100).padStart(2, '0')}m ${size} ${hp} ${vp}`;
}
