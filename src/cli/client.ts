// `defradb client`: commands that talk to a running node over HTTP (`--url`).
import { Command } from 'commander';
import { acpCommand } from './client-acp.ts';
import { backupCommand, txCommand } from './client-backup-tx.ts';
import { collectionCommand } from './client-collection.ts';
import { indexCommand } from './client-index.ts';
import { miscCommands } from './client-misc.ts';
import { p2pCommand } from './client-p2p.ts';
import { queryCommand } from './client-query.ts';
import { schemaCommand } from './client-schema.ts';
import { lensCommand, viewCommand } from './client-view-lens.ts';

export function clientCommand(): Command {
  const client = new Command('client')
    .description('Interact with a DefraDB node')
    .option('-i, --identity <hex>', 'hex secp256k1 private key of the identity to act as')
    .option('--tx <id>', 'transaction id');
  for (const c of [queryCommand(), schemaCommand(), collectionCommand(), indexCommand(), viewCommand(), lensCommand(),
    acpCommand(), p2pCommand(), backupCommand(), txCommand(), ...miscCommands()]) {
    client.addCommand(c);
  }
  return client;
}
