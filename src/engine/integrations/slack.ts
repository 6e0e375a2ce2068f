import { UserError } from '../../shared/errors';
import { accountBaseUrl } from './httpClient';
import type { IntegrationDefinition } from './types';

/** Slack Web API base URL; an account's `baseUrl` field replaces it, such as in tests. */
export const SLACK_API_URL = 'https://slack.com/api';

/**
 * Slack: the Web API with a bot token (`chat.postMessage`, `conversations.list`) and incoming
 * webhooks. The Web API replies HTTP 200 with `{ "ok": false, "error": "…" }` on failure.
 */
export const slackIntegration: IntegrationDefinition = {
	id: 'slack',
	name: 'Slack',
	icon: 'comment-discussion',
	auth: [
		{
			kind: 'bearer',
			label: 'Bot token',
			fields: [
				{ name: 'token', label: 'Bot token', secret: true, description: 'Starts with xoxb-.' },
				{
					name: 'baseUrl',
					label: 'API base URL',
					optional: true,
					description: `Defaults to ${SLACK_API_URL}.`,
				},
			],
		},
		{
			kind: 'webhook',
			label: 'Incoming webhook',
			fields: [
				{
					name: 'webhookUrl',
					label: 'Webhook URL',
					secret: true,
					description: 'Such as https://hooks.slack.com/services/T…/B…/….',
				},
			],
		},
	],
	http: {
		baseUrl: (account) => accountBaseUrl(account, SLACK_API_URL),
		bodyError: (body) => {
			if (body && typeof body === 'object' && (body as { ok?: unknown }).ok === false) {
				return `Slack error "${String((body as { error?: unknown }).error ?? 'unknown')}"`;
			}
			return undefined;
		},
		// Incoming webhooks explain errors as short plain text, such as "channel_not_found".
		errorDetail: (body) =>
			typeof body === 'string' && body.length > 0 && body.length < 200 ? body : undefined,
	},
	operations: [
		{
			id: 'postMessage',
			name: 'Post Message',
			description:
				'Posts a message to a channel with chat.postMessage and outputs its channel and timestamp.',
			auth: ['bearer'],
			inputs: {
				properties: {
					channel: {
						type: 'string',
						title: 'Channel',
						description: 'Channel id such as C0123456789, or a name such as #releases.',
					},
					text: {
						type: 'string',
						title: 'Text',
						description: 'Message text; with blocks, the fallback shown in notifications.',
					},
					blocks: { type: 'array', title: 'Blocks', description: 'Block Kit blocks.' },
					threadTs: {
						type: 'string',
						title: 'Thread timestamp',
						description: 'Timestamp (ts) of the parent message, to reply in its thread.',
					},
				},
				required: ['channel'],
			},
			sampleOutput: {
				channel: 'C0123456789',
				ts: '1767225600.000100',
				message: { type: 'message', text: 'Released v1.4.2', user: 'U0123456789' },
			},
			defaultParams: { channel: '#general', text: 'Hello from Wireflow' },
			request: (params) => ({
				method: 'POST',
				path: '/chat.postMessage',
				body: {
					channel: params.channel,
					text: params.text,
					blocks: params.blocks,
					thread_ts: params.threadTs,
				},
			}),
			output: ({ body }) => {
				const { channel, ts, message } = body as Record<string, unknown>;
				return { channel, ts, message };
			},
		},
		{
			id: 'listChannels',
			name: 'List Channels',
			description:
				'Lists channels with conversations.list, following its cursor, and outputs them as items.',
			auth: ['bearer'],
			inputs: {
				properties: {
					types: {
						type: 'string',
						title: 'Channel types',
						description:
							'Comma-separated: public_channel, private_channel, mpim, im. Defaults to public_channel.',
					},
					excludeArchived: { type: 'boolean', title: 'Leave out archived channels' },
				},
			},
			sampleOutput: { id: 'C0123456789', name: 'releases', is_private: false, num_members: 42 },
			request: (params) => ({
				method: 'GET',
				path: '/conversations.list',
				query: {
					limit: 200,
					types: params.types,
					exclude_archived: params.excludeArchived === true ? 'true' : undefined,
				},
			}),
			pagination: {
				kind: 'cursor',
				param: 'cursor',
				items: (body) => (body as { channels?: unknown[] }).channels ?? [],
				nextCursor: (body) =>
					(body as { response_metadata?: { next_cursor?: string } }).response_metadata
						?.next_cursor || undefined,
			},
		},
		{
			id: 'sendWebhook',
			name: 'Send to Incoming Webhook',
			description: "Posts a message to the channel of the account's incoming webhook URL.",
			auth: ['webhook'],
			inputs: {
				properties: {
					text: { type: 'string', title: 'Text' },
					blocks: { type: 'array', title: 'Blocks', description: 'Block Kit blocks.' },
				},
				required: ['text'],
			},
			sampleOutput: { ok: true },
			defaultParams: { text: 'Hello from Wireflow' },
			request: (params, account) => ({
				method: 'POST',
				path: account?.fields.webhookUrl ?? '',
				body: { text: params.text, blocks: params.blocks },
			}),
			output: () => ({ ok: true }),
		},
	],
	async test(call) {
		if (call.account?.auth === 'webhook') {
			throw new UserError(
				'account_test_unavailable',
				'An incoming webhook can only be checked by posting a message; run a workflow with a Send to Incoming Webhook node instead.',
			);
		}
		const response = await call.request({ method: 'POST', path: '/auth.test' });
		const { team, user } = response.body as { team?: string; user?: string };
		return `Signed in to the ${team ?? 'unknown'} workspace as ${user ?? 'unknown'}.`;
	},
};
