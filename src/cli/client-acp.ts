// `defradb client acp …` (document and node access control). The commands' own help in
// DefraDB shows `acp policy add` / `acp relationship …` without `document`; both spellings work.
import { Command } from 'commander';
import { apiClient, output } from './context.ts';
import { readPayload } from './payload.ts';

function policyCommand(): Command {
  const policy = new Command('policy').description('Interact with the document access control policies');
  policy.command('add')
    .description('Add a policy (YAML or JSON); needs an identity (-i)')
    .argument('[policy]', 'the policy, or - for stdin')
    .option('-f, --file <file>', 'file containing the policy')
    .action(async (text: string | undefined, o: { file?: string }, cmd: Command) => {
      const p = await readPayload({ arg: text, files: o.file, what: 'policy', stdinWhenEmpty: true });
      output().json(await apiClient(cmd).call('POST', '/acp/document/policy', { text: p }));
    });
  return policy;
}

function docRelationshipCommand(): Command {
  const rel = new Command('relationship').description('Interact with document actor relationships');
  for (const [verb, method] of [['add', 'POST'], ['delete', 'DELETE']] as const) {
    rel.command(verb)
      .description(`${verb === 'add' ? 'Add' : 'Delete'} a relationship between an actor and a document`)
      .requiredOption('-c, --collection <name>', 'collection name')
      .requiredOption('--docID <docID>', 'document id')
      .requiredOption('-r, --relation <relation>', 'relation name')
      .requiredOption('-a, --actor <did>', 'target actor DID, or *')
      .action(async (o: { collection: string; docID: string; relation: string; actor: string }, cmd: Command) => {
        output().json(await apiClient(cmd).call(method, '/acp/document/relationship', {
          json: { CollectionName: o.collection, DocID: o.docID, Relation: o.relation, TargetActor: o.actor },
        }));
      });
  }
  return rel;
}

function nodeCommand(): Command {
  const node = new Command('node').description('Interact with the node access control system');
  const rel = node.command('relationship').description('Interact with node actor relationships');
  for (const [verb, method] of [['add', 'POST'], ['delete', 'DELETE']] as const) {
    rel.command(verb)
      .description(`${verb === 'add' ? 'Add' : 'Delete'} a node relationship for an actor`)
      .requiredOption('-r, --relation <relation>', 'relation name (e.g. admin)')
      .requiredOption('-a, --actor <did>', 'target actor DID')
      .action(async (o: { relation: string; actor: string }, cmd: Command) => {
        output().json(await apiClient(cmd).call(method, '/acp/node/relationship', { json: { Relation: o.relation, TargetActor: o.actor } }));
      });
  }
  for (const [verb, path] of [['disable', '/acp/node/disable'], ['re-enable', '/acp/node/re-enable']] as const) {
    node.command(verb)
      .description(`${verb === 'disable' ? 'Temporarily disable' : 'Re-enable'} node access control`)
      .action(async (_o: unknown, cmd: Command) => {
        await apiClient(cmd).call('POST', path);
        output().json({ success: true });
      });
  }
  node.command('status')
    .description('Show the node access control status')
    .action(async (_o: unknown, cmd: Command) => { output().json(await apiClient(cmd).call('GET', '/acp/node/status')); });
  return node;
}

export function acpCommand(): Command {
  const acp = new Command('acp').description('Interact with the access control system of a DefraDB node');
  const document = new Command('document').description('Interact with document access control');
  document.addCommand(policyCommand());
  document.addCommand(docRelationshipCommand());
  acp.addCommand(document);
  acp.addCommand(nodeCommand());
  // Short spellings from DefraDB's help examples.
  acp.addCommand(policyCommand());
  acp.addCommand(docRelationshipCommand());
  return acp;
}
