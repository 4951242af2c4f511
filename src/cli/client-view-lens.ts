// `defradb client view add|refresh` and `client lens set|set-registry|up|down|reload`.
import { Command } from 'commander';
import { apiClient, output } from './context.ts';
import { parseJSONArg } from './output.ts';
import { readPayload } from './payload.ts';

export function viewCommand(): Command {
  const view = new Command('view').description('Manage views within a running DefraDB instance');
  view.command('add')
    .description('Add a new view: a query and the SDL of its output type')
    .argument('<query>', 'the view query')
    .argument('<sdl>', 'SDL of the view type')
    .argument('[transform]', 'lens transform JSON, or - for stdin')
    .option('-f, --file <file>', 'file with the lens transform')
    .action(async (query: string, sdl: string, transform: string | undefined, o: { file?: string }, cmd: Command) => {
      let lens: unknown = null;
      if (o.file || transform !== undefined) lens = parseJSONArg(await readPayload({ arg: transform, files: o.file, what: 'transform' }), 'transform');
      output().json(await apiClient(cmd).call('POST', '/view', { json: { Query: query, SDL: sdl, Transform: lens } }));
    });
  view.command('refresh')
    .description('Refresh materialized views')
    .option('--name <name>', 'view name')
    .option('--collection-id <id>', 'collection id')
    .option('--version-id <id>', 'version id')
    .option('--get-inactive', 'include inactive versions', false)
    .action(async (o: { name?: string; collectionId?: string; versionId?: string; getInactive: boolean }, cmd: Command) => {
      await apiClient(cmd).call('POST', '/view/refresh', {
        query: { name: o.name, collection_id: o.collectionId, version_id: o.versionId, get_inactive: o.getInactive ? 'true' : undefined },
      });
    });
  return view;
}

export function lensCommand(): Command {
  const lens = new Command('lens').description('Interact with the schema migration system of a running DefraDB instance');
  lens.command('set')
    .description('Set a schema migration between two schema versions')
    .argument('<src>', 'source schema version id')
    .argument('<dst>', 'destination schema version id')
    .argument('[cfg]', 'lens configuration JSON, or - for stdin')
    .option('-f, --file <file>', 'file with the lens configuration')
    .action(async (src: string, dst: string, cfg: string | undefined, o: { file?: string }, cmd: Command) => {
      const l = parseJSONArg(await readPayload({ arg: cfg, files: o.file, what: 'lens configuration', stdinWhenEmpty: true }), 'lens');
      await apiClient(cmd).call('POST', '/lens', { json: { SourceSchemaVersionID: src, DestinationSchemaVersionID: dst, Lens: l } });
    });
  lens.command('set-registry')
    .description('Set a schema migration in the in-memory registry')
    .argument('<collectionID>', 'collection id')
    .argument('<cfg>', 'lens configuration JSON')
    .action(async (collectionID: string, cfg: string, _o: unknown, cmd: Command) => {
      await apiClient(cmd).call('POST', '/lens/registry', { json: { CollectionID: collectionID, Config: parseJSONArg(cfg, 'lens') } });
    });
  for (const dir of ['up', 'down'] as const) {
    lens.command(dir)
      .description(`Migrate documents ${dir} with the collection's registered migration`)
      .requiredOption('--collection <collectionID>', 'collection id')
      .argument('[documents]', 'JSON array of documents, or - for stdin')
      .option('-f, --file <file>', 'file with the documents')
      .action(async (docs: string | undefined, o: { collection: string; file?: string }, cmd: Command) => {
        const data = parseJSONArg(await readPayload({ arg: docs, files: o.file, what: 'documents', stdinWhenEmpty: true }), 'documents');
        output().json(await apiClient(cmd).call('POST', `/lens/registry/${encodeURIComponent(o.collection)}/${dir}`, {
          json: { CollectionID: o.collection, Data: data },
        }));
      });
  }
  lens.command('reload')
    .description('Reload the lens registry')
    .action(async (_o: unknown, cmd: Command) => { await apiClient(cmd).call('POST', '/lens/registry/reload'); });
  return lens;
}
