// Rewrites the remaining graphql-js validation messages into graphql-go's wording (DefraDB's
// texts), one rule per message shape. Messages with no rule pass through unchanged.

type Rewrite = readonly [RegExp, (m: RegExpExecArray) => string];

const rewrites: readonly Rewrite[] = [
  // KnownArgumentNames
  [/^Unknown argument "([^"]+)" on field "([^".]+)\.([^"]+)"\.(?: Did you mean .*)?$/s,
    (m) => `Unknown argument "${m[1]}" on field "${m[3]}" of type "${m[2]}".`],
  [/^Unknown argument "([^"]+)" on directive "@([^"]+)"\.(?: Did you mean .*)?$/s,
    (m) => `Unknown argument "${m[1]}" on directive "@${m[2]}".`],
  // ScalarLeafs
  [/^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\..*$/s,
    (m) => `Field "${m[1]}" of type "${m[2]}" must have a sub selection.`],
  [/^Field "([^"]+)" must not have a selection since type "([^"]+)" has no subfields\.$/s,
    (m) => `Field "${m[1]}" of type "${m[2]}" must not have a sub selection.`],
  // ProvidedRequiredArguments
  [/^Field "([^"]+)" argument "([^"]+)" of type "([^"]+)" is required, but it was not provided\.$/s,
    (m) => `Field "${m[1]}" argument "${m[2]}" of type "${m[3]}" is required but not provided.`],
  // KnownDirectives
  [/^Directive "@([^"]+)" may not be used on ([A-Z_]+)\.$/s,
    (m) => `Directive "${m[1]}" may not be used on ${m[2]}.`],
  [/^Unknown directive "@([^"]+)"\.$/s, (m) => `Unknown directive "${m[1]}".`],
];

export function goValidationMessage(message: string): string {
  for (const [re, to] of rewrites) {
    const m = re.exec(message);
    if (m) return to(m);
  }
  return message;
}
