// The one place that turns API errors into what a person reads. The server sets `extensions.code`
// (and `extensions.field` for BAD_USER_INPUT) on every error it means a user to see, with a message
// written "中文 (English)": the part in the user's language is shown, else the code's localized text.
import type { Locale, MessageKey, Translate } from '../locales';

export const API_ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INTERNAL',
] as const;

/** NETWORK: no usable answer from the server; UNKNOWN: an error without one of our codes. */
export type ApiErrorCode = (typeof API_ERROR_CODES)[number] | 'NETWORK' | 'UNKNOWN';

export interface ApiError {
  code: ApiErrorCode;
  serverMessage?: string;
  /** The input field a BAD_USER_INPUT error is about, as the server names it (e.g. "username"). */
  field?: string;
  /** Set on INTERNAL errors: the id the server logged the failure under, for support to find it. */
  requestId?: string;
}

export interface ErrorText extends ApiError {
  message: string;
}

interface GraphQLErrorLike {
  message?: string;
  extensions?: Record<string, unknown>;
}

/** Structural type of urql's CombinedError, so plain objects work too (tests, thrown errors). */
interface ErrorLike {
  graphQLErrors?: GraphQLErrorLike[];
  networkError?: unknown;
}

function isKnownCode(code: unknown): code is (typeof API_ERROR_CODES)[number] {
  return typeof code === 'string' && (API_ERROR_CODES as readonly string[]).includes(code);
}

/** Extracts the first GraphQL error's code, field and message; never throws. */
export function parseApiError(error: unknown): ApiError {
  if (!error || typeof error !== 'object') return { code: 'UNKNOWN' };
  const { graphQLErrors, networkError } = error as ErrorLike;
  const first = graphQLErrors?.[0];
  if (!first) return { code: networkError ? 'NETWORK' : 'UNKNOWN' };
  const { code, field, requestId } = first.extensions ?? {};
  const parsed: ApiError = { code: isKnownCode(code) ? code : 'UNKNOWN' };
  if (first.message) parsed.serverMessage = first.message;
  if (typeof field === 'string' && field !== '') parsed.field = field;
  if (typeof requestId === 'string' && requestId !== '') parsed.requestId = requestId;
  return parsed;
}

const HAN = /[\u3400-\u9fff]/;
/** The server writes "中文说明 (English text)"; the English part is the last parenthesis at the end. */
const BILINGUAL = /^(.*?)\s*\(([^()]*)\)$/s;

/** The server message in the given locale, or undefined when it has none in that language. */
export function localizedServerMessage(message: string | undefined, locale: Locale): string | undefined {
  if (!message) return undefined;
  const bilingual = BILINGUAL.exec(message);
  if (bilingual && HAN.test(bilingual[1]) && !HAN.test(bilingual[2])) {
    return locale === 'zh-CN' ? bilingual[1] : bilingual[2];
  }
  // A message in one language only fits the Chinese interface when it is Chinese.
  return locale === 'zh-CN' && HAN.test(message) ? message : undefined;
}

export interface DescribeOptions {
  /** Page-specific wording per code when the server gives no message in the user's language. */
  overrides?: Partial<Record<ApiErrorCode, MessageKey>>;
  /** Localized label of a BAD_USER_INPUT field, for "“用户名”填写有误". */
  fieldLabel?: (field: string) => string | undefined;
}

/** Turns any error from the API client into a localized message (and the field it concerns, if any). */
export function describeApiError(error: unknown, locale: Locale, t: Translate, options: DescribeOptions = {}): ErrorText {
  const parsed = parseApiError(error);
  const { code, serverMessage, field } = parsed;
  // Internal errors are scrubbed by the server and network errors have no message meant for people.
  const fromServer =
    code === 'INTERNAL' || code === 'NETWORK' || code === 'UNKNOWN' ? undefined : localizedServerMessage(serverMessage, locale);
  let message: string;
  if (fromServer) {
    message = fromServer;
  } else if (options.overrides?.[code]) {
    message = t(options.overrides[code]!);
  } else if (code === 'BAD_USER_INPUT' && field) {
    message = t('error.BAD_USER_INPUT.field', { field: options.fieldLabel?.(field) ?? field });
  } else {
    message = t(`error.${code}` as MessageKey);
  }
  if (parsed.requestId) message += t('error.requestId', { id: parsed.requestId });
  return { ...parsed, message };
}
