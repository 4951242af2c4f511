// `defradb client backup export|import` and `client tx create|commit|discard`.
import { Command } from 'commander';
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { apiClient, output } from './context.ts';
import { CliError } from './output.ts';
import { collect, listArg } from './payload.ts';
import { formatBytes, withProgress } from './progress.ts';

export function backupCommand(): Command {
  const backup = new Command('backup').description('Interact with the backup utility');

  backup.command('export')
    .description('Export the database to a file (written by the node)')
    .argument('<path>', 'output file')
    .option('-c, --collections <names>', 'collections to export (comma separated, repeatable)', collect)
    .option('-p, --pretty', 'pretty-print the JSON', false)
    .option('-f, --format <format>', 'json or car', 'json')
    .action(async (path: string, o: { collections?: string[]; pretty: boolean; format: string }, cmd: Command) => {
      if (o.format !== 'json' && o.format !== 'car') throw new CliError(`invalid file format: ${o.format}`);
      // The node writes the file, so send an absolute path (relative to where the CLI runs).
      const filepath = resolve(path);
      await withProgress(`exporting ${o.format.toUpperCase()} backup to ${basename(filepath)}`, () => apiClient(cmd).call('POST', '/backup/export', {
        json: { filepath, format: o.format, pretty: o.pretty, collections: listArg(o.collections) },
      }));
    });

  backup.command('import')
    .description('Import a backup file into the database (JSON, or CAR detected by content)')
    .argument('<path>', 'backup file')
    .action(async (path: string, _o: unknown, cmd: Command) => {
      const filepath = resolve(path);
      let size = '';
      try { size = ` (${formatBytes(statSync(filepath).size)})`; } catch { /* the node may see another filesystem */ }
      await withProgress(`importing ${basename(filepath)}${size}`, () => apiClient(cmd).call('POST', '/backup/import', { json: { filepath } }));
    });
  return backup;
}

export function txCommand(): Command {
  const tx = new Command('tx').description('Create, commit, and discard DefraDB transactions');

  tx.command('create')
    .description('Create a new transaction; prints {"id": N}')
    .option('--concurrent', 'transaction is concurrent', false)
    .option('--read-only', 'transaction is read only', false)
    .action(async (o: { concurrent: boolean; readOnly: boolean }, cmd: Command) => {
      output().json(await apiClient(cmd).call('POST', o.concurrent ? '/tx/concurrent' : '/tx', {
        query: { read_only: o.readOnly ? 'true' : undefined },
      }));
    });

  tx.command('commit')
    .description('Commit a transaction')
    .argument('<id>', 'transaction id')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await apiClient(cmd).call('POST', `/tx/${encodeURIComponent(id)}`);
    });

  tx.command('discard')
    .description('Discard a transaction')
    .argument('<id>', 'transaction id')
    .action(async (id: string, _o: unknown, cmd: Command) => {
      await apiClient(cmd).call('DELETE', `/tx/${encodeURIComponent(id)}`);
    });
  return tx;
}
