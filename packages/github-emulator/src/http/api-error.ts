export const DOCS_ROOT = 'https://docs.github.com/rest';

export interface ApiErrorOptions {
  docs?: string;
  /** GitHub's `errors` array on 422 "Validation Failed" */
  errors?: unknown[];
  headers?: Record<string, string>;
  /** some GitHub failures (e.g. a fine-grained ref update blocked by the Workflows gate) send no body */
  emptyBody?: boolean;
}

/** An error GitHub would answer with `{"message","errors"?,"documentation_url","status"}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly options: ApiErrorOptions = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> | null {
    if (this.options.emptyBody) return null;
    const body: Record<string, unknown> = { message: this.message };
    if (this.options.errors) body.errors = this.options.errors;
    body.documentation_url = this.options.docs ?? DOCS_ROOT;
    body.status = String(this.status);
    return body;
  }
}

export function notFound(docs?: string): ApiError {
  return new ApiError(404, 'Not Found', docs === undefined ? {} : { docs });
}

export function validationFailed(docs: string, errors: unknown[]): ApiError {
  return new ApiError(422, 'Validation Failed', { docs, errors });
}

/** GitHub's wording when a required body field is missing. */
export function notSupplied(docs: string, ...fields: string[]): ApiError {
  const list = fields.map((f) => `"${f}"`).join(', ');
  return new ApiError(422, `Invalid request.\n\n${list} ${fields.length === 1 ? "wasn't" : "weren't"} supplied.`, {
    docs,
  });
}
