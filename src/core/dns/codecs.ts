import * as dnsPacket from 'dns-packet';
import type {
  DnskeyData, DsData, HInfoData, MxData, NaptrData, Nsec3Data, NsecData, RpData, RrsigData, SoaData, SrvData, TlsaData,
} from 'dns-packet';

/** A dns-packet record codec as its runtime exposes it (`decode(buf, offsetOfRdlength)`, `decode.bytes`). */
export interface RdataDecoder<T> {
  decode: ((buf: Buffer, offset: number) => T) & { bytes: number };
}

/** The typed subset of dns-packet's runtime record codecs NetProbe uses for rdata. */
interface Codecs {
  a: RdataDecoder<string>;
  aaaa: RdataDecoder<string>;
  ptr: RdataDecoder<string>;
  txt: RdataDecoder<Buffer[]>;
  soa: RdataDecoder<SoaData>;
  mx: RdataDecoder<MxData>;
  srv: RdataDecoder<SrvData>;
  naptr: RdataDecoder<NaptrData>;
  dnskey: RdataDecoder<DnskeyData>;
  rrsig: RdataDecoder<RrsigData>;
  nsec: RdataDecoder<NsecData>;
  nsec3: RdataDecoder<Nsec3Data>;
  ds: RdataDecoder<DsData>;
  tlsa: RdataDecoder<TlsaData>;
  hinfo: RdataDecoder<HInfoData>;
  rp: RdataDecoder<RpData>;
}

/** dns-packet's per-type codecs (exported at runtime, not in its type declarations). */
export const codecs = dnsPacket as unknown as Codecs;

/**
 * Decodes rdata with a dns-packet codec and checks it consumed exactly the record's rdata, so a lying
 * RDLENGTH cannot make the decoder read into the next record unnoticed.
 */
export function decodeWith<T>(codec: RdataDecoder<T>, buf: Buffer, rdOffset: number, rdLength: number): T | undefined {
  const value = codec.decode(buf, rdOffset - 2);
  return codec.decode.bytes === rdLength + 2 ? value : undefined;
}
