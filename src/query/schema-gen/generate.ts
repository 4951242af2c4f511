// Builds the GraphQL schema for a set of collection definitions: per-collection types plus the
// root Query / Mutation / Subscription fields. Cached by the source's definitions key.

import {
  GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, specifiedDirectives, validateSchema,
} from 'graphql';
import type { GraphQLFieldConfigArgumentMap, GraphQLFieldConfigMap } from 'graphql';
import type { CollectionDefinition } from '../../client/index.ts';
import { buildModel } from '../model/collection-model.ts';
import type { Model } from '../model/collection-model.ts';
import {
  CommitFieldsEnum, CommitsOrderArg, CommitType, CRDTTypeEnum, ExplainDirective, sortKeys,
} from './builtins.ts';
import { buildCollectionTypes } from './collection-types.ts';
import type { CollectionTypes } from './collection-types.ts';
import {
  GraphQLBlob, GraphQLBoolean, GraphQLDateTime, GraphQLFloat32, GraphQLFloat64, GraphQLID, GraphQLInt64, GraphQLJSON,
  GraphQLString,
} from './scalars.ts';

export interface GeneratedSchema {
  readonly schema: GraphQLSchema;
  readonly model: Model;
  readonly types: ReadonlyMap<string, CollectionTypes>;
}

export function generateSchema(defs: readonly CollectionDefinition[]): GeneratedSchema {
  const model = buildModel(defs);
  const types = buildCollectionTypes(model);
  const listArgs = (t: CollectionTypes): GraphQLFieldConfigArgumentMap => ({
    cid: { type: GraphQLString },
    docID: { type: new GraphQLList(new GraphQLNonNull(GraphQLString)) },
    filter: { type: t.filter },
    groupBy: { type: new GraphQLList(new GraphQLNonNull(t.field)) },
    limit: { type: GraphQLInt64 },
    offset: { type: GraphQLInt64 },
    order: { type: new GraphQLList(t.order) },
    showDeleted: { type: GraphQLBoolean },
  });

  const query: GraphQLFieldConfigMap<unknown, unknown> = {};
  const mutation: GraphQLFieldConfigMap<unknown, unknown> = {};
  const subscription: GraphQLFieldConfigMap<unknown, unknown> = {};
  const countArgs: GraphQLFieldConfigArgumentMap = {};
  const numArgs: GraphQLFieldConfigArgumentMap = {};
  for (const c of model.collections) {
    if (c.isEmbedded) continue;
    const t = types.get(c.name)!;
    query[c.name] = { type: new GraphQLList(t.object), args: listArgs(t) };
    subscription[c.name] = { type: new GraphQLList(t.object), args: listArgs(t) };
    countArgs[c.name] = { type: t.countSelector };
    numArgs[c.name] = { type: t.numericSelector };
    if (!t.mutationInput) continue;
    const input = t.mutationInput;
    const out = new GraphQLList(t.object);
    mutation[`create_${c.name}`] = {
      type: out,
      args: {
        encrypt: { type: GraphQLBoolean },
        ...(t.explicitField ? { encryptFields: { type: new GraphQLList(new GraphQLNonNull(t.explicitField)) } } : {}),
        input: { type: new GraphQLList(new GraphQLNonNull(input)) },
      },
    };
    mutation[`update_${c.name}`] = {
      type: out,
      args: { docID: { type: new GraphQLList(GraphQLID) }, filter: { type: t.filter }, input: { type: input } },
    };
    mutation[`delete_${c.name}`] = {
      type: out,
      args: { docID: { type: new GraphQLList(GraphQLID) }, filter: { type: t.filter } },
    };
    mutation[`upsert_${c.name}`] = {
      type: out,
      args: {
        create: { type: new GraphQLNonNull(input) }, filter: { type: new GraphQLNonNull(t.filter) },
        update: { type: new GraphQLNonNull(input) },
      },
    };
  }
  const commitsArgs: GraphQLFieldConfigArgumentMap = {
    cid: { type: GraphQLID }, depth: { type: GraphQLInt64 }, docID: { type: GraphQLID }, fieldName: { type: GraphQLString },
    groupBy: { type: new GraphQLList(new GraphQLNonNull(CommitFieldsEnum)) }, limit: { type: GraphQLInt64 },
    offset: { type: GraphQLInt64 }, order: { type: new GraphQLList(CommitsOrderArg) },
  };
  const latestArgs: GraphQLFieldConfigArgumentMap = {
    docID: { type: GraphQLID }, fieldName: { type: GraphQLString },
  };
  query['commits'] = { type: new GraphQLList(CommitType), args: commitsArgs };
  query['latestCommits'] = { type: new GraphQLList(CommitType), args: latestArgs };
  query['_commits'] = { type: new GraphQLList(CommitType), args: commitsArgs };
  query['_latestCommits'] = { type: new GraphQLList(CommitType), args: latestArgs };
  query['_count'] = { type: GraphQLInt64, args: countArgs };
  for (const agg of ['_avg', '_max', '_min', '_sum']) query[agg] = { type: GraphQLFloat64Root, args: numArgs };
  query['_'] = { type: GraphQLBoolean };

  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: sortKeys(query) }),
    mutation: Object.keys(mutation).length ? new GraphQLObjectType({ name: 'Mutation', fields: sortKeys(mutation) }) : undefined,
    subscription: Object.keys(subscription).length
      ? new GraphQLObjectType({ name: 'Subscription', fields: sortKeys(subscription) }) : undefined,
    directives: [...specifiedDirectives, ExplainDirective],
    types: [
      GraphQLBlob, GraphQLDateTime, GraphQLFloat32, GraphQLFloat64, GraphQLID, GraphQLInt64, GraphQLJSON, CRDTTypeEnum,
      ...[...types.values()].flatMap((t) => [t.object, t.filter, t.order] as (GraphQLObjectType | GraphQLInputObjectType)[]),
    ],
  });
  tolerateEmptyInputs(schema);
  return { schema, model, types };
}

/**
 * graphql-go (DefraDB) accepts input objects without fields (the mutation input of a type with
 * no writable field); graphql-js rejects the whole schema. Cache the validation result without
 * that one rule so such schemas stay usable; any other schema error still surfaces.
 */
function tolerateEmptyInputs(schema: GraphQLSchema): void {
  const errors = validateSchema(schema).filter((e) => !/^Input Object type \S+ must define one or more fields\.$/.test(e.message));
  (schema as unknown as { __validationErrors: readonly unknown[] }).__validationErrors = errors;
}

// Root aggregates are declared as Float like nested ones.
import { GraphQLFloat as GraphQLFloat64Root } from 'graphql';

const cache = new Map<string, GeneratedSchema>();

/** The schema for `key`, generated once; keeps the few most recent keys. */
export function schemaFor(key: string, defs: () => readonly CollectionDefinition[]): GeneratedSchema {
  let s = cache.get(key);
  if (s) return s;
  s = generateSchema(defs());
  if (cache.size >= 16) cache.delete(cache.keys().next().value!);
  cache.set(key, s);
  return s;
}
