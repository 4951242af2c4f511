// Per-collection GraphQL types: the object type, filter/order inputs, groupBy and numeric field
// enums, aggregate selectors and mutation inputs, named exactly as DefraDB names them.

import {
  GraphQLEnumType, GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLObjectType,
} from 'graphql';
import type {
  GraphQLFieldConfigArgumentMap, GraphQLFieldConfigMap, GraphQLInputFieldConfigMap, GraphQLInputType, GraphQLOutputType,
} from 'graphql';
import { arrayElementKind, FieldKind, isArrayKind } from '../../client/index.ts';
import type { ScalarKind } from '../../client/index.ts';
import type { CollectionModel, Model, ScalarField } from '../model/collection-model.ts';
import {
  CommitType, leafFilterArg, listOperatorBlock, operatorBlock, OrderingEnum, scalarByKind, sortKeys,
} from './builtins.ts';
import { GraphQLBoolean, GraphQLFloat, GraphQLID, GraphQLInt64, GraphQLJSON } from './scalars.ts';

export interface CollectionTypes {
  object: GraphQLObjectType;
  filter: GraphQLInputObjectType;
  order: GraphQLInputObjectType;
  field: GraphQLEnumType;
  explicitField: GraphQLEnumType | undefined;
  countSelector: GraphQLInputObjectType;
  numericSelector: GraphQLInputObjectType;
  mutationInput: GraphQLInputObjectType | undefined;
}

const numericKinds = new Set<number>([FieldKind.Int, FieldKind.Float64, FieldKind.Float32]);
const notNullArrays = new Set<number>([3, 5, 7, 9, 12]);
/** [Int!], [Float64!], [Float32!]: the vector kinds `_similarity` accepts. */
const similarityKinds = new Set<number>([FieldKind.IntArray, FieldKind.Float64Array, FieldKind.Float32Array]);

export const isNumericArray = (k: ScalarKind): boolean => isArrayKind(k) && numericKinds.has(arrayElementKind[k]!);

/** Output/input GraphQL type of a scalar field. */
export function scalarType(k: ScalarKind): GraphQLOutputType & GraphQLInputType {
  const el = arrayElementKind[k];
  if (el === undefined) return scalarByKind[k]!;
  return new GraphQLList(notNullArrays.has(k) ? new GraphQLNonNull(scalarByKind[el]!) : scalarByKind[el]!);
}

export function buildCollectionTypes(model: Model): Map<string, CollectionTypes> {
  const out = new Map<string, CollectionTypes>();
  const get = (name: string): CollectionTypes => out.get(name)!;
  for (const c of model.collections) out.set(c.name, makeTypes(c, get));
  return out;
}

function makeTypes(c: CollectionModel, get: (n: string) => CollectionTypes): CollectionTypes {
  const n = c.name;
  const scalars = c.fields.filter((f): f is ScalarField => f.kind === 'scalar');

  const filter: GraphQLInputObjectType = new GraphQLInputObjectType({
    name: `${n}FilterArg`,
    fields: () => {
      const fs: GraphQLInputFieldConfigMap = {
        _alias: { type: GraphQLJSON },
        _and: { type: new GraphQLList(new GraphQLNonNull(filter)) },
        _not: { type: filter },
        _or: { type: new GraphQLList(new GraphQLNonNull(filter)) },
      };
      if (!c.isEmbedded) fs['_docID'] = { type: operatorBlock(FieldKind.DocID) };
      for (const f of c.fields) {
        if (f.kind === 'relation') fs[f.name] = { type: get(f.target).filter };
        else if (f.scalar === FieldKind.JSON) fs[f.name] = { type: GraphQLJSON };
        else if (isArrayKind(f.scalar)) fs[f.name] = { type: listOperatorBlock(arrayElementKind[f.scalar]!, notNullArrays.has(f.scalar)) };
        else fs[f.name] = { type: operatorBlock(f.scalar) };
      }
      return sortKeys(fs);
    },
  });

  const order: GraphQLInputObjectType = new GraphQLInputObjectType({
    name: `${n}OrderArg`,
    fields: () => {
      const fs: GraphQLInputFieldConfigMap = { _alias: { type: GraphQLJSON } };
      if (!c.isEmbedded) fs['_docID'] = { type: OrderingEnum };
      for (const f of c.fields) {
        if (f.kind === 'relation') { if (!f.isArray) fs[f.name] = { type: get(f.target).order }; }
        else if (!isArrayKind(f.scalar)) fs[f.name] = { type: OrderingEnum };
      }
      return sortKeys(fs);
    },
  });

  // As DefraDB's `<T>Field` enum: every object field before aggregates are added.
  const fieldNames = ['_docID', ...c.fields.map((f) => f.name), '_group', ...(c.isEmbedded ? [] : ['_version', '_deleted'])];
  const field = new GraphQLEnumType({
    name: `${n}Field`,
    values: Object.fromEntries(fieldNames.map((x) => [x, { value: x }])),
  });
  const explicit = c.fields.filter((f) => f.kind === 'scalar' && !f.idOf && !f.name.startsWith('_')).map((f) => f.name);
  const explicitField = explicit.length
    ? new GraphQLEnumType({ name: `${n}ExplicitField`, values: Object.fromEntries(explicit.map((x) => [x, { value: x }])) })
    : undefined;

  const numericNames = scalars.filter((f) => numericKinds.has(f.scalar) || isNumericArray(f.scalar)).map((f) => f.name);
  // Every collection has the `_group` list, so `_count` can always be aggregated (`_sum(_group: {field: _count})`).
  numericNames.push('_count');
  numericNames.push('_avg', '_max', '_min', '_sum');
  const numericFields = new GraphQLEnumType({
    name: `${n}NumericFieldsArg`,
    values: Object.fromEntries(numericNames.map((x) => [x, { value: x }])),
  });
  const countSelector = new GraphQLInputObjectType({
    name: `${n}__CountSelector`,
    fields: () => ({ filter: { type: filter }, limit: { type: GraphQLInt64 }, offset: { type: GraphQLInt64 } }),
  });
  const numericSelector = new GraphQLInputObjectType({
    name: `${n}__NumericSelector`,
    fields: () => ({
      field: { type: new GraphQLNonNull(numericFields) }, filter: { type: filter }, limit: { type: GraphQLInt64 },
      offset: { type: GraphQLInt64 }, order: { type: new GraphQLList(order) },
    }),
  });

  const mutationInput = c.isEmbedded || c.isView ? undefined : new GraphQLInputObjectType({
    name: `${n}MutationInputArg`,
    fields: () => {
      const fs: GraphQLInputFieldConfigMap = {};
      for (const f of c.fields) {
        if (f.name.startsWith('_')) continue;
        if (f.kind === 'relation') { if (f.isPrimary) fs[f.name] = { type: GraphQLID }; continue; }
        if (f.idOf) {
          const rel = c.byName.get(f.idOf);
          if (rel && rel.kind === 'relation' && rel.isPrimary) fs[f.name] = { type: GraphQLID };
          continue;
        }
        fs[f.name] = { type: scalarType(f.scalar) };
      }
      return sortKeys(fs);
    },
  });

  const listArgs = (t: CollectionTypes): GraphQLFieldConfigArgumentMap => ({
    docID: { type: new GraphQLList(new GraphQLNonNull(GraphQLID)) },
    filter: { type: t.filter },
    groupBy: { type: new GraphQLList(new GraphQLNonNull(t.field)) },
    limit: { type: GraphQLInt64 },
    offset: { type: GraphQLInt64 },
    order: { type: new GraphQLList(t.order) },
  });

  const self = (): CollectionTypes => get(n);
  const object: GraphQLObjectType = new GraphQLObjectType({
    name: n,
    fields: () => {
      const fs: GraphQLFieldConfigMap<unknown, unknown> = {};
      for (const f of c.fields) {
        if (f.kind === 'relation') {
          const t = get(f.target);
          fs[f.name] = f.isArray
            ? { type: new GraphQLList(t.object), args: listArgs(t) }
            : { type: t.object, args: { filter: { type: t.filter } } };
        } else fs[f.name] = { type: scalarType(f.scalar) };
      }
      if (!c.isEmbedded) {
        fs['_docID'] = { type: GraphQLID };
        fs['_deleted'] = { type: GraphQLBoolean };
        fs['_version'] = { type: new GraphQLList(CommitType) };
      }
      fs['_group'] = { type: new GraphQLList(object), args: listArgs(self()) };
      const countArgs: GraphQLFieldConfigArgumentMap = { _group: { type: countSelector } };
      const numArgs: GraphQLFieldConfigArgumentMap = { _group: { type: numericSelector } };
      if (!c.isEmbedded) countArgs['_version'] = { type: versionCountSelector(n) };
      for (const f of c.fields) {
        if (f.kind === 'relation' && f.isArray) {
          countArgs[f.name] = { type: get(f.target).countSelector };
          numArgs[f.name] = { type: get(f.target).numericSelector };
        } else if (f.kind === 'scalar' && isArrayKind(f.scalar)) {
          const el = arrayElementKind[f.scalar]!;
          const leaf = leafFilterArg(el, notNullArrays.has(f.scalar));
          countArgs[f.name] = { type: inlineSelector(`${n}__${f.name}__CountSelector`, leaf, undefined) };
          if (numericKinds.has(el)) numArgs[f.name] = { type: inlineSelector(`${n}__${f.name}__NumericSelector`, leaf, OrderingEnum) };
        }
      }
      // `_similarity(<vector field>: {vector: [...]})`: one argument per non-nillable numeric array.
      const simArgs: GraphQLFieldConfigArgumentMap = {};
      for (const f of scalars) {
        if (!similarityKinds.has(f.scalar)) continue;
        simArgs[f.name] = { type: similaritySelector(`${n}__${f.name}__SimilaritySelector`, scalarByKind[arrayElementKind[f.scalar]!]!) };
      }
      fs['_similarity'] = { type: GraphQLFloat, args: sortKeys(simArgs) };
      fs['_count'] = { type: GraphQLInt64, args: sortKeys(countArgs) };
      for (const agg of ['_avg', '_max', '_min', '_sum']) fs[agg] = { type: GraphQLFloat, args: sortKeys(numArgs) };
      return sortKeys(fs);
    },
  });

  return { object, filter, order, field, explicitField, countSelector, numericSelector, mutationInput };
}

function inlineSelector(name: string, leaf: GraphQLInputObjectType, ordering: GraphQLEnumType | undefined): GraphQLInputObjectType {
  return new GraphQLInputObjectType({
    name,
    fields: {
      filter: { type: leaf }, limit: { type: GraphQLInt64 }, offset: { type: GraphQLInt64 },
      ...(ordering ? { order: { type: ordering } } : {}),
    },
  });
}

function similaritySelector(name: string, element: GraphQLInputType): GraphQLInputObjectType {
  return new GraphQLInputObjectType({
    name,
    fields: { vector: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(element))) } },
  });
}

function versionCountSelector(n: string): GraphQLInputObjectType {
  return new GraphQLInputObjectType({
    name: `${n}___version__CountSelector`,
    fields: { limit: { type: GraphQLInt64 }, offset: { type: GraphQLInt64 } },
  });
}
