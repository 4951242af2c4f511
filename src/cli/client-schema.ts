// `defradb client schema …` (and the 1.0 docs' `client collection add`).
import { Command } from 'commander';
import { apiClient, output } from './context.ts';
import { parseJSONArg } from './output.ts';
import { collect, readPayload } from './payload.ts';

/** `schema add [sdl|-] [-f file …]`: POST /schema, prints the new [CollectionVersion]. */
export function schemaAddCommand(name = 'add'): Command {
  return new Command(name)
    .description('Add new schema (GraphQL SDL types)')
    .argument('[schema]', 'SDL, or - to read stdin')
    .option('-f, --file <file>', 'file(s) with SDL (repeatable or comma separated)', collect)
    .addHelpText('after', `
Example: add from an argument
  defradb client schema add 'type Foo { bar: String }'
Example: add from a file
  defradb client schema add -f schema.graphql
Example: add from stdin
  cat schema.graphql | defradb client schema add -`)
    .action(async (schema: string | undefined, o: { file?: string[] }, cmd: Command) => {
      const sdl = await readPayload({ arg: schema, files: o.file, what: 'schema', stdinWhenEmpty: true });
      output().json(await apiClient(cmd).call('POST', '/schema', { text: sdl }));
    });
}

export function schemaCommand(): Command {
  const schema = new Command('schema').description('Interact with the schema system of a DefraDB node');
  schema.addCommand(schemaAddCommand());

  schema.command('patch')
    .description('Patch an existing schema type (JSON patch keyed by schema name)')
    .argument('[patch]', 'JSON patch, or - for stdin')
    .argument('[lens]', 'lens migration JSON')
    .option('-p, --patch-file <file>', 'file with the patch')
    .option('-t, --lens-file <file>', 'file with the lens migration')
    .option('--set-active', 'set the new schema version as the active one', false)
    .action(async (patch: string | undefined, lens: string | undefined, o: { patchFile?: string; lensFile?: string; setActive: boolean }, cmd: Command) => {
      const p = await readPayload({ arg: patch, files: o.patchFile, what: 'patch', stdinWhenEmpty: true });
      let migration: unknown = null;
      if (o.lensFile || lens !== undefined) {
        migration = parseJSONArg(await readPayload({ arg: lens, files: o.lensFile, what: 'lens' }), 'lens');
      }
      await apiClient(cmd).call('PATCH', '/schema', { json: { Patch: p, SetAsDefaultVersion: o.setActive, Migration: migration } });
    });

  schema.command('set-active')
    .description('Set the active schema version')
    .argument('<versionID>', 'schema version id')
    .action(async (versionID: string, _o: unknown, cmd: Command) => {
      await apiClient(cmd).call('POST', '/schema/default', { text: versionID });
    });

  schema.command('describe')
    .description('View schema descriptions')
    .option('--name <name>', 'schema name')
    .option('--root <root>', 'schema root')
    .option('--version <version>', 'schema version id')
    .action(async (o: { name?: string; root?: string; version?: string }, cmd: Command) => {
      output().json(await apiClient(cmd).call('GET', '/schema', { query: { name: o.name, root: o.root, version_id: o.version } }));
    });
  return schema;
}
