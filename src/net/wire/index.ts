// Every wire format of the net layer, in one place.
export * from './varint.ts';
export * from './protobuf.ts';
export * from './push-log.ts';
export * from './psrpc.ts';
export * from './doc-sync.ts';
export * from './topics.ts';
export * from './grpc-frame.ts';
export * from './bitswap-message.ts';
export * from './head-exchange.ts';
export * from './get-identity.ts';
export * from './hpack.ts';
export * from './http2-frame.ts';
