// The validation rule set DefraDB gets from graphql-go: graphql-js's specified rules, with the
// argument-value rule replaced by graphql-go's and no introspection depth limit (DefraDB's tests
// nest `ofType` deeply).

import { MaxIntrospectionDepthRule, specifiedRules, validate, ValuesOfCorrectTypeRule } from 'graphql';
import type { DocumentNode, GraphQLSchema, ValidationRule } from 'graphql';
import { ArgumentsOfCorrectTypeRule } from './arguments-of-correct-type.ts';
import { goValidationMessage } from './go-messages.ts';

export const goRules: readonly ValidationRule[] = [
  ...specifiedRules.filter((r) => r !== MaxIntrospectionDepthRule && r !== ValuesOfCorrectTypeRule),
  ArgumentsOfCorrectTypeRule,
];

/** Validates a document; returns graphql-go-worded messages (empty when valid). */
export function validateRequest(schema: GraphQLSchema, doc: DocumentNode): string[] {
  return validate(schema, doc, goRules).map((e) => goValidationMessage(e.message));
}
