import { type AccountData, howToAddAccount } from '../../shared/accounts';
import type { JsonSchema } from '../../shared/actions';
import { OperationalError, UserError } from '../../shared/errors';
import type { Logger } from '../../shared/logger';
import { DEFAULT_HTTP_TIMEOUT_MS } from '../actions/http';
import type { ActionContext, ActionDefinition } from '../actions/types';
import { type RequestOrigin, sendRequest } from './httpClient';
import type {
	HttpRequest,
	HttpResponse,
	IntegrationDefinition,
	OperationCall,
	OperationDefinition,
	Pagination,
} from './types';

/** Items a list operation returns when the node sets no `limit`. */
export const DEFAULT_LIST_LIMIT = 100;

/** Pages a list operation fetches at most, whatever its `limit`. */
export const MAX_PAGES = 50;

/** Returns the actions of an integration: one per operation, typed `<integration>.<operation>`. */
export function integrationActions(integration: IntegrationDefinition): ActionDefinition[] {
	return integration.operations.map((operation) => operationAction(integration, operation));
}

function operationAction(
	integration: IntegrationDefinition,
	operation: OperationDefinition,
): ActionDefinition {
	return {
		type: `${integration.id}.${operation.id}`,
		title: `${integration.name}: ${operation.name}`,
		description: operation.description,
		category: integration.name,
		icon: integration.icon,
		inputs: operationInputs(integration, operation),
		outputs: ['out'],
		sampleOutput: operation.pagination
			? { items: [operation.sampleOutput], count: 1 }
			: operation.sampleOutput,
		defaultParams: operation.defaultParams,
		integration: { id: integration.id, name: integration.name, icon: integration.icon },
		operation: operation.id,
		run: async (context) => ({ output: await runOperation(integration, operation, context) }),
	};
}

/** True when nodes of this integration may leave out the account. */
export function acceptsNoAccount(integration: IntegrationDefinition): boolean {
	return integration.auth.some((auth) => auth.kind === 'none');
}

function operationInputs(
	integration: IntegrationDefinition,
	operation: OperationDefinition,
): JsonSchema {
	const properties: Record<string, JsonSchema> = {
		account: {
			type: 'string',
			title: 'Account',
			minLength: 1,
			description: `Name of a ${integration.name} account on this machine, such as "team-${integration.id}". Its secrets stay outside the workflow file.`,
		},
		...operation.inputs.properties,
	};
	if (operation.pagination) {
		properties.limit = {
			type: 'integer',
			minimum: 1,
			title: 'Maximum items',
			description: `Stops fetching pages once this many items are in. Defaults to ${DEFAULT_LIST_LIMIT}.`,
		};
	}
	properties.timeoutMs = {
		type: 'integer',
		minimum: 1,
		title: 'Time limit per request (ms)',
		description: `Defaults to ${DEFAULT_HTTP_TIMEOUT_MS} ms.`,
	};
	const required = [
		...(acceptsNoAccount(integration) ? [] : ['account']),
		...(operation.inputs.required ?? []),
	];
	return { type: 'object', properties, required, additionalProperties: false };
}

async function runOperation(
	integration: IntegrationDefinition,
	operation: OperationDefinition,
	context: ActionContext,
): Promise<unknown> {
	const name = context.params.account;
	const account =
		typeof name === 'string' && name !== '' ? await context.getAccount(name) : undefined;
	checkAccount(integration, operation, account);
	const call = operationCall(integration, operation, {
		params: context.params,
		account,
		signal: context.signal,
		logger: context.logger,
	});
	return invokeOperation(operation, call);
}

/** Runs an operation with a prepared call; used by actions and by the account test. */
export async function invokeOperation(
	operation: OperationDefinition,
	call: OperationCall,
): Promise<unknown> {
	if (operation.run) {
		return operation.run(call);
	}
	if (!operation.request) {
		throw new Error(`operation has neither run nor request: ${operation.id}`);
	}
	const request = operation.request(call.params, call.account);
	if (operation.pagination) {
		return fetchPages(request, operation.pagination, call);
	}
	const response = await call.request(request);
	return operation.output ? operation.output(response, call.params) : response.body;
}

/** Builds what an operation's code gets: params, account, and a request function. */
export function operationCall(
	integration: IntegrationDefinition,
	operation: OperationDefinition,
	base: {
		params: Record<string, unknown>;
		account?: AccountData;
		signal: AbortSignal;
		logger: Logger;
	},
): OperationCall {
	const timeoutMs =
		typeof base.params.timeoutMs === 'number' ? base.params.timeoutMs : DEFAULT_HTTP_TIMEOUT_MS;
	const origin: RequestOrigin = {
		label: `${integration.name} ${operation.name}`,
		profile: integration.http,
		account: base.account,
		signal: base.signal,
		logger: base.logger,
		timeoutMs,
	};
	return {
		params: base.params,
		account: base.account,
		signal: base.signal,
		logger: base.logger,
		timeoutMs,
		request: (request) => sendRequest(request, origin),
	};
}

/**
 * Checks that the account belongs to this integration, uses an auth kind the operation accepts
 * and has every required field. Throws a UserError naming the account and the fix.
 */
export function checkAccount(
	integration: IntegrationDefinition,
	operation: OperationDefinition | undefined,
	account: AccountData | undefined,
): void {
	if (!account) {
		if (!acceptsNoAccount(integration)) {
			throw new UserError(
				'account_missing',
				`${integration.name} needs an account; set the node's "account" param. ${howToAddAccount(`team-${integration.id}`, integration.id)}`,
			);
		}
		return;
	}
	if (account.integration !== integration.id) {
		throw new UserError(
			'account_wrong_integration',
			`Account "${account.name}" is a ${account.integration} account, but this node needs a ${integration.id} account. Pick a ${integration.name} account.`,
		);
	}
	const kind = integration.auth.find((auth) => auth.kind === account.auth);
	const allowed = operation?.auth ?? integration.auth.map((auth) => auth.kind);
	if (!kind || !allowed.includes(account.auth)) {
		throw new UserError(
			'account_wrong_auth',
			`Account "${account.name}" uses the auth kind "${account.auth}", but ${integration.name} ${operation?.name ?? ''} accepts ${allowed.map((item) => `"${item}"`).join(', ')}. Use an account of one of these kinds.`,
		);
	}
	const missing = kind.fields.filter(
		(field) => !field.optional && (account.fields[field.name] ?? '') === '',
	);
	if (missing.length > 0) {
		throw new UserError(
			'account_invalid',
			`Account "${account.name}" has no ${missing.map((field) => `"${field.name}"`).join(', ')}. Edit the account and fill in ${missing.map((field) => field.label).join(', ')}.`,
		);
	}
}

/**
 * Fills the `{name}` placeholders of a path template with URL-encoded params, such as
 * `/repos/{owner}/{repo}/issues`. Throws a UserError naming a param that is missing.
 */
export function expandPath(template: string, params: Record<string, unknown>): string {
	return template.replace(/\{(\w+)\}/g, (_, name: string) => {
		const value = params[name];
		if (value === undefined || value === null || value === '') {
			throw new UserError(
				'missing_input',
				`The param "${name}" is empty, and the request path ${template} needs it. Set it on the node.`,
			);
		}
		return encodeURIComponent(String(value));
	});
}

async function fetchPages(
	first: HttpRequest,
	pagination: Pagination,
	call: OperationCall,
): Promise<{ items: unknown[]; count: number }> {
	const limit = typeof call.params.limit === 'number' ? call.params.limit : DEFAULT_LIST_LIMIT;
	const items: unknown[] = [];
	let request: HttpRequest | undefined = first;
	let firstUrl: URL | undefined;
	for (let page = 1; request && page <= MAX_PAGES && items.length < limit; page++) {
		const response: HttpResponse = await call.request(request);
		firstUrl ??= new URL(response.url);
		items.push(...pagination.items(response.body));
		request = nextPage(pagination, request, response, firstUrl);
	}
	const kept = items.slice(0, limit);
	return { items: kept, count: kept.length };
}

function nextPage(
	pagination: Pagination,
	current: HttpRequest,
	response: HttpResponse,
	firstUrl: URL,
): HttpRequest | undefined {
	if (pagination.kind === 'cursor') {
		const cursor = pagination.nextCursor(response.body);
		return cursor
			? { ...current, query: { ...current.query, [pagination.param]: cursor } }
			: undefined;
	}
	const next = nextLink(response.headers.link);
	if (!next) {
		return undefined;
	}
	const url = new URL(next, firstUrl);
	// The account's token goes with every page, so a link to another host is never followed.
	if (url.origin !== firstUrl.origin) {
		throw new OperationalError(
			'integration_invalid_response',
			`The next page link points to ${url.origin}, not ${firstUrl.origin}; it was not followed, so the account's token stays with ${firstUrl.host}.`,
		);
	}
	return { method: current.method, path: url.href, headers: current.headers };
}

/** Returns the target of the `rel="next"` entry of an RFC 8288 `Link` header. */
export function nextLink(header: string | undefined): string | undefined {
	if (!header) {
		return undefined;
	}
	for (const part of header.split(',')) {
		const match = /^<([^>]*)>(.*)$/.exec(part.trim());
		const rel = match && /;\s*rel\s*=\s*"?([^";]*)"?/i.exec(match[2]);
		if (match && rel && rel[1].toLowerCase().split(/\s+/).includes('next')) {
			return match[1];
		}
	}
	return undefined;
}
