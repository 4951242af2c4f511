import { test } from 'node:test';
import assert from 'node:assert/strict';
import { graphqlSync, printSchema } from 'graphql';
import { generateSchema } from './generate.ts';
import { sdlDefinitions } from '../testing/sdl-definitions.ts';

const sdl = `
  type Book { name: String rating: Float pages: [Int!] author: Author }
  type Author { name: String age: Int books: [Book] }
`;

test('generates DefraDB names for one-to-many collections', () => {
  const { schema } = generateSchema(sdlDefinitions(sdl));
  const text = printSchema(schema);
  for (const name of [
    'input BookFilterArg', 'input AuthorOrderArg', 'enum BookField', 'input BookMutationInputArg',
    'input Book__pages__NumericSelector', 'input Author__CountSelector', 'enum BookNumericFieldsArg',
    'IntListOperatorBlock', 'Float64OperatorBlock', 'type Commit', 'directive @explain',
  ]) assert.ok(text.includes(name), name);
  const r = graphqlSync({ schema, source: '{ __type(name: "BookFilterArg") { inputFields { name type { name } } } }' });
  const fields = (r.data as any).__type.inputFields.map((f: any) => `${f.name}:${f.type.name}`);
  assert.deepEqual(fields, [
    '_alias:JSON', '_and:null', '_docID:IDOperatorBlock', '_not:BookFilterArg', '_or:null', 'author:AuthorFilterArg',
    'author_id:IDOperatorBlock', 'name:StringOperatorBlock', 'pages:NotNullIntListOperatorBlock', 'rating:Float64OperatorBlock',
  ]);
});

test('mutation input holds only the primary side of relations', () => {
  const { schema } = generateSchema(sdlDefinitions(sdl));
  const author = schema.getType('AuthorMutationInputArg') as any;
  assert.deepEqual(Object.keys(author.getFields()), ['age', 'name']);
  const book = schema.getType('BookMutationInputArg') as any;
  assert.deepEqual(Object.keys(book.getFields()), ['author', 'author_id', 'name', 'pages', 'rating']);
  assert.ok(schema.getMutationType()!.getFields()['create_Book']);
});
