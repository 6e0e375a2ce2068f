import { accountBaseUrl } from './httpClient';
import { expandPath } from './operationActions';
import type { IntegrationDefinition, WebhookRequestData } from './types';

/** GitHub REST API base URL; an account's `baseUrl` replaces it for GitHub Enterprise Server. */
export const GITHUB_API_URL = 'https://api.github.com';

/** REST API version requested with every call. */
export const GITHUB_API_VERSION = '2022-11-28';

const repoInputs = {
	owner: { type: 'string', title: 'Owner', description: 'User or organization, such as octo-org.' },
	repo: { type: 'string', title: 'Repository', description: 'Name without .git, such as app.' },
};

/**
 * GitHub: issues, comments, releases and workflow dispatch through the REST API, and the
 * webhook events GitHub sends. Auth is a personal access token or an app installation token.
 */
export const githubIntegration: IntegrationDefinition = {
	id: 'github',
	name: 'GitHub',
	icon: 'github',
	auth: [
		{
			kind: 'bearer',
			label: 'Access token',
			fields: [
				{ name: 'token', label: 'Token', secret: true, description: 'Fine-grained or classic.' },
				{
					name: 'baseUrl',
					label: 'API base URL',
					optional: true,
					description: `Defaults to ${GITHUB_API_URL}; for GitHub Enterprise Server, https://HOST/api/v3.`,
				},
			],
		},
	],
	http: {
		baseUrl: (account) => accountBaseUrl(account, GITHUB_API_URL),
		headers: { accept: 'application/vnd.github+json', 'x-github-api-version': GITHUB_API_VERSION },
		errorDetail: (body) => {
			if (!body || typeof body !== 'object') {
				return undefined;
			}
			const { message, errors } = body as { message?: unknown; errors?: unknown[] };
			const extra = Array.isArray(errors)
				? errors
						.map(
							(item) =>
								(item as { message?: string; code?: string }).message ??
								(item as { code?: string }).code,
						)
						.filter(Boolean)
				: [];
			return [message, ...extra].filter((part) => typeof part === 'string').join('; ') || undefined;
		},
	},
	operations: [
		{
			id: 'createIssue',
			name: 'Create Issue',
			description: 'Opens an issue and outputs it as GitHub returns it (number, html_url, …).',
			inputs: {
				properties: {
					...repoInputs,
					title: { type: 'string', title: 'Title' },
					body: { type: 'string', title: 'Body', description: 'Markdown.' },
					labels: { type: 'array', items: { type: 'string' }, title: 'Labels' },
					assignees: { type: 'array', items: { type: 'string' }, title: 'Assignees' },
				},
				required: ['owner', 'repo', 'title'],
			},
			sampleOutput: {
				id: 1,
				number: 1347,
				title: 'Found a bug',
				state: 'open',
				html_url: 'https://github.com/octo-org/app/issues/1347',
				user: { login: 'octocat' },
				labels: [{ name: 'bug' }],
			},
			request: (params) => ({
				method: 'POST',
				path: expandPath('/repos/{owner}/{repo}/issues', params),
				body: {
					title: params.title,
					body: params.body,
					labels: params.labels,
					assignees: params.assignees,
				},
			}),
		},
		{
			id: 'commentOnIssue',
			name: 'Comment on Issue',
			description: 'Adds a comment to an issue or pull request and outputs the comment.',
			inputs: {
				properties: {
					...repoInputs,
					issueNumber: { type: 'integer', minimum: 1, title: 'Issue or pull request number' },
					body: { type: 'string', title: 'Comment', description: 'Markdown.' },
				},
				required: ['owner', 'repo', 'issueNumber', 'body'],
			},
			sampleOutput: {
				id: 1,
				body: 'Fixed in v1.4.2.',
				html_url: 'https://github.com/octo-org/app/issues/1347#issuecomment-1',
				user: { login: 'octocat' },
			},
			request: (params) => ({
				method: 'POST',
				path: expandPath('/repos/{owner}/{repo}/issues/{issueNumber}/comments', params),
				body: { body: params.body },
			}),
		},
		{
			id: 'listReleases',
			name: 'List Releases',
			description:
				'Lists the releases of a repository, newest first, following the Link header across pages.',
			inputs: {
				properties: {
					...repoInputs,
					perPage: {
						type: 'integer',
						minimum: 1,
						maximum: 100,
						title: 'Page size',
						description: 'Releases per request, up to 100. Defaults to 30.',
					},
				},
				required: ['owner', 'repo'],
			},
			sampleOutput: {
				id: 1,
				tag_name: 'v1.4.2',
				name: 'v1.4.2',
				draft: false,
				prerelease: false,
				published_at: '2026-01-05T09:00:00Z',
				html_url: 'https://github.com/octo-org/app/releases/tag/v1.4.2',
			},
			request: (params) => ({
				method: 'GET',
				path: expandPath('/repos/{owner}/{repo}/releases', params),
				query: { per_page: params.perPage },
			}),
			pagination: {
				kind: 'linkHeader',
				items: (body) => (Array.isArray(body) ? body : []),
			},
		},
		{
			id: 'createRelease',
			name: 'Create Release',
			description: 'Creates a release for a tag and outputs it as GitHub returns it.',
			inputs: {
				properties: {
					...repoInputs,
					tagName: { type: 'string', title: 'Tag', description: 'Such as v1.4.2.' },
					targetCommitish: {
						type: 'string',
						title: 'Target',
						description: 'Branch or commit SHA the tag is created from when it does not exist.',
					},
					name: { type: 'string', title: 'Release name' },
					body: { type: 'string', title: 'Notes', description: 'Markdown.' },
					draft: { type: 'boolean', title: 'Draft' },
					prerelease: { type: 'boolean', title: 'Pre-release' },
					generateReleaseNotes: { type: 'boolean', title: 'Generate release notes' },
					makeLatest: { enum: ['true', 'false', 'legacy'], title: 'Mark as latest' },
				},
				required: ['owner', 'repo', 'tagName'],
			},
			sampleOutput: {
				id: 1,
				tag_name: 'v1.4.2',
				name: 'v1.4.2',
				draft: false,
				prerelease: false,
				html_url: 'https://github.com/octo-org/app/releases/tag/v1.4.2',
				upload_url: 'https://uploads.github.com/repos/octo-org/app/releases/1/assets{?name,label}',
			},
			request: (params) => ({
				method: 'POST',
				path: expandPath('/repos/{owner}/{repo}/releases', params),
				body: {
					tag_name: params.tagName,
					target_commitish: params.targetCommitish,
					name: params.name,
					body: params.body,
					draft: params.draft,
					prerelease: params.prerelease,
					generate_release_notes: params.generateReleaseNotes,
					make_latest: params.makeLatest,
				},
			}),
		},
		{
			id: 'dispatchWorkflow',
			name: 'Dispatch Workflow',
			description:
				'Starts a GitHub Actions workflow that has a workflow_dispatch trigger, on a branch or tag.',
			inputs: {
				properties: {
					...repoInputs,
					workflow: {
						type: 'string',
						title: 'Workflow',
						description: 'File name such as deploy.yml, or the numeric workflow id.',
					},
					ref: { type: 'string', title: 'Ref', description: 'Branch or tag, such as main.' },
					inputs: {
						type: 'object',
						title: 'Inputs',
						description: 'Values of the inputs the workflow declares.',
					},
				},
				required: ['owner', 'repo', 'workflow', 'ref'],
			},
			sampleOutput: { dispatched: true, workflow: 'deploy.yml', ref: 'main' },
			request: (params) => ({
				method: 'POST',
				path: expandPath('/repos/{owner}/{repo}/actions/workflows/{workflow}/dispatches', params),
				body: { ref: params.ref, inputs: params.inputs },
			}),
			// GitHub replies 204 No Content, so the output repeats what was dispatched.
			output: (_, params) => ({ dispatched: true, workflow: params.workflow, ref: params.ref }),
		},
	],
	async test(call) {
		const response = await call.request({ method: 'GET', path: '/user' });
		const { login } = response.body as { login?: string };
		return `Signed in as ${login ?? 'unknown'}.`;
	},
	webhookSource: {
		id: 'github',
		name: 'GitHub event',
		sampleHeaders: {
			'content-type': 'application/json',
			'user-agent': 'GitHub-Hookshot/0000000',
			'x-github-event': 'release',
			'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
			'x-github-hook-id': '123456789',
		},
		sampleBody: {
			action: 'published',
			release: {
				id: 1,
				tag_name: 'v1.4.2',
				name: 'v1.4.2',
				body: 'Fixes the login timeout.',
				draft: false,
				prerelease: false,
				html_url: 'https://github.com/octo-org/app/releases/tag/v1.4.2',
				published_at: '2026-01-05T09:00:00Z',
				author: { login: 'octocat' },
			},
			repository: {
				id: 1296269,
				name: 'app',
				full_name: 'octo-org/app',
				html_url: 'https://github.com/octo-org/app',
				owner: { login: 'octo-org' },
			},
			sender: { login: 'octocat' },
		},
		shape: (request: WebhookRequestData) => ({
			...request,
			event: request.headers['x-github-event'] ?? null,
			delivery: request.headers['x-github-delivery'] ?? null,
		}),
	},
};
