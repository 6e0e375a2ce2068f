import type { HttpResponse, IntegrationDefinition } from './types';

const baseUrlField = {
	name: 'baseUrl',
	label: 'Base URL',
	optional: true,
	description: 'Prefix of relative paths, such as https://api.example.com/v1.',
};

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] as const;

/** Any HTTP API: a base URL and one of the common auth schemes, kept in the account. */
export const httpIntegration: IntegrationDefinition = {
	id: 'http',
	name: 'HTTP / REST',
	icon: 'globe',
	auth: [
		{ kind: 'none', label: 'No authentication', fields: [baseUrlField] },
		{
			kind: 'basic',
			label: 'Basic auth',
			fields: [
				baseUrlField,
				{ name: 'username', label: 'User name' },
				{ name: 'password', label: 'Password', secret: true },
			],
		},
		{
			kind: 'bearer',
			label: 'Bearer token',
			fields: [baseUrlField, { name: 'token', label: 'Token', secret: true }],
		},
		{
			kind: 'apiKeyHeader',
			label: 'API key in a header',
			fields: [
				baseUrlField,
				{ name: 'headerName', label: 'Header name', description: 'Such as X-API-Key.' },
				{ name: 'apiKey', label: 'API key', secret: true },
			],
		},
		{
			kind: 'apiKeyQuery',
			label: 'API key in the query',
			fields: [
				baseUrlField,
				{ name: 'paramName', label: 'Query parameter name', description: 'Such as api_key.' },
				{ name: 'apiKey', label: 'API key', secret: true },
			],
		},
	],
	http: {
		baseUrl: (account) => account?.fields.baseUrl?.trim() ?? '',
	},
	operations: [
		{
			id: 'request',
			name: 'Request',
			description:
				"Sends a request to the account's API, with its auth, and outputs the status, headers and body of the response. A status outside 200-299 fails the node.",
			inputs: {
				properties: {
					method: { enum: [...methods], title: 'Method' },
					path: {
						type: 'string',
						title: 'Path or URL',
						description: "A path appended to the account's base URL, or an absolute URL.",
					},
					query: { type: 'object', title: 'Query parameters' },
					headers: {
						type: 'object',
						title: 'Headers',
						additionalProperties: { type: 'string' },
					},
					body: { title: 'Body', description: 'A string is sent as is; anything else as JSON.' },
				},
				required: ['path'],
			},
			sampleOutput: {
				status: 200,
				headers: { 'content-type': 'application/json' },
				body: { id: 1, name: 'example' },
			},
			defaultParams: { method: 'GET', path: '/' },
			request: (params) => ({
				method: (typeof params.method === 'string'
					? params.method
					: 'GET') as (typeof methods)[number],
				path: String(params.path ?? ''),
				query: params.query as Record<string, unknown> | undefined,
				headers: stringRecord(params.headers),
				body: params.method === 'GET' || params.method === 'HEAD' ? undefined : params.body,
			}),
			output: ({ status, headers, body }: HttpResponse) => ({ status, headers, body }),
		},
	],
	async test(call) {
		const response = await call.request({ method: 'GET', path: '/' });
		return `The base URL answered HTTP ${response.status}.`;
	},
};

function stringRecord(value: unknown): Record<string, string> | undefined {
	if (!value || typeof value !== 'object') {
		return undefined;
	}
	return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, String(item)]));
}
