import assert from 'node:assert/strict';
import { testAccount } from '../../../../src/engine';
import { GITHUB_API_VERSION } from '../../../../src/engine/integrations/github';
import type { AccountData } from '../../../../src/shared/accounts';
import { FakeService, type ReceivedRequest, type Reply, jsonBody, runNode } from './fakeService';

function assertGitHubHeaders(request: ReceivedRequest): void {
	assert.equal(request.headers.authorization, 'Bearer ghp_test');
	assert.equal(request.headers.accept, 'application/vnd.github+json');
	assert.equal(request.headers['x-github-api-version'], GITHUB_API_VERSION);
	assert.ok(request.headers['user-agent'], 'GitHub rejects requests without a User-Agent');
}

describe('github', () => {
	let service: FakeService;
	let github: AccountData;
	const repo = { account: 'gh', owner: 'octo-org', repo: 'app' };

	beforeEach(async () => {
		service = await FakeService.start();
		github = {
			name: 'gh',
			integration: 'github',
			auth: 'bearer',
			fields: { token: 'ghp_test', baseUrl: service.url },
		};
	});

	afterEach(async () => {
		await service.close();
	});

	it('createIssue posts the issue and outputs it', async () => {
		service.reply({ status: 201, body: { number: 42, html_url: 'https://x/42' } });

		const node = await runNode(
			'github.createIssue',
			{ ...repo, title: 'Bug', body: 'Steps', labels: ['bug'] },
			[github],
		);

		assert.equal(node.status, 'succeeded', JSON.stringify(node.error));
		assert.equal(service.last.method, 'POST');
		assert.equal(service.last.path, '/repos/octo-org/app/issues');
		assertGitHubHeaders(service.last);
		assert.deepEqual(jsonBody(service.last), { title: 'Bug', body: 'Steps', labels: ['bug'] });
		assert.deepEqual(node.output, { number: 42, html_url: 'https://x/42' });
	});

	it('commentOnIssue posts to the issue comments', async () => {
		service.reply({ status: 201, body: { id: 9 } });

		await runNode('github.commentOnIssue', { ...repo, issueNumber: 42, body: 'Fixed' }, [github]);

		assert.equal(service.last.path, '/repos/octo-org/app/issues/42/comments');
		assert.deepEqual(jsonBody(service.last), { body: 'Fixed' });
	});

	it('encodes path params', async () => {
		service.reply({ status: 201, body: {} });

		await runNode('github.createIssue', { ...repo, repo: 'a b/c', title: 't' }, [github]);

		assert.equal(service.last.path, '/repos/octo-org/a%20b%2Fc/issues');
	});

	describe('#listReleases', () => {
		it('follows the Link header across pages', async () => {
			service.handleWith((request): Reply => {
				const page = Number(request.query.page ?? '1');
				const next = `<${service.url}/repos/octo-org/app/releases?per_page=2&page=${page + 1}>; rel="next"`;
				return {
					body: [{ id: page * 10 + 1 }, { id: page * 10 + 2 }],
					headers: page < 3 ? { link: next } : undefined,
				};
			});

			const node = await runNode('github.listReleases', { ...repo, perPage: 2 }, [github]);

			assert.equal(node.status, 'succeeded', JSON.stringify(node.error));
			assert.equal(service.requests.length, 3);
			assert.deepEqual(service.requests[0].query, { per_page: '2' });
			assert.deepEqual(service.requests[2].query, { per_page: '2', page: '3' });
			service.requests.forEach(assertGitHubHeaders);
			assert.equal((node.output as { count: number }).count, 6);
		});

		it('stops at the limit', async () => {
			service.handleWith(() => ({
				body: [{ id: 1 }, { id: 2 }],
				headers: { link: `<${service.url}/repos/octo-org/app/releases?page=2>; rel="next"` },
			}));

			const node = await runNode('github.listReleases', { ...repo, limit: 3 }, [github]);

			assert.equal(service.requests.length, 2);
			assert.equal((node.output as { count: number }).count, 3);
		});

		it('refuses a next link to another host', async () => {
			service.reply({
				body: [{ id: 1 }],
				headers: { link: '<http://127.0.0.2:9/steal?page=2>; rel="next"' },
			});

			const node = await runNode('github.listReleases', { ...repo }, [github]);

			assert.equal(node.error?.code, 'integration_invalid_response');
			assert.equal(service.requests.length, 1);
		});
	});

	it('createRelease sends the snake_case fields', async () => {
		service.reply({ status: 201, body: { id: 1, tag_name: 'v1.0.0' } });

		await runNode(
			'github.createRelease',
			{ ...repo, tagName: 'v1.0.0', name: 'One', generateReleaseNotes: true, makeLatest: 'true' },
			[github],
		);

		assert.equal(service.last.path, '/repos/octo-org/app/releases');
		assert.deepEqual(jsonBody(service.last), {
			tag_name: 'v1.0.0',
			name: 'One',
			generate_release_notes: true,
			make_latest: 'true',
		});
	});

	it('dispatchWorkflow posts the ref and inputs and accepts 204', async () => {
		service.reply({ status: 204 });

		const node = await runNode(
			'github.dispatchWorkflow',
			{ ...repo, workflow: 'deploy.yml', ref: 'main', inputs: { env: 'prod' } },
			[github],
		);

		assert.equal(node.status, 'succeeded', JSON.stringify(node.error));
		assert.equal(service.last.path, '/repos/octo-org/app/actions/workflows/deploy.yml/dispatches');
		assert.deepEqual(jsonBody(service.last), { ref: 'main', inputs: { env: 'prod' } });
		assert.deepEqual(node.output, { dispatched: true, workflow: 'deploy.yml', ref: 'main' });
	});

	describe('#errors', () => {
		it('reports Bad credentials on 401', async () => {
			service.reply({ status: 401, body: { message: 'Bad credentials' } });

			const node = await runNode('github.createIssue', { ...repo, title: 't' }, [github]);

			assert.equal(node.error?.code, 'integration_unauthorized');
			assert.match(node.error?.message ?? '', /Bad credentials/);
		});

		it('reports 404 with the request path', async () => {
			service.reply({ status: 404, body: { message: 'Not Found' } });

			const node = await runNode('github.commentOnIssue', { ...repo, issueNumber: 1, body: 'x' }, [
				github,
			]);

			assert.equal(node.error?.code, 'integration_not_found');
			assert.match(node.error?.message ?? '', /POST \/repos\/octo-org\/app\/issues\/1\/comments/);
		});

		it('lists validation errors on 422', async () => {
			service.reply({
				status: 422,
				body: { message: 'Validation Failed', errors: [{ code: 'already_exists' }] },
			});

			const node = await runNode('github.createRelease', { ...repo, tagName: 'v1' }, [github]);

			assert.equal(node.error?.code, 'integration_http_status');
			assert.match(node.error?.message ?? '', /Validation Failed; already_exists/);
		});
	});

	it('testAccount reads the login from GET /user', async () => {
		service.reply({ body: { login: 'octocat' } });

		const summary = await testAccount(github);

		assert.equal(service.last.path, '/user');
		assertGitHubHeaders(service.last);
		assert.match(summary, /octocat/);
	});
});
