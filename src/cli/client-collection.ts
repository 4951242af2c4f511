// `defradb client collection …`: document CRUD on one collection, chosen by --name,
// --collection-id or --version-id (persistent flags of the group, as in DefraDB).
import { Command } from 'commander';
import type { ApiClient } from './api-client.ts';
import { apiClient, output } from './context.ts';
import { CliError, parseJSONArg } from './output.ts';
import { readPayload } from './payload.ts';
import { schemaAddCommand } from './client-schema.ts';

interface Selector { name?: string; collectionId?: string; versionId?: string; getInactive?: boolean }

const selectorQuery = (o: Selector) => ({
  name: o.name, collection_id: o.collectionId, version_id: o.versionId, get_inactive: o.getInactive ? 'true' : undefined,
});

/** Resolves the one collection the flags name; DefraDB requires exactly one. */
async function collectionName(api: ApiClient, o: Selector): Promise<string> {
  if (!o.name && !o.collectionId && !o.versionId) {
    throw new CliError('a collection is required: use --name, --collection-id or --version-id');
  }
  const defs = await api.call('GET', '/collections', { query: selectorQuery(o) }) as { version: { Name: string } }[] | undefined;
  const names = [...new Set((defs ?? []).map((d) => d.version.Name))];
  if (names.length === 0) throw new CliError('collection not found');
  if (names.length > 1) throw new CliError(`the flags match several collections: ${names.join(', ')}`);
  return names[0]!;
}

const docPath = (name: string, docID?: string) =>
  `/collections/${encodeURIComponent(name)}${docID ? `/${encodeURIComponent(docID)}` : ''}`;

export function collectionCommand(): Command {
  const col = new Command('collection')
    .description('Interact with a collection')
    .option('--name <name>', 'collection name')
    .option('--collection-id <id>', 'collection id')
    .option('--version-id <id>', 'collection version id')
    .option('--get-inactive', 'include inactive collection versions', false);

  // DefraDB 1.0 docs: `client collection add '<SDL>'` adds collections (v0.19: `schema add`).
  col.addCommand(schemaAddCommand('add').description('Add new collections from GraphQL SDL types (alias of schema add)'));

  col.command('create')
    .description('Create a new document (a JSON object) or documents (a JSON array)')
    .argument('[document]', 'JSON document(s), or - for stdin')
    .option('-f, --file <file>', 'file containing the document(s)')
    .option('-e, --encrypt', 'encrypt the document', false)
    .option('--encrypt-fields <fields>', 'comma separated fields to encrypt')
    .addHelpText('after', `
Example: create from an argument
  defradb client collection create --name User '{"name": "Bob"}'
Example: create several
  defradb client collection create --name User '[{"name": "Alice"}, {"name": "Bob"}]'`)
    .action(async (document: string | undefined, o: { file?: string; encrypt: boolean; encryptFields?: string }, cmd: Command) => {
      const api = apiClient(cmd);
      const name = await collectionName(api, cmd.optsWithGlobals());
      const doc = parseJSONArg(await readPayload({ arg: document, files: o.file, what: 'document', stdinWhenEmpty: true }), 'document');
      if (doc === null || typeof doc !== 'object') throw new CliError('invalid document: expected a JSON object or array');
      await api.call('POST', docPath(name), {
        json: doc, query: { encrypt: o.encrypt ? 'true' : undefined, encryptFields: o.encryptFields },
      });
    });

  col.command('get')
    .description('View document fields')
    .argument('<docID>', 'document id')
    .option('--show-deleted', 'show deleted documents', false)
    .action(async (docID: string, o: { showDeleted: boolean }, cmd: Command) => {
      const api = apiClient(cmd);
      const name = await collectionName(api, cmd.optsWithGlobals());
      output().json(await api.call('GET', docPath(name, docID), { query: { show_deleted: o.showDeleted ? 'true' : undefined } }));
    });

  col.command('docIDs')
    .alias('docids')
    .description('List all document IDs')
    .action(async (_o: unknown, cmd: Command) => {
      const api = apiClient(cmd);
      const name = await collectionName(api, cmd.optsWithGlobals());
      for await (const item of api.events('GET', docPath(name))) output().json(item);
    });

  col.command('update')
    .description('Update documents by docID or filter')
    .option('--docID <docID>', 'document id')
    .option('--filter <json>', 'document filter')
    .option('--updater <json>', 'document updater (JSON merge object)')
    .action(async (o: { docID?: string; filter?: string; updater?: string }, cmd: Command) => {
      const api = apiClient(cmd);
      const name = await collectionName(api, cmd.optsWithGlobals());
      if (!o.updater) throw new CliError('--updater is required');
      if (o.docID) {
        await api.call('PATCH', docPath(name, o.docID), { json: parseJSONArg(o.updater, 'updater') });
      } else if (o.filter) {
        parseJSONArg(o.updater, 'updater');
        output().json(await api.call('PATCH', docPath(name), { json: { filter: parseJSONArg(o.filter, 'filter'), updater: o.updater } }));
      } else {
        throw new CliError('document id or filter must be defined');
      }
    });

  col.command('delete')
    .description('Delete documents by docID or filter')
    .option('--docID <docID>', 'document id')
    .option('--filter <json>', 'document filter')
    .action(async (o: { docID?: string; filter?: string }, cmd: Command) => {
      const api = apiClient(cmd);
      const name = await collectionName(api, cmd.optsWithGlobals());
      if (o.docID) {
        await api.call('DELETE', docPath(name, o.docID));
      } else if (o.filter) {
        output().json(await api.call('DELETE', docPath(name), { json: { filter: parseJSONArg(o.filter, 'filter') } }));
      } else {
        throw new CliError('document id or filter must be defined');
      }
    });

  col.command('describe')
    .description('View collection descriptions')
    .action(async (_o: unknown, cmd: Command) => {
      output().json(await apiClient(cmd).call('GET', '/collections', { query: selectorQuery(cmd.optsWithGlobals()) }));
    });

  col.command('patch')
    .description('Patch existing collection descriptions (JSON patch keyed by version id)')
    .argument('[patch]', 'JSON patch, or - for stdin')
    .option('-p, --patch-file <file>', 'file with the patch')
    .action(async (patch: string | undefined, o: { patchFile?: string }, cmd: Command) => {
      const p = await readPayload({ arg: patch, files: o.patchFile, what: 'patch', stdinWhenEmpty: true });
      parseJSONArg(p, 'patch');
      // The route takes the patch double-encoded: a JSON string whose content is the patch.
      await apiClient(cmd).call('PATCH', '/collections', { json: p });
    });
  return col;
}
