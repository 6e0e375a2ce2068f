import assert from 'node:assert/strict';
import { actionRegistry, loadWorkflow, runWorkflow } from '../../../../src/engine';
import { sampleOutputOf } from '../../../../src/shared/actions';
import type { Workflow } from '../../../../src/shared/model';

function webhookWorkflow(source: string): Workflow {
	return {
		version: 1,
		name: 'Source test',
		nodes: [{ id: 'hook', type: 'trigger.webhook', params: { path: 'in', source } }],
	};
}

async function triggerOf(source: string, data?: unknown): Promise<Record<string, unknown>> {
	const loaded = loadWorkflow(JSON.stringify(webhookWorkflow(source)));
	assert.ok(loaded.plan, JSON.stringify(loaded.problems));
	const record = await runWorkflow(loaded.plan, {
		trigger: data === undefined ? { kind: 'manual' } : { kind: 'webhook', data },
	});
	return record.trigger.data as Record<string, unknown>;
}

describe('trigger.webhook sources', () => {
	const descriptor = actionRegistry.descriptors().find((item) => item.type === 'trigger.webhook');

	it('offers generic and the integration sources', () => {
		const inputs = descriptor?.inputs as { properties: { source: { enum: string[] } } };

		assert.deepEqual(inputs.properties.source.enum, ['generic', 'github', 'spot', 'awsSns']);
	});

	it('has a sample output per source', () => {
		assert.ok(descriptor);
		const github = sampleOutputOf(descriptor, { source: 'github' }) as Record<string, unknown>;
		const generic = sampleOutputOf(descriptor, {}) as Record<string, unknown>;

		assert.equal(github.event, 'release');
		assert.equal((github.body as { action: string }).action, 'published');
		assert.deepEqual(generic.body, { env: 'prod', version: '1.4.2' });
	});

	it('adds the GitHub event and delivery to the trigger data', async () => {
		const data = await triggerOf('github', {
			method: 'POST',
			path: 'in',
			headers: { 'x-github-event': 'push', 'x-github-delivery': 'd-1' },
			query: {},
			body: { ref: 'refs/heads/main' },
		});

		assert.equal(data.event, 'push');
		assert.equal(data.delivery, 'd-1');
	});

	it('parses the text body and message of an SNS notification', async () => {
		const data = await triggerOf('awsSns', {
			method: 'POST',
			path: 'in',
			headers: { 'x-amz-sns-message-type': 'Notification', 'content-type': 'text/plain' },
			query: {},
			body: JSON.stringify({ Type: 'Notification', Message: '{"version":"2.0"}' }),
		});

		assert.equal(data.messageType, 'Notification');
		assert.deepEqual(data.message, { version: '2.0' });
		assert.equal((data.body as { Type: string }).Type, 'Notification');
	});

	it('gives a SubscriptionConfirmation its SubscribeURL', async () => {
		const data = await triggerOf('awsSns', {
			method: 'POST',
			path: 'in',
			headers: { 'x-amz-sns-message-type': 'SubscriptionConfirmation' },
			query: {},
			body: JSON.stringify({
				Type: 'SubscriptionConfirmation',
				SubscribeURL: 'https://sns.example/?Action=ConfirmSubscription',
				Message: 'You have chosen to subscribe…',
			}),
		});

		assert.equal(data.messageType, 'SubscriptionConfirmation');
		assert.equal(
			(data.body as { SubscribeURL: string }).SubscribeURL,
			'https://sns.example/?Action=ConfirmSubscription',
		);
		assert.equal(data.message, 'You have chosen to subscribe…');
	});

	it('uses the source sample body for a run started by hand', async () => {
		const data = await triggerOf('spot');

		assert.equal((data.body as { event: string }).event, 'AWS_EC2_INSTANCE_LAUNCH');
	});

	it('rejects an unknown source', () => {
		const loaded = loadWorkflow(JSON.stringify(webhookWorkflow('gitlab')));

		assert.equal(loaded.problems[0]?.code, 'invalid_input');
	});
});

describe('integration descriptors', () => {
	it('carry the integration, operation and account param', () => {
		const post = actionRegistry.descriptors().find((item) => item.type === 'slack.postMessage');
		const inputs = post?.inputs as { required: string[]; properties: Record<string, unknown> };

		assert.deepEqual(post?.integration, { id: 'slack', name: 'Slack', icon: 'comment-discussion' });
		assert.equal(post?.operation, 'postMessage');
		assert.equal(post?.category, 'Slack');
		assert.ok(inputs.required.includes('account'));
		assert.ok(inputs.properties.account);
	});

	it('leave the account optional only where auth may be none', () => {
		const request = actionRegistry.descriptors().find((item) => item.type === 'http.request');

		assert.ok(!(request?.inputs as { required: string[] }).required.includes('account'));
	});

	it('leave core actions without integration fields', () => {
		const http = actionRegistry.descriptors().find((item) => item.type === 'core.http');

		assert.equal(http?.integration, undefined);
		assert.equal(http?.operation, undefined);
	});
});
