// Types shared by every generated schema: ordering, explain directive, commit objects and the
// operator blocks of each scalar kind.

import {
  DirectiveLocation, GraphQLDirective, GraphQLEnumType, GraphQLInputObjectType, GraphQLList, GraphQLNonNull,
  GraphQLObjectType,
} from 'graphql';
import type { GraphQLInputType, GraphQLFieldConfigMap, GraphQLScalarType } from 'graphql';
import {
  GraphQLBlob, GraphQLBoolean, GraphQLDateTime, GraphQLFloat, GraphQLFloat32, GraphQLFloat64, GraphQLID, GraphQLInt64,
  GraphQLJSON, GraphQLString,
} from './scalars.ts';

export const OrderingEnum = new GraphQLEnumType({
  name: 'Ordering',
  values: { ASC: { value: 'ASC' }, DESC: { value: 'DESC' } },
});

export const ExplainTypeEnum = new GraphQLEnumType({
  name: 'ExplainType',
  values: { simple: { value: 'simple' }, debug: { value: 'debug' }, execute: { value: 'execute' } },
});

export const CRDTTypeEnum = new GraphQLEnumType({
  name: 'CRDTType',
  values: { lww: { value: 'lww' }, pncounter: { value: 'pncounter' }, pcounter: { value: 'pcounter' } },
});

export const ExplainDirective = new GraphQLDirective({
  name: 'explain',
  description: 'Explain the plan of a request instead of executing it.',
  locations: [DirectiveLocation.QUERY, DirectiveLocation.MUTATION],
  args: { type: { type: ExplainTypeEnum } },
});

export const CommitLinkType = new GraphQLObjectType({
  name: 'CommitLink',
  fields: { cid: { type: GraphQLString }, name: { type: GraphQLString } },
});

export const SignatureType = new GraphQLObjectType({
  name: 'Signature',
  fields: { identity: { type: GraphQLString }, type: { type: GraphQLString }, value: { type: GraphQLString } },
});

export const CommitFieldsEnum = new GraphQLEnumType({
  name: 'commitFields',
  values: { cid: { value: 'cid' }, docID: { value: 'docID' }, fieldName: { value: 'fieldName' }, height: { value: 'height' } },
});

export const CommitCountFieldEnum = new GraphQLEnumType({
  name: 'commitCountFieldArg',
  values: { links: { value: 'links' } },
});

export const CommitsOrderArg = new GraphQLInputObjectType({
  name: 'commitsOrderArg',
  fields: { cid: { type: OrderingEnum }, docID: { type: OrderingEnum }, height: { type: OrderingEnum } },
});

export const CommitType: GraphQLObjectType = new GraphQLObjectType({
  name: 'Commit',
  fields: (): GraphQLFieldConfigMap<unknown, unknown> => ({
    _count: { type: GraphQLInt64, args: { field: { type: new GraphQLNonNull(CommitCountFieldEnum) } } },
    _group: { type: new GraphQLList(CommitType) },
    cid: { type: GraphQLString },
    delta: { type: GraphQLString },
    docID: { type: GraphQLString },
    fieldName: { type: GraphQLString },
    height: { type: GraphQLInt64 },
    links: { type: new GraphQLList(CommitLinkType) },
    schemaVersionId: { type: GraphQLString },
    signature: { type: SignatureType },
  }),
});

/** GraphQL scalar per stored kind (element kind for arrays). */
export const scalarByKind: Record<number, GraphQLScalarType> = {
  1: GraphQLID, 2: GraphQLBoolean, 4: GraphQLInt64, 6: GraphQLFloat64, 8: GraphQLFloat32, 10: GraphQLDateTime,
  11: GraphQLString, 13: GraphQLBlob, 14: GraphQLJSON,
};

const blockName: Record<number, string> = {
  1: 'ID', 2: 'Boolean', 4: 'Int', 6: 'Float64', 8: 'Float32', 10: 'DateTime', 11: 'String', 13: 'Blob',
};
const ordered = new Set([4, 6, 8, 10]);
const stringy = new Set([11, 13]);

const blocks = new Map<string, GraphQLInputObjectType>();

/** `<Scalar>OperatorBlock` or `NotNull<Scalar>OperatorBlock` for a scalar element kind. */
export function operatorBlock(kind: number, notNull = false): GraphQLInputObjectType {
  const name = `${notNull ? 'NotNull' : ''}${blockName[kind]}OperatorBlock`;
  let t = blocks.get(name);
  if (t) return t;
  const s = scalarByKind[kind]!;
  const el: GraphQLInputType = notNull ? new GraphQLNonNull(s) : s;
  const fields: Record<string, { type: GraphQLInputType }> = {
    _eq: { type: s }, _in: { type: new GraphQLList(el) }, _ne: { type: s }, _nin: { type: new GraphQLList(el) },
  };
  if (ordered.has(kind)) Object.assign(fields, { _ge: { type: s }, _gt: { type: s }, _le: { type: s }, _lt: { type: s } });
  if (stringy.has(kind)) {
    Object.assign(fields, { _ilike: { type: GraphQLString }, _like: { type: GraphQLString }, _nilike: { type: GraphQLString }, _nlike: { type: GraphQLString } });
  }
  t = new GraphQLInputObjectType({ name, fields: sortKeys(fields) });
  blocks.set(name, t);
  return t;
}

/** `<Scalar>ListOperatorBlock` for scalar arrays: `_any _all _none` over the element block. */
export function listOperatorBlock(elemKind: number, notNull: boolean): GraphQLInputObjectType {
  const name = `${notNull ? 'NotNull' : ''}${blockName[elemKind]}ListOperatorBlock`;
  let t = blocks.get(name);
  if (t) return t;
  const el = operatorBlock(elemKind, notNull);
  t = new GraphQLInputObjectType({ name, fields: { _all: { type: el }, _any: { type: el }, _none: { type: el } } });
  blocks.set(name, t);
  return t;
}

/** `<Scalar>FilterArg` used by inline-array aggregates: `_and`, `_or` plus the operators. */
export function leafFilterArg(elemKind: number, notNull: boolean): GraphQLInputObjectType {
  const name = `${notNull ? 'NotNull' : ''}${blockName[elemKind]}FilterArg`;
  let t = blocks.get(name);
  if (t) return t;
  const ops = operatorBlock(elemKind, notNull).getFields();
  const self: GraphQLInputObjectType = new GraphQLInputObjectType({
    name,
    fields: () => sortKeys({
      _and: { type: new GraphQLList(new GraphQLNonNull(self)) },
      _or: { type: new GraphQLList(new GraphQLNonNull(self)) },
      ...Object.fromEntries(Object.values(ops).map((f) => [f.name, { type: f.type }])),
    }),
  });
  blocks.set(name, self);
  return self;
}

export function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export { GraphQLFloat };
