// Small `defradb client` commands: ping, dump, purge, node-identity, block verify-signature.
import { Command } from 'commander';
import { apiClient, output } from './context.ts';
import { CliError } from './output.ts';

export function miscCommands(): Command[] {
  const ping = new Command('ping')
    .description('Check that the node is reachable (early DefraDB docs)')
    .action(async (_o: unknown, cmd: Command) => {
      const api = apiClient(cmd);
      const res = await api.fetch('GET', '/health-check', {}, false);
      if (!res.ok) throw new CliError(`node at ${api.base} is not healthy: ${res.status}`);
      output().text('Success!');
    });

  const dump = new Command('dump')
    .description('Dump the contents of the database to the node log')
    .action(async (_o: unknown, cmd: Command) => { await apiClient(cmd).call('GET', '/debug/dump'); });

  const purge = new Command('purge')
    .description('Delete all persisted data and restart (development mode only)')
    .option('-f, --force', 'required: confirms the purge', false)
    .action(async (o: { force: boolean }, cmd: Command) => {
      if (!o.force) throw new CliError('run this command with the --force flag');
      await apiClient(cmd).call('POST', '/purge');
    });

  const nodeIdentity = new Command('node-identity')
    .description('Get the public information about the node\'s identity')
    .action(async (_o: unknown, cmd: Command) => {
      const id = await apiClient(cmd).call('GET', '/node/identity');
      if (id === null || id === undefined) output().text('Node has no identity assigned to it');
      else output().json(id);
    });

  const block = new Command('block').description('Interact with the database\'s blockstore');
  block.command('verify-signature')
    .description('Verify the signature of a block')
    .argument('<public-key>', 'hex public key')
    .argument('<cid>', 'block CID')
    .option('-t, --type <type>', 'key type: secp256k1 or ed25519', 'secp256k1')
    .action(async (publicKey: string, cid: string, o: { type: string }, cmd: Command) => {
      await apiClient(cmd).call('GET', '/block/verify-signature', { query: { cid, 'public-key': publicKey, type: o.type } });
      output().text('Block\'s signature verified');
    });
  return [ping, dump, purge, nodeIdentity, block];
}
