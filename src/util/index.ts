export * from './bytes.ts';
export * from './events.ts';
export * from './fastjson.ts';
export * from './float32.ts';
export * from './logger.ts';
export * from './byte-slab.ts';
