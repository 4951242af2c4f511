// graphql-go's ArgumentsOfCorrectType rule (DefraDB validates with graphql-go): one error per
// argument, `Argument "a" has invalid value <printed>.` followed by one line per problem, each
// prefixed with its path (`In field "x": `, `In element #n: `). Replaces graphql-js's
// ValuesOfCorrectTypeRule, whose messages differ.

import {
  getNullableType, GraphQLError, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, Kind,
} from 'graphql';
import type { ASTVisitor, GraphQLInputType, ValidationContext, ValueNode } from 'graphql';
import { printGoArgument, printGoValue } from './go-printer.ts';

export function ArgumentsOfCorrectTypeRule(context: ValidationContext): ASTVisitor {
  return {
    Argument(node) {
      const def = context.getArgument();
      if (!def) return false;
      const messages = literalProblems(def.type, node.value);
      if (messages.length) {
        const tail = messages.map((m) => `\n${m}`).join('');
        context.reportError(new GraphQLError(
          `Argument "${node.name.value}" has invalid value ${printGoArgument(node.value)}.${tail}`, { nodes: node },
        ));
      }
      return false;
    },
  };
}

const isNullLiteral = (v: ValueNode | undefined): boolean => v === undefined || v.kind === Kind.NULL;

/** graphql-go's isValidLiteralValue: the problems of a literal against an input type. */
export function literalProblems(type: GraphQLInputType, value: ValueNode | undefined): string[] {
  if (isNonNullType(type)) {
    if (isNullLiteral(value)) {
      const name = 'name' in type.ofType ? type.ofType.name : '';
      return [name ? `Expected "${name}!", found null.` : 'Expected non-null value, found null.'];
    }
    return literalProblems(type.ofType, value);
  }
  if (isNullLiteral(value) || value!.kind === Kind.VARIABLE) return [];
  const v = value!;
  if (isListType(type)) {
    if (v.kind !== Kind.LIST) return literalProblems(type.ofType, v);
    // graphql-go numbers each element's messages, not the elements: every first problem is "#1".
    return v.values.flatMap((el) => literalProblems(type.ofType, el).map((m, j) => `In element #${j + 1}: ${m}`));
  }
  if (isInputObjectType(type)) {
    if (v.kind !== Kind.OBJECT) return [`Expected "${type.name}", found not an object.`];
    const fields = type.getFields();
    const out: string[] = [];
    const given = new Map<string, ValueNode>();
    for (const f of v.fields) {
      given.set(f.name.value, f.value);
      if (!fields[f.name.value]) out.push(`In field "${f.name.value}": Unknown field.`);
    }
    for (const [name, field] of Object.entries(fields)) {
      for (const m of literalProblems(field.type, given.get(name))) out.push(`In field "${name}": ${m}`);
    }
    return out;
  }
  const named = getNullableType(type);
  if (isScalarType(named) || isEnumType(named)) {
    let parsed: unknown;
    try {
      parsed = named.parseLiteral(v, undefined);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined) return [`Expected type "${named.name}", found ${printGoValue(v)}.`];
  }
  return [];
}
