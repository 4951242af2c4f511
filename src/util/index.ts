export * from './bytes.ts';
export * from './events.ts';
export * from './fastjson.ts';
export * from './logger.ts';
