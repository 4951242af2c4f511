export * from './kinds.ts';
export * from './descriptions.ts';
export * from './errors.ts';
export * from './store.ts';
