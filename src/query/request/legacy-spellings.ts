// The early README's spellings, accepted as hidden aliases by rewriting the parsed request
// before validation (introspection keeps showing only the current names):
//   `_key` (selection or filter field)      → `_docID` (selected as `_key: _docID`)
//   `dockey:` / `dockeys:` / `docIDs:` arg  → `docID:`
//   `create_X(data: "<JSON string>")`       → `create_X(input: <the JSON as a literal>)`
// A name is only rewritten where the schema does not define it.

import { getNamedType, GraphQLError, isInputObjectType, Kind, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import type { ArgumentNode, DocumentNode, FieldNode, GraphQLSchema, ObjectFieldNode, ValueNode } from 'graphql';

const DOCID_ARG_ALIASES = new Set(['dockey', 'dockeys', 'docIDs']);
const quick = /_key|dockey|docIDs|data\s*:/;

export function rewriteLegacySpellings(schema: GraphQLSchema, doc: DocumentNode, text: string): DocumentNode {
  if (!quick.test(text)) return doc;
  const info = new TypeInfo(schema);
  return visit(doc, visitWithTypeInfo(info, {
    Field(node: FieldNode): FieldNode | undefined {
      const parent = info.getParentType();
      if (node.name.value !== '_key' || !parent || !('getFields' in parent)) return undefined;
      const fields = parent.getFields();
      if (fields['_key'] || !fields['_docID']) return undefined;
      return { ...node, alias: node.alias ?? node.name, name: { ...node.name, value: '_docID' } };
    },
    Argument(node: ArgumentNode): ArgumentNode | undefined {
      const field = info.getFieldDef();
      if (!field) return undefined;
      const has = (n: string): boolean => field.args.some((a) => a.name === n);
      const name = node.name.value;
      if (DOCID_ARG_ALIASES.has(name) && !has(name) && has('docID')) {
        return { ...node, name: { ...node.name, value: 'docID' } };
      }
      if (name === 'data' && !has('data') && has('input') && node.value.kind === Kind.STRING) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(node.value.value);
        } catch (e) {
          throw new GraphQLError(`invalid JSON in "data": ${(e as Error).message}`);
        }
        return { ...node, name: { ...node.name, value: 'input' }, value: jsonToLiteral(parsed) };
      }
      return undefined;
    },
    ObjectField(node: ObjectFieldNode): ObjectFieldNode | undefined {
      if (node.name.value !== '_key') return undefined;
      const parent = info.getParentInputType();
      const named = parent && getNamedType(parent);
      if (!named || !isInputObjectType(named)) return undefined;
      const fields = named.getFields();
      if (fields['_key'] || !fields['_docID']) return undefined;
      return { ...node, name: { ...node.name, value: '_docID' } };
    },
  }));
}

/** A JSON value as a GraphQL value literal. */
function jsonToLiteral(v: unknown): ValueNode {
  if (v === null) return { kind: Kind.NULL };
  if (Array.isArray(v)) return { kind: Kind.LIST, values: v.map(jsonToLiteral) };
  switch (typeof v) {
    case 'string': return { kind: Kind.STRING, value: v };
    case 'boolean': return { kind: Kind.BOOLEAN, value: v };
    case 'number': return Number.isInteger(v) ? { kind: Kind.INT, value: String(v) } : { kind: Kind.FLOAT, value: String(v) };
    default: return {
      kind: Kind.OBJECT,
      fields: Object.entries(v as Record<string, unknown>).map(([k, x]) => ({
        kind: Kind.OBJECT_FIELD, name: { kind: Kind.NAME, value: k }, value: jsonToLiteral(x),
      })),
    };
  }
}
