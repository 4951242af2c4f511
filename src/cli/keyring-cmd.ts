// `defradb keyring generate|import|export|list` (security.md §(a)): the file keyring under
// <rootdir>/<keyring.path>, unlocked with DEFRA_KEYRING_SECRET (env, or the --secret-file).
import { Command } from 'commander';
import { resolve } from 'node:path';
import { generateKeys, getBool, getString, loadConfig, loadDotenv, openKeyring, underRoot } from '../node/index.ts';
import type { Keyring } from '../node/index.ts';
import { givenOnCli, globalsOf, output, rootdirOf } from './context.ts';
import { CliError } from './output.ts';

function keyringOf(cmd: Command): Keyring {
  const g = globalsOf(cmd);
  loadDotenv(resolve(String(g.secretFile ?? '.env')));
  const rootdir = rootdirOf(g);
  const flags: Record<string, unknown> = {};
  if (givenOnCli(cmd, 'keyringBackend')) flags['keyring.backend'] = g.keyringBackend;
  if (givenOnCli(cmd, 'keyringPath')) flags['keyring.path'] = g.keyringPath;
  if (givenOnCli(cmd, 'keyring')) flags['keyring.disabled'] = g.keyring === false;
  const v = loadConfig({ rootdir, flags }).values;
  if (getBool(v, 'keyring.disabled')) throw new CliError('the keyring is disabled (--no-keyring)');
  const kr = openKeyring({
    disabled: false,
    backend: getString(v, 'keyring.backend') || 'file',
    path: underRoot(rootdir, getString(v, 'keyring.path') || 'keys'),
    secret: getString(v, 'keyring.secret'),
  });
  return kr!;
}

export function keyringCommand(): Command {
  const keyring = new Command('keyring')
    .description('Manage DefraDB private keys')
    .addHelpText('after', `
The keyring is a directory of encrypted key files (<rootdir>/keys). Its secret comes from
DEFRA_KEYRING_SECRET, which may also be set in a .env file in the working directory (or the
file given with --secret-file).`);

  keyring.command('generate')
    .description('Generate the encryption-key (AES-256) and peer-key (Ed25519), overwriting existing ones')
    .option('--no-encryption', 'skip the encryption key')
    .option('--no-peer-key', 'skip the peer key')
    .action((o: { encryption: boolean; peerKey: boolean }, cmd: Command) => {
      const made = generateKeys(keyringOf(cmd), { noEncryption: !o.encryption, noPeerKey: !o.peerKey });
      for (const name of made) output().note(`Generated ${name}`);
    });

  keyring.command('import')
    .description('Import a private key (hex) into the keyring')
    .argument('<name>', 'key name')
    .argument('<private-key-hex>', 'the key, hex encoded')
    .action((name: string, keyHex: string, _o: unknown, cmd: Command) => {
      const h = keyHex.trim().replace(/^0x/i, '');
      if (!/^([0-9a-fA-F]{2})+$/.test(h)) throw new CliError('invalid private key: expected hex');
      keyringOf(cmd).set(name, new Uint8Array(Buffer.from(h, 'hex')));
    });

  keyring.command('export')
    .description('Print a private key from the keyring as hex')
    .argument('<name>', 'key name')
    .action((name: string, _o: unknown, cmd: Command) => {
      output().text(Buffer.from(keyringOf(cmd).get(name)).toString('hex'));
    });

  keyring.command('list')
    .description('List the keys in the keyring')
    .action((_o: unknown, cmd: Command) => {
      output().text('Keys in the keyring:');
      for (const name of keyringOf(cmd).list()) output().text(`- ${name}`);
    });
  return keyring;
}
