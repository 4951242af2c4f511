// `defradb version` and `defradb identity new`.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { didKey } from '../node/index.ts';
import { output } from './context.ts';
import { CliError } from './output.ts';
import { rawIdentity } from './identity-token.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export const versionInfo = () => ({
  release: pkg.version,
  compatibleWith: 'DefraDB v0.19.0',
  runtime: `node ${process.versions.node}`,
  httpAPI: 'v0',
  docIDVersions: 'v1',
  netProtocol: '/defra/0.0.1',
});

export function versionCommand(): Command {
  return new Command('version')
    .description('Display the version information of DefraDB and its components')
    .option('-f, --format <format>', 'text or json', 'text')
    .option('--full', 'display the full version information', false)
    .action((o: { format: string; full: boolean }) => {
      const v = versionInfo();
      if (o.format === 'json') { output().json(v); return; }
      if (o.format !== 'text') throw new CliError(`invalid format: ${o.format}`);
      output().text(`defradb-ts ${v.release} (compatible with ${v.compatibleWith})`);
      if (o.full) {
        output().text(`* HTTP API: ${v.httpAPI}\n* DocID versions: ${v.docIDVersions}\n* P2P multicodec: ${v.netProtocol}\n* Runtime: ${v.runtime}`);
      }
    });
}

export function identityCommand(): Command {
  const identity = new Command('identity').description('Interact with identity features of DefraDB instance');
  identity.command('new')
    .description('Generate a new identity; prints {PrivateKey, PublicKey, DID, KeyType}')
    .option('-t, --type <type>', 'secp256k1 or ed25519', 'secp256k1')
    .action((o: { type: string }) => {
      if (o.type === 'secp256k1') { output().json(rawIdentity(secp256k1.utils.randomSecretKey())); return; }
      if (o.type !== 'ed25519') throw new CliError(`invalid key type: ${o.type}`);
      const seed = ed25519.utils.randomSecretKey();
      const pub = ed25519.getPublicKey(seed);
      const priv = new Uint8Array(64);
      priv.set(seed, 0);
      priv.set(pub, 32);
      output().json({
        PrivateKey: Buffer.from(priv).toString('hex'), PublicKey: Buffer.from(pub).toString('hex'),
        DID: didKey([0xed, 0x01], pub), KeyType: 'ed25519',
      });
    });
  return identity;
}
