// File transfers urql cannot do: downloads from /export/... and uploads by the GraphQL multipart
// request specification (https://github.com/jaydenseric/graphql-multipart-request-spec). Both go
// through authorizedFetch, so they use and refresh the session's token as the API client does.
import { CombinedError, stringifyDocument, type Client } from '@urql/core';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { authorizedFetch, GRAPHQL_URL } from './apiClient';

/** The file name of a Content-Disposition header: filename*=UTF-8''… (RFC 5987) first, then filename="…". */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*([\w-]+)'[^']*'([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[2].trim().replace(/^"|"$/g, ''));
    } catch {
      // a malformed escape: try the plain parameter
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  const name = plain ? (plain[2] ?? plain[1]).trim() : '';
  // a name is only a name: never a path
  return name.replace(/^.*[\\/]/, '') || fallback;
}

interface ErrorBody {
  errors?: { message?: string; extensions?: Record<string, unknown> }[];
}

/** An error answer of the server ({"errors": [...]}, as GraphQL and the export endpoints write it) as a CombinedError. */
export async function responseError(response: Response): Promise<CombinedError> {
  let body: ErrorBody | undefined;
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // not JSON: a proxy's error page, say
  }
  const graphQLErrors = (body?.errors ?? []).map((e) => ({ message: e.message ?? '', extensions: e.extensions ?? {} }));
  if (graphQLErrors.length) return new CombinedError({ graphQLErrors, response });
  return new CombinedError({ networkError: new Error(`HTTP ${response.status}`), response });
}

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // give the browser time to start the download before the URL goes away
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Fetches a file with the bearer token and saves it under the server's file name.
 * Resolves null on success, or the error (a CombinedError, for errors.ts) to show.
 */
export async function downloadFile(client: Client, url: string, fallbackName: string): Promise<CombinedError | null> {
  let response: Response;
  try {
    response = await authorizedFetch(client, url);
  } catch (e) {
    return new CombinedError({ networkError: e instanceof Error ? e : new Error(String(e)) });
  }
  if (!response.ok) return responseError(response);
  const blob = await response.blob();
  saveBlob(blob, filenameFromDisposition(response.headers.get('Content-Disposition'), fallbackName));
  return null;
}

/**
 * The multipart body of a GraphQL operation with files: `operations` (the query with each file
 * variable null), `map` (form field → variable path) and the files as fields "0", "1", …
 */
export function multipartBody(
  query: string,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  files: Record<string, File>,
): FormData {
  const vars: Record<string, unknown> = { ...variables };
  const map: Record<string, string[]> = {};
  const entries = Object.entries(files);
  entries.forEach(([name], i) => {
    vars[name] = null;
    map[String(i)] = [`variables.${name}`];
  });
  const form = new FormData();
  form.append('operations', JSON.stringify(operationName ? { query, operationName, variables: vars } : { query, variables: vars }));
  form.append('map', JSON.stringify(map));
  entries.forEach(([, file], i) => form.append(String(i), file, file.name));
  return form;
}

function operationNameOf<T, V>(document: TypedDocumentNode<T, V>): string | undefined {
  for (const def of document.definitions) {
    if (def.kind === 'OperationDefinition') return def.name?.value;
  }
  return undefined;
}

export interface UploadResult<T> {
  data?: T;
  error?: CombinedError;
}

/**
 * Runs a mutation whose variables include files. `files` names the variables that hold them; they
 * are sent as multipart fields, the rest of the variables as JSON.
 */
export async function uploadMutation<T, V>(
  client: Client,
  document: TypedDocumentNode<T, V>,
  variables: Partial<V>,
  files: { [K in keyof V]?: File },
): Promise<UploadResult<T>> {
  const body = multipartBody(
    stringifyDocument(document),
    operationNameOf(document),
    variables as Record<string, unknown>,
    files as Record<string, File>,
  );
  let response: Response;
  try {
    // no Content-Type: the browser sets multipart/form-data with its boundary
    response = await authorizedFetch(client, GRAPHQL_URL, { method: 'POST', body, headers: { Accept: 'application/json' } });
  } catch (e) {
    return { error: new CombinedError({ networkError: e instanceof Error ? e : new Error(String(e)) }) };
  }
  let json: { data?: T | null; errors?: ErrorBody['errors'] };
  try {
    json = (await response.clone().json()) as typeof json;
  } catch {
    return { error: await responseError(response) };
  }
  if (json.errors?.length || !json.data) {
    return { data: json.data ?? undefined, error: await responseError(response) };
  }
  return { data: json.data };
}
