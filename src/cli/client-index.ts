// `defradb client index create|list|drop`.
import { Command } from 'commander';
import { apiClient, output } from './context.ts';
import { CliError } from './output.ts';
import { listArg } from './payload.ts';

const indexesPath = (c: string) => `/collections/${encodeURIComponent(c)}/indexes`;

/** `name`, `name:ASC`, `name:DESC` → `{Name, Descending}`. */
export function parseIndexField(f: string): { Name: string; Descending: boolean } {
  const [name, dir, ...rest] = f.split(':');
  const d = (dir ?? 'ASC').toUpperCase();
  if (!name || rest.length || (d !== 'ASC' && d !== 'DESC')) throw new CliError(`invalid index field: ${f}`);
  return { Name: name, Descending: d === 'DESC' };
}

export function indexCommand(): Command {
  const index = new Command('index').description('Manage collections\' indexes of a running DefraDB instance');

  index.command('create')
    .description('Create a secondary index on a collection\'s field(s)')
    .requiredOption('-c, --collection <name>', 'collection name')
    .requiredOption('--fields <fields>', 'fields to index, e.g. name,age:DESC')
    .option('-n, --name <name>', 'index name')
    .option('-u, --unique', 'make the index unique', false)
    .action(async (o: { collection: string; fields: string; name?: string; unique: boolean }, cmd: Command) => {
      const fields = listArg(o.fields).map(parseIndexField);
      if (fields.length === 0) throw new CliError('at least one field is required');
      output().json(await apiClient(cmd).call('POST', indexesPath(o.collection), {
        json: { Name: o.name ?? '', Fields: fields, Unique: o.unique },
      }));
    });

  index.command('list')
    .description('Show all indexes, or those of one collection')
    .option('-c, --collection <name>', 'collection name')
    .action(async (o: { collection?: string }, cmd: Command) => {
      const api = apiClient(cmd);
      output().json(await api.call('GET', o.collection ? indexesPath(o.collection) : '/collections/indexes'));
    });

  index.command('drop')
    .description('Drop a collection\'s secondary index')
    .requiredOption('-c, --collection <name>', 'collection name')
    .requiredOption('-n, --name <name>', 'index name')
    .action(async (o: { collection: string; name: string }, cmd: Command) => {
      await apiClient(cmd).call('DELETE', `${indexesPath(o.collection)}/${encodeURIComponent(o.name)}`);
    });
  return index;
}
