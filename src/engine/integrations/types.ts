import type { AccountData } from '../../shared/accounts';
import type { JsonSchema } from '../../shared/actions';
import type { Logger } from '../../shared/logger';
import type { JsonObject } from '../../shared/model';

/** A field of an account, as the Add Account form requests it. */
export interface AccountField {
	/** Key in `AccountData.fields` and in the CLI's JSON, such as `token`. */
	name: string;
	label: string;
	/** Secret fields are typed into a password box and never shown again. */
	secret?: boolean;
	/** Optional fields may be left empty. */
	optional?: boolean;
	/** One line shown under the input box, such as the default value. */
	description?: string;
}

/** An authentication kind an integration accepts, and the account fields it needs. */
export interface AuthKind {
	/** Stored as `AccountData.auth`, such as `bearer`. */
	kind: string;
	label: string;
	fields: AccountField[];
}

/** Parameters of one HTTP request an operation sends. */
export interface HttpRequest {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
	/**
	 * Absolute URL, or a path appended to the integration's base URL. `{name}` placeholders
	 * are replaced by the URL-encoded param of that name.
	 */
	path: string;
	query?: Record<string, unknown>;
	headers?: Record<string, string>;
	/** A string is sent as is; anything else as JSON. */
	body?: unknown;
}

/** A response as operations see it; `body` is parsed JSON when the content type is JSON. */
export interface HttpResponse {
	status: number;
	headers: Record<string, string>;
	body: unknown;
	url: string;
}

/** HTTP settings of an integration: base URL, extra headers and query, and error reading. */
export interface HttpProfile {
	/** Returns the base URL of requests for this account, without a trailing slash. */
	baseUrl(account: AccountData | undefined): string;
	/** Headers sent with every request, such as an `Accept` media type. */
	headers?: Record<string, string>;
	/** Query params sent with every request, such as Spot's `accountId`. */
	query?(account: AccountData): Record<string, string | undefined>;
	/**
	 * Returns the service's error text when a response reports a failure in its body, such as
	 * Slack's `{ "ok": false }` with HTTP 200, or undefined when the response succeeded.
	 */
	bodyError?(body: unknown): string | undefined;
	/** Returns the service's own explanation of an error response, such as GitHub's `message`. */
	errorDetail?(body: unknown): string | undefined;
}

/** Pagination through an RFC 8288 `Link` header with `rel="next"`, as GitHub does. */
export interface LinkHeaderPagination {
	kind: 'linkHeader';
	/** Returns the items of one page. */
	items(body: unknown): unknown[];
}

/** Pagination with a cursor read from each body and sent as a query param, as Slack does. */
export interface CursorPagination {
	kind: 'cursor';
	items(body: unknown): unknown[];
	/** Returns the cursor of the next page, or undefined on the last page. */
	nextCursor(body: unknown): string | undefined;
	/** Query param that carries the cursor, such as `cursor`. */
	param: string;
}

export type Pagination = LinkHeaderPagination | CursorPagination;

/** Arguments of an operation's code: params, account, signal and a request function. */
export interface OperationCall {
	params: Record<string, unknown>;
	/** The node's account; undefined only when the integration accepts no authentication. */
	account: AccountData | undefined;
	signal: AbortSignal;
	logger: Logger;
	/** Time limit of each request, in milliseconds. */
	timeoutMs: number;
	/** Sends a request with the integration's base URL, auth, headers, retries and checks. */
	request(request: HttpRequest): Promise<HttpResponse>;
}

/** One thing an integration can do, which becomes the action `<integration>.<operation>`. */
export interface OperationDefinition {
	/** Second part of the action type, such as `postMessage`. */
	id: string;
	/** Title in the palette, such as `Post Message`. */
	name: string;
	description: string;
	/** JSON Schema of the params besides `account`; it drives the configuration form. */
	inputs: { properties: Record<string, JsonSchema>; required?: string[] };
	/** Output shown before a first run. */
	sampleOutput: unknown;
	defaultParams?: JsonObject;
	/** Auth kinds this operation works with; every kind of the integration when unset. */
	auth?: string[];
	/** The request, built from params and account. Unused when the operation has `run`. */
	request?(params: Record<string, unknown>, account: AccountData | undefined): HttpRequest;
	/** Maps the response to the node's output; the response body when unset. */
	output?(response: HttpResponse, params: Record<string, unknown>): unknown;
	/** Set on list operations whose API pages its results. */
	pagination?: Pagination;
	/** Runs the operation by other means than one HTTP request, such as an SDK client. */
	run?(call: OperationCall): Promise<unknown>;
}

/** Trigger data of a webhook run: the request as the webhook server saw it. */
export interface WebhookRequestData {
	method: string;
	path: string;
	headers: Record<string, string>;
	query: Record<string, unknown>;
	body: unknown;
	[key: string]: unknown;
}

/** A service that calls the webhook trigger, chosen by its `source` param. */
export interface WebhookSource {
	/** Value of the `source` param, such as `github`. */
	id: string;
	/** Name in the source picker, such as `GitHub event`. */
	name: string;
	/** Headers of a typical request, for the sample output and runs started by hand. */
	sampleHeaders: Record<string, string>;
	/** Body of a typical request, shown as the trigger node's output before a first request. */
	sampleBody: unknown;
	/** Adds the source's own fields to the trigger output, such as GitHub's event name. */
	shape?(request: WebhookRequestData): WebhookRequestData;
}

/** Checks an account against its service and returns a one-line summary of who it is. */
export type AccountTest = (call: OperationCall) => Promise<string>;

/**
 * An integration with a service: its authentication kinds, account fields and operations.
 * Adding an integration is adding one definition file and one line in `index.ts`.
 */
export interface IntegrationDefinition {
	/** First part of its action types, such as `slack`. */
	id: string;
	name: string;
	/** Codicon name, such as `comment-discussion`. */
	icon: string;
	/** Authentication kinds accepted; `none` allows nodes without an account. */
	auth: AuthKind[];
	/** HTTP settings of the operations; unset when every operation has `run`. */
	http?: HttpProfile;
	operations: OperationDefinition[];
	/** Checks an account, for the Test Account command; unset when there is no safe check. */
	test?: AccountTest;
	/** Set when the service can call the webhook trigger. */
	webhookSource?: WebhookSource;
}
