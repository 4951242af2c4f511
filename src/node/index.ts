// The node layer: configuration, keyring, root-dir lock and the Node lifecycle.
export * from './config.ts';
export * from './settings.ts';
export * from './keyring.ts';
export * from './node-keys.ts';
export * from './node-identity.ts';
export * from './dotenv.ts';
export * from './rootdir-lock.ts';
export * from './stderr-logger.ts';
export * from './services.ts';
export { Node } from './node.ts';
export type { NodeOptions } from './node.ts';
export { listen } from './http-listener.ts';
export type { HttpListener, RequestHandler } from './http-listener.ts';
export { encryptPbes2, decryptPbes2, JweDecryptError } from './jwe-pbes2.ts';
