export * from './cid.ts';
