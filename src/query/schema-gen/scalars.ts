// DefraDB's scalar types. `Int` is redefined as a 64-bit integer (graphql-js's Int is 32-bit),
// values past 2^53 travel as bigint. DateTime/Blob/JSON/Float32/Float64 are custom scalars.

import { GraphQLBoolean, GraphQLFloat, GraphQLID, GraphQLScalarType, GraphQLString, Kind } from 'graphql';
import type { GraphQLScalarType as ScalarT, ValueNode } from 'graphql';
import { float32Value } from '../../util/index.ts';

const MAX = 2n ** 63n - 1n;
const MIN = -(2n ** 63n);

function toInt(v: unknown): number | bigint {
  if (typeof v === 'bigint') {
    if (v > MAX || v < MIN) throw new TypeError(`Int cannot represent non 64-bit signed integer value: ${v}`);
    return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  }
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return toInt(BigInt(v));
  throw new TypeError(`Int cannot represent non-integer value: ${String(v)}`);
}

export const GraphQLInt64 = new GraphQLScalarType({
  name: 'Int',
  description: 'The `Int` scalar type represents non-fractional signed whole numeric values.',
  serialize: toInt,
  parseValue: (v) => {
    if (typeof v === 'string') throw new TypeError(`Int cannot represent non-integer value: "${v}"`);
    return toInt(v);
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT) throw new TypeError('Int cannot represent non-integer value');
    return toInt(BigInt(ast.value));
  },
});

/** Any JSON value, from variables or from a literal. */
export function literalToJS(ast: ValueNode, vars?: Record<string, unknown> | null): unknown {
  switch (ast.kind) {
    case Kind.INT: { const b = BigInt(ast.value); return Number.isSafeInteger(Number(b)) ? Number(b) : b; }
    case Kind.FLOAT: return Number(ast.value);
    case Kind.STRING: case Kind.ENUM: return ast.value;
    case Kind.BOOLEAN: return ast.value;
    case Kind.NULL: return null;
    case Kind.LIST: return ast.values.map((v) => literalToJS(v, vars));
    case Kind.OBJECT: return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJS(f.value, vars)]));
    case Kind.VARIABLE: return vars?.[ast.name.value];
  }
}

export const GraphQLJSON = new GraphQLScalarType({
  name: 'JSON',
  description: 'The `JSON` scalar type represents a JSON value.',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: (ast, vars) => literalToJS(ast, vars),
});

export const GraphQLDateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'The `DateTime` scalar type represents a DateTime. The DateTime is serialized as an RFC 3339 quoted string',
  serialize: (v) => v,
  parseValue: (v) => {
    if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw new TypeError(`DateTime cannot represent an invalid DateTime-string ${JSON.stringify(v)}`);
    return v;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING || Number.isNaN(Date.parse(ast.value))) throw new TypeError('DateTime cannot represent an invalid DateTime-string');
    return ast.value;
  },
});

const hexRe = /^(0x)?[0-9a-fA-F]*$/;
export const GraphQLBlob = new GraphQLScalarType({
  name: 'Blob',
  description: 'The `Blob` scalar type represents a binary large object.',
  serialize: (v) => v,
  parseValue: (v) => (typeof v === 'string' && hexRe.test(v) ? v : null),
  parseLiteral: (ast) => (ast.kind === Kind.STRING && hexRe.test(ast.value) ? ast.value : null),
});

function floatScalar(name: string, round: (n: number) => number): ScalarT {
  const parse = (v: unknown): number => {
    if (typeof v === 'number' && Number.isFinite(v)) return round(v);
    if (typeof v === 'bigint') return round(Number(v));
    throw new TypeError(`${name} cannot represent non numeric value: ${String(v)}`);
  };
  return new GraphQLScalarType({
    name,
    description: `The \`${name}\` scalar type represents signed double-precision fractional values.`,
    serialize: parse,
    parseValue: parse,
    parseLiteral: (ast) => {
      if (ast.kind !== Kind.FLOAT && ast.kind !== Kind.INT) throw new TypeError(`${name} cannot represent non numeric value`);
      return round(Number(ast.value));
    },
  });
}

export const GraphQLFloat64 = floatScalar('Float64', (n) => n);
export const GraphQLFloat32 = floatScalar('Float32', float32Value);

export { GraphQLBoolean, GraphQLFloat, GraphQLID, GraphQLString };
