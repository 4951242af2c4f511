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
export { encryptPbes2, decryptPbes2, JweDecryptError } from './jwe-pbes2.ts';
export { verifyToken, bearerAuth, TokenError } from './bearer-auth.ts';
export type { TokenIdentity } from './bearer-auth.ts';

/** The real store/db/net/http wiring, loaded on demand so that `client …` commands never load the database. */
export const loadDefaultServices = async (): Promise<import('./services.ts').NodeServices> =>
  (await import('./default-services.ts')).defaultServices;
