// Errors DefraDB raises while planning a request (texts as DefraDB's planner/mapper prints them).

export class RequestError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export const ErrMultipleOrderFields = () =>
  new RequestError('order-multiple-fields', 'each order argument can only define one field');
export const ErrInvalidOrderInput = () => new RequestError('order-invalid-input', 'invalid order input');
export const ErrInvalidOrderDirection = () => new RequestError('order-invalid-direction', 'invalid order direction');
export const ErrFieldOrAliasNotFound = (name: string) =>
  new RequestError('field-or-alias-not-found', `field or alias not found. Name: ${name}`);
export const ErrGroupOutsideGroupBy = () =>
  new RequestError('group-outside-group-by', '_group may only be referenced when within a groupBy request');
export const ErrNonGroupFieldSelected = () =>
  new RequestError('non-group-field', 'cannot select a non-group-by field at group-level');
export const ErrInvalidGroupByField = (name: string) =>
  new RequestError('invalid-group-by-field', `invalid field value to groupBy. Field: ${name}`);
