export * from './kv.ts';
