export * from './cid.ts';
export * from './canonical-cbor.ts';
export * from './cbor-decoder.ts';
export * from './date-time.ts';
export * from './field-values.ts';
export * from './doc-id.ts';
export * from './block.ts';
