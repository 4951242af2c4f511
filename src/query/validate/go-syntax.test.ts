import { it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'graphql';
import { goSyntaxMessage } from './go-syntax.ts';

const msg = (text: string): string | undefined => {
  try { parse(text); return undefined; } catch (e) { return goSyntaxMessage(e, text); }
};

it('goSyntaxMessage: graphql-go prefix and position, empty braces at the opening one', () => {
  assert.equal(msg('mutation {\n\t\t\t\t\tdelete_User{\n\n\t\t\t\t\t}\n\t\t\t\t}'), 'Syntax Error GraphQL request (2:17) Unexpected empty IN {}');
  assert.equal(msg('query { a(b: 1 }'), 'Syntax Error GraphQL request (1:16) Expected Name, found "}"');
  assert.equal(goSyntaxMessage(new Error('x'), ''), undefined);
});
