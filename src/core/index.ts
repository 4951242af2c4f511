export * from './cid.ts';
export * from './canonical-cbor.ts';
export * from './cbor-decoder.ts';
