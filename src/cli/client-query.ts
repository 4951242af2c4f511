// `defradb client query`: POST /graphql. The results header goes to stderr (cobra's cmd.Print),
// so `defradb client query … | jq` works as the docs show.
import { Command } from 'commander';
import { apiClient, output } from './context.ts';
import { errorMessage, readEvents } from './api-client.ts';
import { CliError, parseJSON, parseJSONArg } from './output.ts';
import { readPayload } from './payload.ts';

export const REQ_RESULTS_HEADER = '------ Request Results ------';
export const SUB_RESULTS_HEADER = '------ Subscription Results ------';

export function queryCommand(): Command {
  return new Command('query')
    .description('Send a DefraDB GraphQL query request')
    .argument('[query]', 'the request, or - for stdin')
    .option('-f, --file <file>', 'file containing the request')
    .option('-o, --operation <name>', 'name of the operation to execute')
    .option('-v, --variables <json>', 'JSON object of variables')
    .addHelpText('after', `
Example: query from an argument
  defradb client query 'query { User { name } }'
Example: query from a file, with variables
  defradb client query -f request.graphql -v '{"id": "bae-…"}'
Example: query from stdin
  cat request.graphql | defradb client query -`)
    .action(async (query: string | undefined, o: { file?: string; operation?: string; variables?: string }, cmd: Command) => {
      const request = await readPayload({ arg: query, files: o.file, what: 'request', stdinWhenEmpty: true });
      const body: Record<string, unknown> = { query: request };
      if (o.operation) body.operationName = o.operation;
      if (o.variables) body.variables = parseJSONArg(o.variables, 'variables');
      const res = await apiClient(cmd).fetch('POST', '/graphql', { json: body });
      const out = output();
      if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
        out.note(SUB_RESULTS_HEADER);
        for await (const ev of readEvents(res)) out.json(ev);
        return;
      }
      const text = await res.text();
      if (!res.ok) throw new CliError(errorMessage(res.status, text));
      out.note(REQ_RESULTS_HEADER);
      out.json(parseJSON(text));
    });
}
